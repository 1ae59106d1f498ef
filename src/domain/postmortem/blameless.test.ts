import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBlameless } from './blameless';
import type { BlameFinding } from './blameless';

const PEOPLE = ['Bob Okafor', 'Bob', 'Priya Raman', 'Priya'];

/* Each sentence blames; `phrase` is what the check must underline and `kind` why. */
const BLAMING: ReadonlyArray<{ text: string; kind: BlameFinding['kind']; phrase: string }> = [
  { text: "it was Bob's fault", kind: 'fault-of-person', phrase: "Bob's fault" },
  { text: 'Honestly, this one was Priya’s fault for merging late.', kind: 'fault-of-person', phrase: 'Priya’s fault' },
  { text: 'The outage was the fault of Bob Okafor.', kind: 'fault-of-person', phrase: 'fault of Bob Okafor' },
  { text: 'It was his fault, plain and simple.', kind: 'fault-of-person', phrase: 'his fault' },
  { text: 'Whose fault was the expired certificate?', kind: 'fault-of-person', phrase: 'Whose fault' },
  { text: 'Bob was at fault for the second page storm.', kind: 'fault-of-person', phrase: 'Bob was at fault' },
  { text: "Looking back, it was **Priya's** fault.", kind: 'fault-of-person', phrase: "Priya's** fault" },
  { text: 'Who is to blame for the missing index?', kind: 'fault-of-person', phrase: 'blame' },
  { text: 'In the meeting we blamed the release on the new hire.', kind: 'fault-of-person', phrase: 'blamed' },
  { text: 'Bob should have known the pool was close to its limit.', kind: 'should-have', phrase: 'should have known' },
  { text: "Someone should've caught this in review.", kind: 'should-have', phrase: "should've caught" },
  { text: 'The on-call engineer should have checked the pool dashboard first.', kind: 'should-have', phrase: 'should have checked' },
  { text: 'Priya shouldn’t have deployed on a Friday evening.', kind: 'should-have', phrase: 'shouldn’t have deployed' },
  { text: 'This should have been tested before the release went out.', kind: 'should-have', phrase: 'should have been tested' },
  { text: 'Bob could have prevented the whole thing.', kind: 'should-have', phrase: 'could have prevented' },
  { text: 'If only Bob had read the runbook.', kind: 'should-have', phrase: 'If only Bob had' },
  { text: 'The config change was careless.', kind: 'character', phrase: 'careless' },
  { text: 'Carelessness during the rollout made it worse.', kind: 'character', phrase: 'Carelessness' },
  { text: 'Skipping the canary was negligent.', kind: 'character', phrase: 'negligent' },
  { text: 'Sloppy work on the migration script.', kind: 'character', phrase: 'Sloppy' },
  { text: 'He was lazy about the checklist.', kind: 'character', phrase: 'lazy' },
  { text: 'Frankly the reviewer was incompetent.', kind: 'character', phrase: 'incompetent' },
  { text: 'Bob didn’t bother to run the tests.', kind: 'character', phrase: 'didn’t bother' },
  { text: 'Deploying without a canary was a rookie mistake.', kind: 'character', phrase: 'rookie mistake' },
  { text: 'Root cause: human error.', kind: 'human-error', phrase: 'human error' },
  { text: 'This was operator error during the failover.', kind: 'human-error', phrase: 'operator error' },
  { text: 'Honestly it was user error on our side.', kind: 'human-error', phrase: 'user error' },
  { text: 'Pilot error, basically.', kind: 'human-error', phrase: 'Pilot error' },
  { text: 'Someone fat-fingered the replica count.', kind: 'human-error', phrase: 'fat-fingered' },
  { text: 'Checkout failed because Bob forgot to renew the certificate.', kind: 'person-as-cause', phrase: 'because Bob forgot' },
  { text: 'Payments stalled because Priya missed the alert.', kind: 'person-as-cause', phrase: 'because Priya missed' },
  { text: 'It broke because he ignored the warning.', kind: 'person-as-cause', phrase: 'because he ignored' },
  { text: "The database fell over because the on-call engineer didn't follow the runbook.", kind: 'person-as-cause', phrase: "because the on-call engineer didn't" },
  { text: 'Bob caused the outage.', kind: 'person-as-cause', phrase: 'Bob caused' },
  { text: 'Priya broke checkout on Tuesday.', kind: 'person-as-cause', phrase: 'Priya broke' },
  { text: 'Bob Okafor took down the payments API at 02:10.', kind: 'person-as-cause', phrase: 'Bob Okafor took down' },
  { text: 'The incident was caused by Bob.', kind: 'person-as-cause', phrase: 'caused by Bob' },
  { text: 'The root cause was Bob, who skipped the review.', kind: 'person-as-cause', phrase: 'root cause was Bob' },
  { text: 'That’s on Priya.', kind: 'fault-of-person', phrase: 'That’s on Priya' },
  { text: 'The outage was the fault of Bob for skipping the canary.', kind: 'fault-of-person', phrase: 'fault of Bob' },
  { text: "Why didn't the on-call engineer page the database team?", kind: 'why-didnt', phrase: "Why didn't the on-call engineer" },
  { text: "Why didn't Bob check the logs?", kind: 'why-didnt', phrase: "Why didn't Bob" },
  { text: 'Why did he not escalate sooner?', kind: 'why-didnt', phrase: 'Why did he not' },
  { text: 'What was Priya thinking?', kind: 'why-didnt', phrase: 'What was Priya thinking' },
];

/* Each sentence is sound post-mortem writing and must pass without a single hint. */
const BLAMELESS: readonly string[] = [
  'The fault was in the pool configuration.',
  'We found a fault in the load balancer.',
  'The cluster is fault-tolerant across three zones.',
  'We run fault injection every Tuesday.',
  "Kafka's fault tolerance kept every message.",
  "The load balancer's fault detection marked the node down.",
  'The deploy caused the outage.',
  'The failure was caused by the connection pool limit.',
  'Bob restarted the service at 02:40.',
  'Priya rolled back the release at 02:55.',
  'Bob acknowledged the page within two minutes.',
  'The on-call engineer paged the database team at 02:12.',
  'We should add monitoring for pool saturation.',
  'We should have a runbook for this by next week.',
  'The alert should have fired at 02:05, but its threshold was 95%.',
  'A canary could have caught this before the full rollout.',
  'A test would have caught this.',
  'If only the alert had fired earlier, recovery would have been quicker.',
  'Human error is not a root cause.',
  'Every system should be designed assuming human error will happen.',
  'A confirmation step guards against operator error.',
  'The root cause was the pool limit of 300.',
  'That is on the roadmap for next quarter.',
  'We never stop at human error; we ask what made the slip possible.',
  'This is a blameless post-mortem.',
  'No blame: the process let an unreviewed change through.',
  'Nobody is to blame; the pool limit was too low.',
  "It's nobody's fault: the runbook was out of date.",
  'Post-mortems here are blame-free.',
  'The charts are lazy-loaded so the dashboard stays fast.',
  'Lazy loading keeps the editor out of the first bundle.',
  'Why wasn’t this caught?',
  "Why didn't the alert fire?",
  "Why didn't we have an alert on pool usage?",
  'The API returned a user error for malformed requests.',
  'The user error rate stayed flat all night.',
  'The retry storm didn’t bother the database.',
  'We could have been faster with a shorter runbook.',
  'The scareless test fixture is nonsense and stays that way.',
  'What made the change possible without a review?',
  'Run `git blame src/pool.ts` to find the commit.',
  'Run git blame on the pool module to find the commit.',
  'The [pool change](https://git.example.com/blame/pool.ts) raised the limit.',
  "```text\nslack, 02:14: it was Bob's fault, he should have known\n```",
  "<!-- draft note: Bob's fault? -->\nThe pool limit was too low.",
];

describe('checkBlameless: a corpus of blaming sentences', () => {
  it.each(BLAMING)('flags "$phrase" in "$text" as $kind', ({ text, kind, phrase }) => {
    const findings = checkBlameless(text, { people: PEOPLE });
    expect(findings.map((f) => ({ kind: f.kind, phrase: f.phrase }))).toEqual([{ kind, phrase }]);
    const [finding] = findings;
    expect(text.slice(finding!.start, finding!.end)).toBe(finding!.phrase);
  });

  it('names a system in every suggestion and never the person in the sentence', () => {
    for (const { text } of BLAMING) {
      for (const finding of checkBlameless(text, { people: PEOPLE })) {
        expect(finding.why.length).toBeGreaterThan(20);
        expect(finding.suggestion).toMatch(/system|check|review|automation|signal|process|runbook|validation|canary|test|rollback|tool/iu);
        for (const name of PEOPLE) expect(finding.suggestion).not.toContain(name);
        expect(finding.suggestion).not.toMatch(/\b(?:he|she|his|her|you|your)\b/iu);
      }
    }
  });
});

describe('checkBlameless: a corpus of blameless sentences', () => {
  it.each(BLAMELESS)('leaves "%s" alone', (text) => {
    expect(checkBlameless(text, { people: PEOPLE })).toEqual([]);
  });
});

describe('checkBlameless: how it reads text', () => {
  it('gives offsets into the original text, also after code that it skipped', () => {
    const text = "Timeline\n\n```sh\necho 'whose fault'\n```\n\nAt 02:40 it became clear it was Bob’s fault, and Bob should have known.";
    const findings = checkBlameless(text, { people: PEOPLE });
    expect(findings.map((f) => f.phrase)).toEqual(['Bob’s fault', 'should have known']);
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.phrase);
    expect(findings[0]!.start).toBe(text.indexOf('Bob’s fault'));
  });

  it('lists findings in text order without overlaps, one per phrase', () => {
    const text = 'Why didn’t Bob check? Because he forgot, it was human error. Bob caused it; his fault.';
    const findings = checkBlameless(text, { people: PEOPLE });
    expect(findings.map((f) => [f.kind, f.phrase])).toEqual([
      ['why-didnt', 'Why didn’t Bob'],
      ['person-as-cause', 'Because he forgot'],
      ['human-error', 'human error'],
      ['person-as-cause', 'Bob caused'],
      ['fault-of-person', 'his fault'],
    ]);
  });

  it('is case-insensitive about the phrases', () => {
    expect(checkBlameless('HUMAN ERROR. SHOULD HAVE KNOWN. CARELESS.').map((f) => f.kind)).toEqual(['human-error', 'should-have', 'character']);
  });

  it('recognises a capitalised name before "’s fault" without a people list, in any script', () => {
    expect(checkBlameless('Honestly, Zoë’s fault.').map((f) => f.phrase)).toEqual(['Zoë’s fault']);
    expect(checkBlameless('It was Ana-María’s mistake.').map((f) => f.phrase)).toEqual(['Ana-María’s mistake']);
  });

  it('treats "X caused" as blame only when X is one of the given people, a pronoun or a role', () => {
    expect(checkBlameless('Dmitri caused the outage.')).toEqual([]);
    expect(checkBlameless('Dmitri caused the outage.', { people: ['Dmitri'] }).map((f) => f.phrase)).toEqual(['Dmitri caused']);
    expect(checkBlameless('The intern broke the build.').map((f) => f.phrase)).toEqual(['The intern broke']);
    expect(checkBlameless('The pool exhaustion caused the outage.', { people: ['Dmitri'] })).toEqual([]);
  });

  it('needs no people list where only a person can be meant', () => {
    expect(checkBlameless('The renewal lapsed because Zoë forgot.').map((f) => f.phrase)).toEqual(['because Zoë forgot']);
    expect(checkBlameless('The renewal lapsed because Zoë missed it.')).toEqual([]);
  });

  it('still flags a fault named next to a person when negated, but not a negated principle', () => {
    expect(checkBlameless("It wasn't Bob's fault.").map((f) => f.kind)).toEqual(['fault-of-person']);
    expect(checkBlameless('It was not human error.')).toEqual([]);
  });

  it('knows a name written in lower case when it is in the people list', () => {
    expect(checkBlameless("honestly bob's fault", { people: PEOPLE }).map((f) => f.phrase)).toEqual(["bob's fault"]);
    expect(checkBlameless("honestly bob's fault")).toEqual([]);
  });

  it('finds a phrase broken over a soft line break but not across a paragraph', () => {
    expect(checkBlameless('Bob should have\nknown.').map((f) => f.phrase)).toEqual(['should have\nknown']);
    expect(checkBlameless('Bob should have\n\nknown.')).toEqual([]);
  });

  it('keeps words with the phrase as whole words only', () => {
    expect(checkBlameless('carelessly').map((f) => f.kind)).toEqual(['character']);
    expect(checkBlameless('uncareless scareless humanerror blamelessly')).toEqual([]);
  });

  it('skips phrasing inside inline code and fenced code, and flags the prose around it', () => {
    const text = 'The log said `human error`, but it was human error in the runbook step.';
    const findings = checkBlameless(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.start).toBe(text.lastIndexOf('human error'));
  });

  it('returns nothing for an empty text', () => {
    expect(checkBlameless('')).toEqual([]);
  });
});

const FRAGMENTS = [
  'Bob', 'Priya', "'s", '’s', ' fault', ' fault of ', 'should', "n't", ' have', "'ve", ' known', ' been', ' because ', ' forgot',
  'careless', 'human error', ' not ', 'why didn’t ', 'if only ', ' had', ' caused', ' blame', '`', '```\n', '\n', '\n\n', ' ',
  '*', '**', '_', '[', '](', ')', '<', '>', '<!--', '-->', '’', '\u0000', '\u00a0', '\uD83D', 'Zoë', '.', ',', '#', '> ', '- ',
];

describe('checkBlameless: properties', () => {
  const checkShape = (text: string, findings: BlameFinding[]) => {
    let reached = 0;
    for (const f of findings) {
      expect(f.start).toBeGreaterThanOrEqual(reached);
      expect(f.end).toBeGreaterThan(f.start);
      expect(f.end).toBeLessThanOrEqual(text.length);
      expect(text.slice(f.start, f.end)).toBe(f.phrase);
      expect(f.suggestion.length).toBeGreaterThan(0);
      reached = f.end;
    }
  };

  it('never throws on arbitrary strings, and findings lie inside the text without overlapping', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        checkShape(text, checkBlameless(text, { people: PEOPLE }));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the same guarantees on text built from the phrases it looks for and markdown around them', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }), (parts, people) => {
        const text = parts.join('');
        checkShape(text, checkBlameless(text, { people: [...PEOPLE, ...people] }));
      }),
      { numRuns: 500 },
    );
  });
});
