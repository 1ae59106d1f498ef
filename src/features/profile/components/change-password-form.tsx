import { useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { MIN_PASSWORD, validateNewPassword } from '../../../shared/validation';
import { useChangePassword } from '../api/change-password';

type Errors = { current?: string; password?: string; confirm?: string };

export function ChangePasswordForm({ email }: { email: string }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = { ...validateNewPassword(password, confirm) };
    if (current === '') found.current = 'Type your current password.';
    setErrors(found);
    setFormError(undefined);
    change.reset();
    if (found.current || found.password || found.confirm) return;
    change.mutate(
      { currentPassword: current, newPassword: password },
      {
        onSuccess: () => {
          setCurrent('');
          setPassword('');
          setConfirm('');
        },
        onError: (error) => {
          const next: Errors = {};
          const currentProblem = fieldMessage(error, 'currentPassword', 'Current password');
          const newProblem = fieldMessage(error, 'newPassword', 'New password');
          if (currentProblem) next.current = currentProblem;
          if (newProblem) next.password = newProblem;
          setErrors(next);
          if (!currentProblem && !newProblem) setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="password-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id="password-heading" className="text-lg font-semibold text-slate-900">
        Change password
      </h2>
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Current password" error={errors.current}>
          {(props) => <input {...props} type="password" autoComplete="current-password" className={inputClass} value={current} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field label="New password" error={errors.password} hint={`At least ${MIN_PASSWORD} characters.`}>
          {(props) => <input {...props} type="password" autoComplete="new-password" className={inputClass} value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="Confirm new password" error={errors.confirm}>
          {(props) => <input {...props} type="password" autoComplete="new-password" className={inputClass} value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
      </div>
      <FormError message={formError} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </Button>
        <span role="status" className="text-sm text-green-800">
          {change.isSuccess ? 'Password changed. Every other browser where you were signed in is now signed out.' : ''}
        </span>
      </div>
    </form>
  );
}
