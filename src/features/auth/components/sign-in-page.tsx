import type { DemoAccount } from '../../../contracts/setup';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiRequestError, errorMessage } from '../../../lib/api-client';
import { useSession } from '../../../lib/session';
import { AuthCard } from '../../../shared/components/auth-card';
import { Button } from '../../../shared/components/button';
import { Field, FormError, inputClass } from '../../../shared/components/field';
import { Loading } from '../../../shared/components/page-state';
import { useSignIn } from '../api/sign-in';
import { safeNextPath } from '../model/next-path';



function waitText(seconds: number | undefined): string {
  if (seconds === undefined) return 'Wait a little and try again.';
  if (seconds < 90) return `Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
}

function failureText(error: unknown): string {
  if (error instanceof ApiRequestError && error.status === 429) return `Too many failed sign-ins. ${waitText(error.retryAfterSeconds)}`;
  return errorMessage(error);
}

export function SignInPage({ demoAccounts }: { demoAccounts: readonly DemoAccount[] }) {
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const location = useLocation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});

  if (session.isPending) return <Loading />;
  // Already signed in (another tab did it, or the address was bookmarked): go on. Not while
  // signing out, when the session is dropped just after arriving here.
  const signingOut = (location.state as { signedOut?: boolean } | null)?.signedOut === true;
  if (session.data && !signingOut && !signIn.isPending && !signIn.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (email.trim() === '') found.email = 'Type your e-mail address.';
    if (password === '') found.password = 'Type your password.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    signIn.mutate({ email: email.trim(), password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  return (
    <AuthCard title="Sign in" description="Firewatch needs to know who you are before it shows incidents.">
      <title>Sign in · Firewatch</title>
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Email" error={errors.email}>
          {(props) => <input {...props} type="email" autoComplete="username" className={inputClass} value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Password" error={errors.password}>
          {(props) => <input {...props} type="password" autoComplete="current-password" className={inputClass} value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <FormError message={signIn.isError ? failureText(signIn.error) : undefined} />
        <Button type="submit" variant="primary" className="w-full" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <p className="mt-4 text-xs text-slate-600">No account? An administrator invites you and sends you a link to choose a password.</p>
      {demoAccounts.length > 0 ? (
        <DemoAccounts
          accounts={demoAccounts}
          onPick={(account) => {
            setEmail(account.email);
            setPassword(account.password);
            setErrors({});
          }}
        />
      ) : null}
    </AuthCard>
  );
}

function DemoAccounts({ accounts, onPick }: { accounts: readonly DemoAccount[]; onPick: (account: DemoAccount) => void }) {
  return (
    <section aria-labelledby="demo-accounts-heading" className="mt-6 border-t border-slate-200 pt-4">
      <h2 id="demo-accounts-heading" className="text-sm font-semibold text-slate-900">
        Demo accounts
      </h2>
      <p className="mt-0.5 text-xs text-slate-600">This server runs in demo mode, so the passwords are public. Pick one to see what each role may do.</p>
      <ul className="mt-2 divide-y divide-slate-100">
        {accounts.map((account) => (
          <li key={account.email} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
            <div className="min-w-0 flex-1">
              <p className="font-medium text-slate-900">
                {account.name} <span className="font-normal text-slate-600">· {account.role}</span>
              </p>
              <p className="text-xs break-all text-slate-600">
                {account.email} · password <code className="font-mono">{account.password}</code>
              </p>
            </div>
            <Button size="sm" onClick={() => onPick(account)} aria-label={`Use ${account.name} (${account.role})`}>
              Use
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
