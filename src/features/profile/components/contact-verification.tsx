import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ProfileDto } from '../../../contracts/people';
import { ApiRequestError, errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, inputClass } from '../../../shared/components/field';
import { ZonedTime } from '../../../shared/components/zoned-time';
import { useSendVerification } from '../api/send-verification';
import { useVerifyContact } from '../api/verify-contact';

const CODE = /^\d{6}$/;

/**
 * Whether Firewatch may page through one saved contact method, and the way to make it so: a code
 * sent over the method, typed back here. It sits inside the profile's form, so it is a group rather
 * than a form of its own, and Enter in the code field verifies instead of saving the profile.
 */
export function ContactVerification({ methodId, label, verified, onVerified }: { methodId: string; label: string; verified: boolean; onVerified: (profile: ProfileDto) => void }) {
  const send = useSendVerification();
  const verify = useVerifyContact();
  const [code, setCode] = useState('');
  const [codeProblem, setCodeProblem] = useState<string>();

  if (verified) {
    return (
      <p className="text-sm">
        <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900">Verified</span>
      </p>
    );
  }

  const sendCode = () => {
    setCode('');
    setCodeProblem(undefined);
    verify.reset();
    send.mutate({ contactMethodId: methodId });
  };

  const submit = () => {
    if (!CODE.test(code.trim())) {
      setCodeProblem('Type the 6 digits of the code.');
      return;
    }
    setCodeProblem(undefined);
    verify.mutate({ contactMethodId: methodId, code: code.trim() }, { onSuccess: onVerified });
  };

  const onCodeKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    submit();
  };

  const tooMany = verify.error instanceof ApiRequestError && verify.error.status === 429;
  const verifyProblem = codeProblem ?? (tooMany ? 'Too many wrong codes. Send a new code and try again.' : fieldMessage(verify.error, 'code', 'Code'));
  const verifyFailure = verify.error && !verifyProblem ? errorMessage(verify.error) : undefined;

  return (
    <div className="space-y-2 text-sm">
      <p>
        <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">Not verified</span>{' '}
        <span className="text-slate-700">— never paged until verified.</span>
      </p>
      <Button size="sm" onClick={sendCode} disabled={send.isPending} aria-label={`Send a code to ${label}`}>
        {send.isPending ? 'Sending…' : send.data ? 'Send a new code' : 'Send code'}
      </Button>
      {send.isError ? (
        <p role="alert" className="text-red-800">
          Could not send a code: {errorMessage(send.error)}
        </p>
      ) : null}
      {send.data ? (
        <div role="group" aria-label={`Verify ${label}`} className="space-y-2">
          <p role="status" className="text-slate-700">
            Code sent to {send.data.sentTo}; it works until <ZonedTime iso={send.data.expiresAt} style="time" />.
          </p>
          <div className="flex flex-wrap items-start gap-2">
            <Field label={`Code for ${label}`} error={verifyProblem} className="w-40">
              {(props) => <input {...props} inputMode="numeric" autoComplete="one-time-code" maxLength={6} className={inputClass} value={code} onChange={(e) => setCode(e.target.value)} onKeyDown={onCodeKey} />}
            </Field>
            <Button size="sm" onClick={submit} className="mt-7" disabled={verify.isPending || tooMany}>
              {verify.isPending ? 'Checking…' : 'Verify'}
            </Button>
          </div>
          {verifyFailure ? (
            <p role="alert" className="text-red-800">
              Not verified: {verifyFailure}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
