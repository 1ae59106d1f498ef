import { useState } from 'react';
import type { FormEvent } from 'react';
import { ROLES } from '../../../domain/access/roles';
import type { Role } from '../../../domain/access/roles';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { TimeZoneInput } from '../../../shared/components/time-zone-input';
import { browserZone, validateEmail, validatePersonName, validateTimeZone } from '../../../shared/validation';
import type { Invitation } from '../api/invite-person';
import { useInvitePerson } from '../api/invite-person';
import { ROLE_DESCRIPTIONS } from '../model/roles';
import { InviteLink } from './invite-link';

type FieldName = 'name' | 'email' | 'timeZone' | 'role';
const LABELS: Record<FieldName, string> = { name: 'Name', email: 'Email', timeZone: 'Time zone', role: 'Role' };

export function InvitePersonForm() {
  const invite = useInvitePerson();
  const [values, setValues] = useState<{ name: string; email: string; timeZone: string; role: Role }>({ name: '', email: '', timeZone: browserZone(), role: 'responder' });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [sent, setSent] = useState<Invitation>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<FieldName, string>> = {};
    const checks = { name: validatePersonName(values.name), email: validateEmail(values.email), timeZone: validateTimeZone(values.timeZone) };
    for (const [key, problem] of Object.entries(checks)) if (problem) found[key as FieldName] = problem;
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length > 0) return;
    invite.mutate(
      { name: values.name.trim(), email: values.email.trim(), timeZone: values.timeZone.trim(), role: values.role },
      {
        onSuccess: (invitation) => {
          setSent(invitation);
          setValues((current) => ({ ...current, name: '', email: '' }));
        },
        onError: (error) => {
          const fromServer: Partial<Record<FieldName, string>> = {};
          for (const key of Object.keys(LABELS) as FieldName[]) {
            const message = fieldMessage(error, key, LABELS[key]);
            if (message) fromServer[key] = message;
          }
          setErrors(fromServer);
          if (Object.keys(fromServer).length === 0) setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="invite-heading" className="text-sm font-semibold tracking-wide text-slate-600 uppercase">
        Invite someone
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Name" error={errors.name}>
          {(props) => <input {...props} className={inputClass} value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} />}
        </Field>
        <Field label="Email" error={errors.email}>
          {(props) => <input {...props} type="email" className={inputClass} value={values.email} onChange={(e) => setValues({ ...values, email: e.target.value })} />}
        </Field>
        <Field label="Time zone" error={errors.timeZone}>
          {(props) => <TimeZoneInput {...props} value={values.timeZone} onChange={(e) => setValues({ ...values, timeZone: e.target.value })} />}
        </Field>
        <Field label="Role" error={errors.role} hint={ROLE_DESCRIPTIONS[values.role]}>
          {(props) => (
            <select {...props} className={inputClass} value={values.role} onChange={(e) => setValues({ ...values, role: e.target.value as Role })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <FormError message={formError} />
      <Button type="submit" variant="primary" disabled={invite.isPending}>
        {invite.isPending ? 'Inviting…' : 'Invite'}
      </Button>
      {sent ? <InviteLink name={sent.person.name} path={sent.inviteUrl} /> : null}
    </form>
  );
}
