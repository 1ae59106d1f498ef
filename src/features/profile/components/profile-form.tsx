import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ProfileDto } from '../../../contracts/people';
import { CONTACT_KINDS } from '../../../contracts/people';
import { parseLocalTime } from '../../../domain/people/quiet-hours';
import { errorMessage, fieldProblems } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { TimeZoneInput } from '../../../shared/components/time-zone-input';
import { validatePersonName, validateTimeZone } from '../../../shared/validation';
import type { ProfileChanges } from '../api/update-profile';
import { useUpdateProfile } from '../api/update-profile';
import { quietHoursPreview } from '../model/quiet-hours-preview';
import { ContactVerification } from './contact-verification';

type Kind = (typeof CONTACT_KINDS)[number];
type Urgency = 'high' | 'low';
/** `key` identifies a row while editing; rules point at methods by key until they are sent. */
type MethodDraft = { key: string; kind: Kind; address: string; verified: boolean };
type RuleDraft = { key: string; urgency: Urgency; methodKey: string; delay: string };

const KIND_LABELS: Record<Kind, string> = { email: 'E-mail', sms: 'SMS', voice: 'Voice call', webhook: 'Webhook' };
const ADDRESS_HINTS: Record<Kind, string> = {
  email: 'name@example.com',
  sms: '+14155550123 (with country code)',
  voice: '+14155550123 (with country code)',
  webhook: 'https://hooks.example.com/…',
};
const URGENCY_LABELS: Record<Urgency, string> = { high: 'High urgency (P1, P2)', low: 'Low urgency (P3, P4)' };

let counter = 0;
const newKey = () => `draft-${(counter += 1)}`;

function draftsOf(profile: ProfileDto) {
  const methods: MethodDraft[] = profile.contactMethods.map((m) => ({ key: m.id, kind: m.kind, address: m.address, verified: m.verified }));
  const rules: RuleDraft[] = profile.notificationRules.map((r) => ({ key: r.id, urgency: r.urgency, methodKey: r.contactMethodId, delay: String(r.delayMinutes) }));
  return { methods, rules };
}

function describeMethod(method: MethodDraft, index: number): string {
  return `${KIND_LABELS[method.kind]}: ${method.address || `method ${index + 1} (no address yet)`}`;
}

export function ProfileForm({ profile }: { profile: ProfileDto }) {
  const save = useUpdateProfile();
  // "Today" for the preview; a page left open past midnight still shows a sensible example.
  const [now] = useState(() => Date.now());
  const [name, setName] = useState(profile.name);
  const [timeZone, setTimeZone] = useState(profile.timeZone);
  const [quietOn, setQuietOn] = useState(profile.quietHours !== null);
  const [quietStart, setQuietStart] = useState(profile.quietHours?.start ?? '22:00');
  const [quietEnd, setQuietEnd] = useState(profile.quietHours?.end ?? '07:00');
  const [p1BreaksQuiet, setP1BreaksQuiet] = useState(profile.p1BreaksQuietHours);
  const [methods, setMethods] = useState(() => draftsOf(profile).methods);
  const [rules, setRules] = useState(() => draftsOf(profile).rules);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState(false);

  const preview = quietOn && validateTimeZone(timeZone) === undefined ? quietHoursPreview({ start: quietStart, end: quietEnd, zone: timeZone.trim(), now }) : undefined;

  const updateMethod = (key: string, change: Partial<MethodDraft>) => setMethods((all) => all.map((m) => (m.key === key ? { ...m, ...change, verified: false } : m)));
  const removeMethod = (key: string) => {
    setMethods((all) => all.filter((m) => m.key !== key));
    // A rule cannot notify through a method that is gone.
    setRules((all) => all.filter((r) => r.methodKey !== key));
  };
  /** A method as saved on the server can be verified; a new or edited one must be saved first. */
  const isSaved = (method: MethodDraft) => profile.contactMethods.some((m) => m.id === method.key && m.kind === method.kind && m.address === method.address);
  const markVerified = (key: string, next: ProfileDto) => {
    const verified = next.contactMethods.find((m) => m.id === key)?.verified ?? false;
    setMethods((all) => all.map((m) => (m.key === key ? { ...m, verified } : m)));
  };
  const updateRule = (key: string, change: Partial<RuleDraft>) => setRules((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    const nameProblem = validatePersonName(name);
    if (nameProblem) found['name'] = nameProblem;
    const zoneProblem = validateTimeZone(timeZone);
    if (zoneProblem) found['timeZone'] = zoneProblem;
    if (quietOn) {
      if (parseLocalTime(quietStart) === undefined) found['quietHours.start'] = 'Use a 24-hour time such as 22:00.';
      if (parseLocalTime(quietEnd) === undefined) found['quietHours.end'] = 'Use a 24-hour time such as 07:00.';
      else if (quietStart === quietEnd) found['quietHours.end'] = 'Start and end must differ.';
    }
    // Address formats (E.164 numbers, URLs) are the server's to judge: its message says exactly what it expects.
    methods.forEach((m, index) => {
      if (m.address.trim() === '') found[`contactMethods[${index}].address`] = 'Type an address or remove this method.';
    });
    rules.forEach((r, index) => {
      const delay = Number(r.delay);
      if (r.delay.trim() === '' || !Number.isInteger(delay) || delay < 0 || delay > 1440) found[`notificationRules[${index}].delayMinutes`] = 'Use whole minutes from 0 to 1440.';
      if (!methods.some((m) => m.key === r.methodKey)) found[`notificationRules[${index}].contactIndex`] = 'Choose a contact method.';
    });
    return found;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setFormError(undefined);
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    const changes: ProfileChanges = {
      name: name.trim(),
      timeZone: timeZone.trim(),
      quietHours: quietOn ? { start: quietStart, end: quietEnd } : null,
      p1BreaksQuietHours: p1BreaksQuiet,
      contactMethods: methods.map((m) => ({ kind: m.kind, address: m.address.trim() })),
      notificationRules: rules.map((r) => ({ urgency: r.urgency, contactIndex: methods.findIndex((m) => m.key === r.methodKey), delayMinutes: Number(r.delay) })),
    };
    save.mutate(changes, {
      onSuccess: (next) => {
        const drafts = draftsOf(next);
        setMethods(drafts.methods);
        setRules(drafts.rules);
        setSaved(true);
      },
      onError: (error) => {
        const problems = fieldProblems(error);
        setErrors(problems);
        if (Object.keys(problems).length === 0) setFormError(errorMessage(error));
        else setFormError('Some fields need a change; see the messages next to them.');
      },
    });
  };

  // The server's messages continue the field's name ("must be a phone number in E.164 form…").
  const problem = (path: string, label: string) => {
    const text = errors[path];
    if (!text) return undefined;
    return /^[a-z]/.test(text) ? `${label} ${text}` : text;
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="profile-heading" className="space-y-5 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id="profile-heading" className="text-lg font-semibold text-slate-900">
        Profile
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" error={problem('name', 'Name')}>
          {(props) => <input {...props} autoComplete="name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Time zone" error={problem('timeZone', 'Time zone')} hint="Quiet hours and night pages are counted in it.">
          {(props) => <TimeZoneInput {...props} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />}
        </Field>
      </div>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold text-slate-900">Quiet hours</legend>
        <p className="text-sm text-slate-600">While they last you are not paged; escalation moves on to the next person at once. End before start wraps past midnight.</p>
        <label className="inline-flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" className="size-4" checked={quietOn} onChange={(e) => setQuietOn(e.target.checked)} />
          Use quiet hours
        </label>
        {quietOn ? (
          <div className="flex flex-wrap items-start gap-3">
            <Field label="Quiet from" error={problem('quietHours.start', 'Start')} className="w-32">
              {(props) => <input {...props} type="time" className={inputClass} value={quietStart} onChange={(e) => setQuietStart(e.target.value)} />}
            </Field>
            <Field label="Quiet until" error={problem('quietHours.end', 'End') ?? problem('quietHours', 'Quiet hours')} className="w-32">
              {(props) => <input {...props} type="time" className={inputClass} value={quietEnd} onChange={(e) => setQuietEnd(e.target.value)} />}
            </Field>
          </div>
        ) : null}
        {quietOn ? (
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" className="size-4" checked={p1BreaksQuiet} onChange={(e) => setP1BreaksQuiet(e.target.checked)} />
            Let a P1 page me during my quiet hours
          </label>
        ) : null}
        {preview ? (
          <p aria-label="Quiet hours in UTC" className="rounded-md bg-slate-100 px-3 py-2 font-mono text-xs text-slate-800">
            {preview}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold text-slate-900">Contact methods</legend>
        {methods.length === 0 ? <p className="text-sm text-slate-600">None yet: add one so Firewatch can reach you.</p> : null}
        <ul className="space-y-3">
          {methods.map((method, index) => (
            <li key={method.key} className="flex flex-wrap items-start gap-2 rounded-md border border-slate-200 p-3">
              <Field label={`Kind of contact method ${index + 1}`} error={problem(`contactMethods[${index}].kind`, 'Kind')} className="w-36">
                {(props) => (
                  <select {...props} className={inputClass} value={method.kind} onChange={(e) => updateMethod(method.key, { kind: e.target.value as Kind })}>
                    {CONTACT_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {KIND_LABELS[kind]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={`Address of contact method ${index + 1}`} error={problem(`contactMethods[${index}].address`, 'Address')} className="min-w-0 flex-1 basis-56">
                {(props) => <input {...props} className={inputClass} value={method.address} placeholder={ADDRESS_HINTS[method.kind]} onChange={(e) => updateMethod(method.key, { address: e.target.value })} />}
              </Field>
              <div className="flex items-center gap-2 sm:mt-6">
                <Button size="sm" variant="dangerGhost" onClick={() => removeMethod(method.key)} aria-label={`Remove contact method ${index + 1}`}>
                  Remove
                </Button>
              </div>
              <div className="basis-full">
                {isSaved(method) ? (
                  <ContactVerification methodId={method.key} label={`contact method ${index + 1}`} verified={method.verified} onVerified={(next) => markVerified(method.key, next)} />
                ) : (
                  <p className="text-sm">
                    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">Not verified</span>{' '}
                    <span className="text-slate-700">— never paged until verified. Save the profile, then send yourself a code.</span>
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
        <Button size="sm" onClick={() => setMethods((all) => [...all, { key: newKey(), kind: 'email', address: '', verified: false }])}>
          Add contact method
        </Button>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold text-slate-900">Notification rules</legend>
        <p className="text-sm text-slate-600">When you are paged, each rule notifies you through one method, some minutes after the page.</p>
        {(['high', 'low'] as const).map((urgency) => (
          <div key={urgency} role="group" aria-label={URGENCY_LABELS[urgency]} className="space-y-2">
            <h3 className="text-sm font-semibold text-slate-800">{URGENCY_LABELS[urgency]}</h3>
            {rules.every((r) => r.urgency !== urgency) ? <p className="text-sm text-slate-600">No rules: you are not notified for these.</p> : null}
            <ul className="space-y-2">
              {rules.map((rule, index) =>
                rule.urgency !== urgency ? null : (
                  <li key={rule.key} className="flex flex-wrap items-start gap-2 text-sm">
                    <Field label={`Minutes before ${urgency} urgency rule ${index + 1}`} error={problem(`notificationRules[${index}].delayMinutes`, 'Delay')} className="w-40">
                      {(props) => <input {...props} inputMode="numeric" className={inputClass} value={rule.delay} onChange={(e) => updateRule(rule.key, { delay: e.target.value })} />}
                    </Field>
                    <Field label={`Method of ${urgency} urgency rule ${index + 1}`} error={problem(`notificationRules[${index}].contactIndex`, 'Method')} className="min-w-0 flex-1 basis-56">
                      {(props) => (
                        <select {...props} className={inputClass} value={rule.methodKey} onChange={(e) => updateRule(rule.key, { methodKey: e.target.value })}>
                          <option value="">Choose a method…</option>
                          {methods.map((method, methodIndex) => (
                            <option key={method.key} value={method.key}>
                              {describeMethod(method, methodIndex)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Button size="sm" variant="dangerGhost" className="sm:mt-6" onClick={() => setRules((all) => all.filter((r) => r.key !== rule.key))} aria-label={`Remove ${urgency} urgency rule ${index + 1}`}>
                      Remove
                    </Button>
                  </li>
                ),
              )}
            </ul>
            <Button
              size="sm"
              disabled={methods.length === 0}
              onClick={() => setRules((all) => [...all, { key: newKey(), urgency, methodKey: methods[0]?.key ?? '', delay: all.some((r) => r.urgency === urgency) ? '5' : '0' }])}
            >
              Add {urgency} urgency rule
            </Button>
          </div>
        ))}
      </fieldset>

      <FormError message={formError} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save profile'}
        </Button>
        <span role="status" className="text-sm text-green-800">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  );
}
