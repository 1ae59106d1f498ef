import type { Nodes } from 'mdast';
import { isParent, parseMarkdown, walk } from '../runbook/markdown-tree';

/*
 * The blameless check (the guide's mistake #2: post-mortems become blame sessions). It reads a
 * post-mortem section's markdown and points at phrasing that puts a person where a cause should be,
 * with a rewrite in systems terms. It advises and never blocks, so it leans towards missing a
 * borderline phrase rather than nagging about a sound one: every rule below names the context that
 * makes it blame (a person as subject, a past participle after "should have", no negation).
 * The server and the browser call the same function, so the editor's hints and any stored review
 * agree.
 */

export type BlameFinding = {
  /** 0-based offsets into the text, end exclusive, of the phrase that reads as blame. */
  start: number;
  end: number;
  /** The phrase as written. */
  phrase: string;
  kind: 'fault-of-person' | 'should-have' | 'character' | 'human-error' | 'person-as-cause' | 'why-didnt';
  /** Why it reads as blame, one sentence. */
  why: string;
  /** A rewrite in systems terms ("What made the change possible without a review?"), one sentence. */
  suggestion: string;
};

type Kind = BlameFinding['kind'];

/** What a rule knows when it decides whether a match reads as blame. */
type Context = {
  text: string;
  match: RegExpExecArray;
  people: PeopleMatcher;
};

type Rule = {
  kind: Kind;
  pattern: RegExp;
  /** Whether the match reads as blame; a number accepts a shorter phrase ending there. */
  accept?: (context: Context) => boolean | number;
  why: string;
  suggestion: string;
};

/* Between two words of a phrase: spaces, at most one line break (a blank line ends a paragraph), and
 * markdown emphasis marks, so "it was **Bob's** fault" still reads as one phrase. */
const GAP = String.raw`[*_~]*(?=[ \t\u00a0\r\n])[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)?[*_~]*`;
/* Straight, curly and modifier apostrophes: people type whichever their keyboard gives them. */
const APOS = `['\u2019\u02bc\u2018]`;
/* JavaScript's \b only knows ASCII; these know every script, so "carelessness" is one word and
 * "scareless" is not "careless". */
const START = String.raw`(?<![\p{L}\p{N}_])`;
const END = String.raw`(?![\p{L}\p{N}_])`;
const WORD = String.raw`[\p{L}\p{N}][\p{L}\p{N}${APOS.slice(1, -1)}-]*`;
const NOT_CONTRACTION = String.raw`(?:n${APOS}t|${GAP}not)`;
const HAVE = String.raw`(?:${GAP}have|${APOS}ve)`;

// `d` for group offsets: a phrase that ends with its subject may end before the subject's second word.
/* What maskNonProse writes over code; no pattern accepts it, so no phrase runs through code. */
const MASK = '\u0000';

const rx = (source: string) => new RegExp(source, 'dgiu');

/** Words that start a sentence or stand for a thing, never a person's name, even capitalised. */
const NOT_NAMES = new Set(
  [
    'it', 'its', 'this', 'that', 'these', 'those', 'there', 'here', 'what', 'who', 'whom', 'whose', 'which', 'when',
    'where', 'why', 'how', 'the', 'a', 'an', 'and', 'or', 'but', 'so', 'if', 'then', 'because', 'since', 'after',
    'before', 'nobody', 'no', 'none', 'everyone', 'everybody', 'anyone', 'anybody', 'one', 'each', 'all', 'nothing',
    'something', 'everything', 'today', 'yesterday', 'tonight', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
    'saturday', 'sunday', 'i', 'we', 'you', 'they', 'he', 'she', 'our', 'their', 'his', 'her', 'my', 'your', 'not',
    'was', 'is', 'be', 'of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'as', 'also', 'only', 'just', 'still',
  ],
);

/** Roles that stand for a person: "the on-call engineer caused…" blames as surely as a name. */
const ROLE = String.raw`(?:the|our|an?|one|that|this)${GAP}(?:new${GAP})?(?:on-?call(?:${GAP}engineer)?|engineer|developer|dev|operator|sre|admin(?:istrator)?|intern|reviewer|hire|contractor|responder|lead|manager|guy|person)`;
const ROLE_RE = new RegExp(`^${ROLE}$`, 'iu');
const PERSON_PRONOUNS = new Set(['he', 'she', 'someone', 'somebody', 'they']);
const QUESTION_PRONOUNS = new Set(['he', 'she', 'you', 'they', 'anyone', 'anybody', 'someone', 'somebody', 'nobody']);
const POSSESSIVE_PRONOUNS = new Set(['his', 'her', 'their', 'my', 'your', 'our', 'whose', 'someone', 'somebody']);
const OBJECT_PRONOUNS = new Set(['him', 'her', 'them', 'me', 'us', 'you', 'someone', 'somebody']);

/* Things that may be the subject of "should have fired" without anyone being blamed: the alert
 * should have fired is a finding about the alert. */
const SYSTEM_WORDS = new Set(
  [
    'alert', 'alerts', 'alarm', 'alarms', 'alerting', 'monitor', 'monitors', 'monitoring', 'check', 'checks', 'test', 'tests',
    'suite', 'canary', 'canaries', 'pipeline', 'ci', 'job', 'jobs', 'cron', 'script', 'system', 'systems', 'service',
    'services', 'pool', 'dashboard', 'rule', 'rules', 'threshold', 'probe', 'failover', 'balancer', 'deploy', 'deployment',
    'build', 'cluster', 'replica', 'database', 'db', 'linter', 'lint', 'pager', 'page', 'runbook', 'tool', 'tooling',
    'automation', 'bot', 'healthcheck', 'health-check', 'autoscaler', 'limit', 'timeout', 'config', 'configuration',
    'process', 'policy', 'escalation', 'gate', 'guard', 'validation', 'validator', 'review', 'query', 'migration', 'code',
    'server', 'host', 'node', 'queue', 'worker', 'cache', 'proxy', 'api', 'app', 'application', 'it',
  ],
);

/* Verb forms after "should have" that are past participles although they do not end in -ed/-en. */
const IRREGULAR_PARTICIPLES = new Set(
  [
    'done', 'gone', 'run', 'begun', 'read', 'set', 'put', 'hit', 'let', 'cut', 'met', 'kept', 'left', 'felt', 'told',
    'sold', 'held', 'built', 'sent', 'spent', 'made', 'paid', 'said', 'got', 'stood', 'understood', 'caught', 'thought',
    'taught', 'bought', 'brought', 'sought', 'fought', 'found', 'heard', 'lost', 'meant', 'slept', 'won', 'shut', 'spun',
    'rung', 'stuck', 'struck', 'dug', 'hung', 'led', 'sped', 'double-checked', 'rolled',
  ],
);
/* Words ending like a participle that are not one, so "we should have seven replicas" and "we should
 * have a green dashboard" stay forward-looking. */
const NOT_PARTICIPLES = new Set(
  [
    'then', 'when', 'even', 'often', 'open', 'seven', 'eleven', 'ten', 'men', 'women', 'screen', 'screens', 'green', 'token',
    'tokens', 'garden', 'kitchen', 'children', 'chicken', 'red', 'bed', 'need', 'needed', 'feed', 'speed', 'seed', 'shed',
    'weed', 'hundred', 'sacred', 'kindred', 'own', 'town', 'down', 'brown', 'crown', 'gown', 'clown', 'dozen', 'citizen',
    'oxygen', 'linen', 'oven', 'siren', 'burden', 'golden', 'wooden', 'heaven', 'eleven', 'kitten', 'mitten', 'omen',
    'specimen', 'regimen', 'pollen', 'queen', 'seen-to', 'dedicated', 'automated', 'detailed', 'advanced', 'limited',
    'unlimited', 'integrated', 'distributed', 'managed', 'shared', 'dashboard', 'canned', 'tiered', 'layered',
  ],
);

function isParticiple(word: string): boolean {
  const w = word.toLowerCase();
  if (NOT_PARTICIPLES.has(w)) return false;
  return IRREGULAR_PARTICIPLES.has(w) || /(?:ed|en|wn)$/u.test(w);
}

type PeopleMatcher = {
  /** The whole string is one of the caller's people (case-insensitive). */
  isKnown(words: string): boolean;
};

function peopleMatcher(people: readonly string[] | undefined): PeopleMatcher {
  const known = new Set<string>();
  for (const name of people ?? []) {
    const squashed = name.trim().replace(/\s+/gu, ' ').toLowerCase();
    if (squashed.length >= 2) known.add(squashed);
  }
  return { isKnown: (words) => known.has(normaliseWords(words).toLowerCase()) };
}

/** Drops emphasis marks and folds whitespace and apostrophes, so a subject compares as plain words. */
function normaliseWords(words: string): string {
  return words.replace(/[*_~]/gu, '').replace(/\s+/gu, ' ').replace(/[\u2019\u02bc\u2018]/gu, "'").trim();
}

/** A capitalised name as written: "Bob", "Bob Smith", "Zoë" — each word an upper-case letter then lower-case ones. */
function isCapitalisedName(words: string): boolean {
  const parts = normaliseWords(words).split(' ');
  if (parts.length === 0 || parts.length > 3) return false;
  if (NOT_NAMES.has(parts[0]!.toLowerCase())) return false;
  return parts.every((part) => /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u.test(part));
}

function lower(words: string): string {
  return normaliseWords(words).toLowerCase();
}

/** A person by the caller's list, a personal pronoun or a role ("the on-call engineer"). */
function isPersonSubject(words: string, people: PeopleMatcher): boolean {
  return people.isKnown(words) || PERSON_PRONOUNS.has(lower(words)) || ROLE_RE.test(normaliseWords(words));
}

/* A clause ends at punctuation, a line break or masked code (NUL, see maskNonProse). */
const CLAUSE_END = new RegExp(String.raw`[.!?;:\n${MASK}]`, 'u');

/** The last few words before `at` in the same clause, lower-cased. */
function wordsBefore(text: string, at: number, count: number): string[] {
  const head = text.slice(Math.max(0, at - 80), at);
  const clause = head.split(CLAUSE_END).pop() ?? '';
  const words = clause.toLowerCase().match(new RegExp(WORD, 'gu')) ?? [];
  return words.slice(-count).map((w) => w.replace(/[\u2019\u02bc\u2018]/gu, "'"));
}

const NEGATIONS = new Set([
  'not', 'no', 'never', 'nobody', 'without', "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "won't",
  "can't", 'cannot', 'nor', 'avoid', 'avoids', 'avoiding', 'stop', 'beyond', 'instead', 'rather', 'free', 'neither',
]);

/**
 * Whether the phrase is quoted as what not to do: "human error is not a root cause", "we never stop
 * at human error", "no blame". Such a sentence states the principle; flagging it would only teach
 * people to ignore the check.
 */
function negated(text: string, start: number, end: number): boolean {
  if (wordsBefore(text, start, 3).some((w) => NEGATIONS.has(w))) return true;
  const after = text.slice(end, end + 40);
  return new RegExp(String.raw`^[*_~"'\u201d\u2019\s]*(?:is|was|are|were|${APOS}s)?${GAP}(?:n${APOS}t|not|never)${END}`, 'iu').test(after)
    || new RegExp(String.raw`^[*_~"'\u201d\u2019]*(?:isn|wasn|aren|weren)${APOS}t${END}`, 'iu').test(after.trimStart());
}

/* Words before "human error" that make the sentence about designing for it, not blaming it. */
const SYSTEMS_VIEW = new Set([
  'assume', 'assumes', 'assuming', 'expect', 'expects', 'expecting', 'tolerate', 'tolerates', 'tolerating', 'against',
  'prevent', 'prevents', 'preventing', 'reduce', 'reduces', 'reducing', 'absorb', 'absorbs', 'catch', 'catches', 'forgive',
  'forgives', 'forgiving', 'survive', 'survives', 'designed', 'design', 'despite',
]);

const FAULT_WORDS = String.raw`(?:fault|mistake|blunder|screw-?up|mess-?up)`;
/* "Kafka's fault tolerance" is about a property of Kafka, not about blaming it. */
const NOT_FAULT_COMPOUND = String.raw`(?!-|${GAP}(?:toleran|injection|domain|isolation|detection|line|zone|tree|code|handling|model|mode|path|state|condition|report))`;

const WHY_FAULT = 'Saying whose fault it was puts a person where the cause should be, and the next person will hide their part instead of explaining it.';
const SUGGEST_FAULT = 'Name what in the system let it happen: "What made the change possible without a review or a check?"';
const WHY_SHOULD = 'Hindsight judges a past decision with knowledge nobody had at the time, and it hides why the choice looked right then.';
const SUGGEST_SHOULD = 'Ask what would have surfaced the problem at the time: "Which signal, check or test was missing that would have shown this before it reached production?"';
const WHY_CHARACTER = "Describing someone's character explains nothing about the system and teaches people to keep quiet next time.";
const SUGGEST_CHARACTER = 'Describe the conditions instead: "What made this step easy to get wrong — time pressure, missing automation or an unclear runbook?"';
const WHY_HUMAN_ERROR = '"Human error" ends the investigation where it should start: it names no condition anyone can change.';
const SUGGEST_HUMAN_ERROR = 'Ask what made the error possible and why it was not caught: "What let a mistyped value reach production without validation or a confirmation step?"';
const WHY_CAUSE = 'It names a person as the cause, when the system allowed one action to do this much harm.';
const SUGGEST_CAUSE = 'Name the change and what let it through: "What made the change possible without a review, a canary or a quick rollback?"';
const WHY_LAPSE = 'It makes a lapse of memory or attention the cause, when the process relied on nobody ever lapsing.';
const SUGGEST_LAPSE = 'Name what depended on someone remembering: "Which step relied on memory, and can a checklist, a default or automation make it unnecessary?"';
const WHY_QUESTION = 'Asking why a person did not act puts them on trial instead of looking at what they could see and do at the time.';
const SUGGEST_QUESTION = 'Ask what the system showed at the time: "Which alert, dashboard or runbook step was missing, late or misleading when the decision was made?"';

const group = (context: Context, name: string) => context.match.groups?.[name] ?? '';

/**
 * For a phrase that ends with its subject ("fault of Bob", "why didn't Bob"): the subject as
 * matched may have taken the next word too ("why didn't Bob check"), so a one-word subject is
 * tried as well, and the phrase then ends after it.
 */
function endingSubject(context: Context, name: string, isPerson: (words: string) => boolean): boolean | number {
  const who = group(context, name);
  if (isPerson(who)) return true;
  const first = new RegExp(`^${WORD}`, 'u').exec(who)?.[0];
  const at = context.match.indices?.groups?.[name]?.[0];
  if (first === undefined || first === who || at === undefined || !isPerson(first)) return false;
  return at + first.length;
}

/** The subject of a "should have" or "if only" is a system, or "a check that should have…". */
function systemSubject(context: Context, subject?: string): boolean {
  if (subject !== undefined) {
    const last = lower(subject).split(' ').pop() ?? '';
    return SYSTEM_WORDS.has(last);
  }
  const before = wordsBefore(context.text, context.match.index, 2);
  const previous = before[before.length - 1];
  if (previous === undefined) return false;
  if ((previous === 'that' || previous === 'which') && before.length === 2) return SYSTEM_WORDS.has(before[0]!);
  return SYSTEM_WORDS.has(previous);
}

const RULES: readonly Rule[] = [
  // "Bob's fault", "Bob Smith’s fault", "his fault", "the intern's mistake".
  {
    kind: 'fault-of-person',
    pattern: rx(String.raw`${START}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD}){0,2})${APOS}s?${GAP}${FAULT_WORDS}${END}${NOT_FAULT_COMPOUND}`),
    accept: (c) => {
      const who = group(c, 'who');
      const plain = lower(who).replace(/'s?$/u, '');
      if (POSSESSIVE_PRONOUNS.has(plain)) return true;
      return c.people.isKnown(who) || isCapitalisedName(who) || ROLE_RE.test(normaliseWords(who));
    },
    why: WHY_FAULT,
    suggestion: SUGGEST_FAULT,
  },
  // Pronoun possessives have no apostrophe: "it was his fault", "whose fault was it".
  {
    kind: 'fault-of-person',
    pattern: rx(String.raw`${START}(?<who>his|her|their|my|your|our|whose)${GAP}${FAULT_WORDS}${END}${NOT_FAULT_COMPOUND}`),
    why: WHY_FAULT,
    suggestion: SUGGEST_FAULT,
  },
  // "the fault of Bob", "fault of the on-call engineer" — not "the fault of the load balancer".
  {
    kind: 'fault-of-person',
    pattern: rx(String.raw`${START}fault${GAP}of${GAP}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD})?)${END}`),
    accept: (c) =>
      endingSubject(c, 'who', (who) => c.people.isKnown(who) || isCapitalisedName(who) || OBJECT_PRONOUNS.has(lower(who)) || ROLE_RE.test(normaliseWords(who))),
    why: WHY_FAULT,
    suggestion: SUGGEST_FAULT,
  },
  // "Bob was at fault", "who is at fault".
  {
    kind: 'fault-of-person',
    pattern: rx(String.raw`${START}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD})?)(?:${GAP}(?:was|is|were|are)|${APOS}s)${GAP}at${GAP}fault${END}`),
    accept: (c) => {
      const who = group(c, 'who');
      return isPersonSubject(who, c.people) || isCapitalisedName(who) || lower(who) === 'who';
    },
    why: WHY_FAULT,
    suggestion: SUGGEST_FAULT,
  },
  // "that's on Bob", "this one is on the intern".
  {
    kind: 'fault-of-person',
    pattern: rx(String.raw`${START}(?:that|this|it)(?:${GAP}one)?(?:${APOS}s|${GAP}(?:is|was))${GAP}(?:all${GAP})?on${GAP}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD})?)${END}`),
    accept: (c) => endingSubject(c, 'who', (who) => c.people.isKnown(who) || OBJECT_PRONOUNS.has(lower(who)) || ROLE_RE.test(normaliseWords(who))),
    why: WHY_FAULT,
    suggestion: SUGGEST_FAULT,
  },
  // "blame", "blamed", "to blame" — not "blameless", "blame-free", "git blame", "no blame".
  {
    kind: 'fault-of-person',
    pattern: rx(String.raw`${START}blam(?:e|ed|es|ing)${END}(?!-)`),
    accept: (c) => {
      const start = c.match.index;
      const before = wordsBefore(c.text, start, 1);
      if (before[0] === 'git') return false;
      return !negated(c.text, start, start + c.match[0].length);
    },
    why: 'Looking for someone to blame ends the investigation at a person instead of at the conditions that made the failure possible.',
    suggestion: 'Ask which condition, tool or process gap made the failure possible, and write that down instead.',
  },
  // "should have known/caught/checked", "shouldn't have deployed", "ought to have tested",
  // "should have been caught" — not "we should add monitoring" or "we should have a runbook".
  {
    kind: 'should-have',
    pattern: rx(String.raw`${START}(?:should|ought${GAP}to)${NOT_CONTRACTION}?${HAVE}(?:${GAP}been)?${GAP}(?<verb>${WORD})${END}`),
    accept: (c) => isParticiple(group(c, 'verb')) && !systemSubject(c),
    why: WHY_SHOULD,
    suggestion: SUGGEST_SHOULD,
  },
  // "could have prevented", "could've caught" — not "a canary could have caught this" (a lesson about a system).
  {
    kind: 'should-have',
    pattern: rx(String.raw`${START}could${NOT_CONTRACTION}?${HAVE}(?:${GAP}(?:easily|so|been))?${GAP}(?:prevented|avoided|caught|stopped|spotted|noticed|known|seen${GAP}(?:this|it|that)${GAP}coming)${END}`),
    accept: (c) => !systemSubject(c),
    why: WHY_SHOULD,
    suggestion: SUGGEST_SHOULD,
  },
  // "if only Bob had", "if only we had" — not "if only the alert had fired" (a finding about the alert).
  {
    kind: 'should-have',
    pattern: rx(String.raw`${START}if${GAP}only${GAP}(?<who>(?:(?:the|our|an?)${GAP})?${WORD}(?:${GAP}${WORD})?)(?:${GAP}had|${APOS}d)${END}`),
    accept: (c) => !systemSubject(c, group(c, 'who')),
    why: WHY_SHOULD,
    suggestion: SUGGEST_SHOULD,
  },
  // Character words — not "lazy loading", "lazy-loaded", "lazily".
  {
    kind: 'character',
    pattern: rx(String.raw`${START}(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppi(?:ly|ness)|lazy|laziness|incompeten(?:t|tly|ce|cy)|reckless(?:ly|ness)?|irresponsib(?:le|ly|ility)|stupid(?:ly|ity)?|idiot(?:s|ic)?|clueless|inattentive|inattention|rookie${GAP}mistakes?|asleep${GAP}at${GAP}the${GAP}wheel|not${GAP}paying${GAP}attention)${END}(?!-)`),
    accept: (c) => {
      if (!/^lazy$/iu.test(c.match[0])) return true;
      const after = c.text.slice(c.match.index + c.match[0].length, c.match.index + c.match[0].length + 24);
      return !/^[-\s]+(?:load|init|evaluat|import|fetch|compil|render|mount|component|route|list|propert|val|seq|stream|chunk|loaded)/iu.test(after);
    },
    why: WHY_CHARACTER,
    suggestion: SUGGEST_CHARACTER,
  },
  // "didn't bother (to check)", "couldn't be bothered" — not "the noise didn't bother anyone".
  {
    kind: 'character',
    pattern: rx(String.raw`${START}(?:(?:didn${APOS}t|did${GAP}not|never)${GAP}bother(?:ed)?|(?:couldn${APOS}t|could${GAP}not|can${APOS}t|cannot)${GAP}be${GAP}bothered)${END}(?!${GAP}(?:anyone|anybody|us|me|him|her|them|the|our|customers|users|people)${END})`),
    why: WHY_CHARACTER,
    suggestion: SUGGEST_CHARACTER,
  },
  // "human error", "operator error", "pilot error", "user error" (about the team), "fat-fingered".
  {
    kind: 'human-error',
    pattern: rx(String.raw`${START}(?:(?<who>human|operator|user|pilot|engineer|engineering|people)${GAP}(?:error|mistake|failure)(?<plural>s)?|fat[- ]?finger(?:ed|ing|s)?|pebkac|pebcak|pebcac|id10t|layer${GAP}8${GAP}(?:issue|problem|error))${END}`),
    accept: (c) => {
      const start = c.match.index;
      const end = start + c.match[0].length;
      if (negated(c.text, start, end)) return false;
      // "design for human error", "guard against operator error": the sentence is about the system.
      if (wordsBefore(c.text, start, 3).some((w) => SYSTEMS_VIEW.has(w))) return false;
      const after = c.text.slice(end, end + 30);
      if (new RegExp(String.raw`^${GAP}(?:will${GAP}happen|happens|is${GAP}(?:inevitable|expected|normal|a${GAP}symptom|a${GAP}starting${GAP}point))${END}`, 'iu').test(after)) return false;
      // "the user error rate", "operator-error codes": the phrase is a metric or message type.
      if (new RegExp(String.raw`^(?:-|${GAP})(?:rates?|messages?|responses?|codes?|pages?|dialogs?|counts?|budgets?|toasts?|banners?|logs?|handling|states?|types?|class(?:es)?)${END}`, 'iu').test(after)) return false;
      if (lower(group(c, 'who')) === 'user') {
        // "user errors" are what a product returns to its users; "returned a user error" is the API's answer.
        if (group(c, 'plural') !== '') return false;
        const before = wordsBefore(c.text, start, 4);
        if (before.some((w) => /^(?:return(?:s|ed|ing)?|show(?:s|ed|n|ing)?|display(?:s|ed|ing)?|log(?:s|ged)?|emit(?:s|ted)?|rais(?:e|es|ed)|throw(?:s|n)?|threw|api|endpoint|http|4\d\d|customers?|clients?|form|validation)$/u.test(w))) return false;
      }
      return true;
    },
    why: WHY_HUMAN_ERROR,
    suggestion: SUGGEST_HUMAN_ERROR,
  },
  // "because Bob forgot", "because he ignored", "because the on-call engineer didn't": a lapse as the cause.
  // Verbs only a person does accept any name; verbs a system also does ("missed", "didn't") need a person.
  {
    kind: 'person-as-cause',
    pattern: rx(String.raw`${START}because${GAP}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD})?)${GAP}(?:(?<human>forgot|forgets|ignored|ignores|neglected|overlooked|misread|mistyped|fat-fingered|failed${GAP}to${GAP}(?:notice|check|test|read|follow|look)|was${NOT_CONTRACTION}${GAP}(?:paying${GAP}attention|careful|thinking))|(?<any>missed|didn${APOS}t|did${GAP}not|failed${GAP}to|skipped|never|deployed|pushed|ran|deleted|dropped|changed|merged|misconfigured|broke|typed|approved|rushed|removed|disabled|turned${GAP}off))${END}`),
    accept: (c) => {
      const who = group(c, 'who');
      if (group(c, 'human') !== '') return isPersonSubject(who, c.people) || isCapitalisedName(who);
      return isPersonSubject(who, c.people);
    },
    why: WHY_LAPSE,
    suggestion: SUGGEST_LAPSE,
  },
  // "Bob caused", "someone broke", "the intern took down" — only for people the caller named, pronouns
  // and roles: "the deploy caused the outage" names a system, which is what a post-mortem should do.
  {
    kind: 'person-as-cause',
    pattern: rx(String.raw`${START}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD})?)${GAP}(?:caused|causes|broke|breaks|took${GAP}down|takes${GAP}down|brought${GAP}down|knocked${GAP}over|messed${GAP}up|screwed${GAP}up|crashed|killed|nuked|borked|blew${GAP}up|wiped|triggered${GAP}the${GAP}(?:outage|incident))${END}`),
    accept: (c) => isPersonSubject(group(c, 'who'), c.people),
    why: WHY_CAUSE,
    suggestion: SUGGEST_CAUSE,
  },
  // "caused by Bob", "taken down by the intern".
  {
    kind: 'person-as-cause',
    pattern: rx(String.raw`${START}(?:caused|broken|brought${GAP}down|taken${GAP}down|triggered|started)${GAP}by${GAP}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD})?)${END}`),
    accept: (c) => endingSubject(c, 'who', (who) => c.people.isKnown(who) || OBJECT_PRONOUNS.has(lower(who)) || ROLE_RE.test(normaliseWords(who))),
    why: WHY_CAUSE,
    suggestion: SUGGEST_CAUSE,
  },
  // "the root cause was Bob", "cause: the intern".
  {
    kind: 'person-as-cause',
    pattern: rx(String.raw`${START}(?:root${GAP})?cause${GAP}(?:was|is|:)${GAP}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD})?)${END}`),
    accept: (c) => endingSubject(c, 'who', (who) => c.people.isKnown(who) || OBJECT_PRONOUNS.has(lower(who)) || ROLE_RE.test(normaliseWords(who))),
    why: WHY_CAUSE,
    suggestion: SUGGEST_CAUSE,
  },
  // "why didn't Bob…", "why did he not…", "what was Bob thinking" — not "why didn't the alert fire",
  // not "why wasn't this caught?" (the template's own question) and not "why didn't we…" (the team asking itself).
  {
    kind: 'why-didnt',
    pattern: rx(String.raw`${START}(?:why${GAP}(?:didn${APOS}t|did${GAP}not|wasn${APOS}t|hasn${APOS}t|haven${APOS}t|couldn${APOS}t|wouldn${APOS}t|weren${APOS}t)${GAP}(?<who>${ROLE}|${WORD}(?:${GAP}${WORD})?)|why${GAP}did${GAP}(?<who2>${ROLE}|${WORD}(?:${GAP}${WORD})?)${GAP}not|what${GAP}(?:was|were)${GAP}(?<who3>${ROLE}|${WORD}(?:${GAP}${WORD})?)${GAP}thinking)${END}`),
    accept: (c) => {
      const isPerson = (who: string) => c.people.isKnown(who) || QUESTION_PRONOUNS.has(lower(who)) || ROLE_RE.test(normaliseWords(who)) || isCapitalisedName(who);
      if (group(c, 'who') !== '') return endingSubject(c, 'who', isPerson);
      return isPerson(group(c, 'who2') || group(c, 'who3'));
    },
    why: WHY_QUESTION,
    suggestion: SUGGEST_QUESTION,
  },
];

/**
 * Replaces everything a reader does not see as prose with NUL characters, keeping every offset:
 * code blocks, inline code, raw HTML, link and image destinations, definitions. A phrase cannot
 * match across the mask, because no pattern accepts NUL.
 */
function maskNonProse(text: string): string {
  const chars = text.split('');
  const mask = (from: number | undefined, to: number | undefined) => {
    if (from === undefined || to === undefined) return;
    for (let i = Math.max(0, from); i < Math.min(chars.length, to); i += 1) if (chars[i] !== '\n') chars[i] = MASK;
  };
  const tree = parseMarkdown(text);
  walk(tree, (node: Nodes) => {
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    switch (node.type) {
      case 'code':
      case 'inlineCode':
      case 'html':
      case 'definition':
      case 'image':
      case 'imageReference':
        mask(from, to);
        return 'skip';
      case 'link':
      case 'linkReference': {
        // Keep the words of the link, hide its destination; an autolink is all destination.
        const children = isParent(node) ? node.children : [];
        const first = children[0]?.position?.start.offset;
        const last = children[children.length - 1]?.position?.end.offset;
        if (first === undefined || last === undefined || (node.type === 'link' && children.length === 1 && children[0]?.type === 'text' && children[0].value === node.url)) {
          mask(from, to);
          return 'skip';
        }
        mask(from, first);
        mask(last, to);
        return undefined;
      }
      default:
        return undefined;
    }
  });
  return chars.join('');
}

/** Advises, never blocks. `people`: names of people (full and first names) the text may mention; a person named as the cause is only recognised for these and for capitalised names before "'s fault" etc. */
export function checkBlameless(text: string, options?: { people?: readonly string[] }): BlameFinding[] {
  if (text.length === 0) return [];
  const prose = maskNonProse(text);
  const people = peopleMatcher(options?.people);
  const candidates: Array<BlameFinding & { order: number }> = [];
  RULES.forEach((rule, order) => {
    const pattern = new RegExp(rule.pattern.source, rule.pattern.flags);
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(prose)) !== null) {
      const start = match.index;
      const verdict = rule.accept === undefined ? true : rule.accept({ text: prose, match, people });
      if (verdict !== false) {
        const end = verdict === true ? start + match[0].length : verdict;
        candidates.push({ start, end, phrase: text.slice(start, end), kind: rule.kind, why: rule.why, suggestion: rule.suggestion, order });
        pattern.lastIndex = end;
      } else {
        // A rejected match may hide an accepted one starting inside it ("Monday Bob's fault").
        pattern.lastIndex = start + 1;
      }
    }
  });
  // Earliest first; at one start the longer phrase, then the rule listed first. Overlaps are dropped.
  candidates.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
  const findings: BlameFinding[] = [];
  let reached = 0;
  for (const candidate of candidates) {
    if (candidate.start < reached) continue;
    const { start, end, phrase, kind, why, suggestion } = candidate;
    findings.push({ start, end, phrase, kind, why, suggestion });
    reached = end;
  }
  return findings;
}
