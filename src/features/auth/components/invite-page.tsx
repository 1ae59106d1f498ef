import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage, fieldProblems, isNotFound } from '../../../lib/api-client';
import { AuthCard } from '../../../shared/components/auth-card';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { MIN_PASSWORD, validateNewPassword } from '../../../shared/validation';
import { useAcceptInvite } from '../api/accept-invite';
import { useInvite } from '../api/get-invite';

/** Where an invited person lands from the link an admin sent: they choose a password and are in. */
export function InvitePage({ token }: { token: string }) {
  const invite = useInvite(token);
  if (invite.isPending) return <Loading label="Checking your invitation…" />;
  if (invite.isError) {
    return (
      <AuthCard title={isNotFound(invite.error) ? 'This invitation does not work' : 'Could not check the invitation'}>
        {isNotFound(invite.error) ? (
          <p className="text-sm text-slate-700">
            It was already used, it expired (links work for 7 days), or it was mistyped. Ask an administrator for a new link, or{' '}
            <Link to="/sign-in" className="font-medium text-blue-700 underline">
              sign in
            </Link>{' '}
            if you already chose a password.
          </p>
        ) : (
          <LoadError error={invite.error} onRetry={() => void invite.refetch()} />
        )}
      </AuthCard>
    );
  }
  return <ChoosePassword token={token} name={invite.data.name} email={invite.data.email} />;
}

function ChoosePassword({ token, name, email }: { token: string; name: string; email: string }) {
  const accept = useAcceptInvite();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [formError, setFormError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateNewPassword(password, confirm);
    setErrors(found);
    setFormError(undefined);
    if (found.password || found.confirm) return;
    accept.mutate(
      { token, password },
      {
        onSuccess: () => void navigate('/', { replace: true }),
        onError: (error) => {
          const problem = fieldProblems(error)['password'];
          if (problem) setErrors({ password: `Password ${problem}` });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <AuthCard title={`Welcome, ${name}`} description={`You were invited to Firewatch as ${email}. Choose a password to finish.`}>
      <form onSubmit={submit} noValidate className="space-y-4">
        {/* Lets a password manager save the e-mail with the new password. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field label="Choose a password" error={errors.password} hint={`At least ${MIN_PASSWORD} characters.`}>
          {(props) => <input {...props} type="password" autoComplete="new-password" className={inputClass} value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="Confirm password" error={errors.confirm}>
          {(props) => <input {...props} type="password" autoComplete="new-password" className={inputClass} value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
        <FormError message={formError} />
        <Button type="submit" variant="primary" className="w-full" disabled={accept.isPending}>
          {accept.isPending ? 'Saving…' : 'Set password and sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}
