import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage, fieldProblems } from '../../../lib/api-client';
import { AuthCard } from '../../../shared/components/auth-card';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { TimeZoneInput } from '../../../shared/components/time-zone-input';
import { MIN_PASSWORD, browserZone, validateEmail, validateNewPassword, validatePersonName, validateTimeZone } from '../../../shared/validation';
import { useCreateFirstAdmin } from '../api/create-first-admin';

type FieldName = 'name' | 'email' | 'timeZone' | 'password' | 'confirm';
type Errors = Partial<Record<FieldName, string>>;

const SERVER_LABELS: Record<Exclude<FieldName, 'confirm'>, string> = { name: 'Name', email: 'Email', timeZone: 'Time zone', password: 'Password' };

/** The very first visit: nobody exists, so whoever installed Firewatch becomes its administrator. */
export function FirstAdminForm() {
  const create = useCreateFirstAdmin();
  const navigate = useNavigate();
  const [values, setValues] = useState({ name: '', email: '', timeZone: browserZone(), password: '', confirm: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const set = (name: FieldName) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {
      name: validatePersonName(values.name),
      email: validateEmail(values.email),
      timeZone: validateTimeZone(values.timeZone),
      ...validateNewPassword(values.password, values.confirm),
    };
    for (const key of Object.keys(found) as FieldName[]) if (!found[key]) delete found[key];
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { name: values.name.trim(), email: values.email.trim(), timeZone: values.timeZone.trim(), password: values.password },
      {
        onSuccess: () => void navigate('/', { replace: true }),
        onError: (error) => {
          const problems = fieldProblems(error);
          const fromServer: Errors = {};
          for (const key of Object.keys(SERVER_LABELS) as Array<keyof typeof SERVER_LABELS>) {
            if (problems[key]) fromServer[key] = `${SERVER_LABELS[key]} ${problems[key]}`;
          }
          setErrors(fromServer);
          if (Object.keys(fromServer).length === 0) setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <AuthCard title="Create the first admin" description="Nobody has an account yet. The first person becomes the administrator and invites everyone else.">
      <title>Set up · Firewatch</title>
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Name" error={errors.name}>
          {(props) => <input {...props} autoComplete="name" className={inputClass} value={values.name} onChange={set('name')} />}
        </Field>
        <Field label="Email" error={errors.email}>
          {(props) => <input {...props} type="email" autoComplete="username" className={inputClass} value={values.email} onChange={set('email')} />}
        </Field>
        <Field label="Time zone" error={errors.timeZone} hint="Where you are: quiet hours and night pages are counted in it.">
          {(props) => <TimeZoneInput {...props} value={values.timeZone} onChange={set('timeZone')} />}
        </Field>
        <Field label="Password" error={errors.password} hint={`At least ${MIN_PASSWORD} characters.`}>
          {(props) => <input {...props} type="password" autoComplete="new-password" className={inputClass} value={values.password} onChange={set('password')} />}
        </Field>
        <Field label="Confirm password" error={errors.confirm}>
          {(props) => <input {...props} type="password" autoComplete="new-password" className={inputClass} value={values.confirm} onChange={set('confirm')} />}
        </Field>
        <FormError message={formError} />
        <Button type="submit" variant="primary" className="w-full" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create admin and sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}
