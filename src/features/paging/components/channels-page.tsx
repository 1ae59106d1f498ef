import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ChannelStateDto } from '../../../contracts/escalation';
import { errorMessage, fieldMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { Field, inputClass } from '../../../shared/components/field';
import { LoadError, Loading } from '../../../shared/components/page-state';
import { useChannels } from '../api/get-channels';
import { useSendChannelTest } from '../api/send-channel-test';

type Channel = ChannelStateDto['channel'];

const CHANNEL_NAMES: Record<Channel, string> = { email: 'E-mail', sms: 'SMS', voice: 'Voice call', webhook: 'Webhook' };
const TEST_ADDRESS_HINTS: Record<Channel, string> = {
  email: 'name@example.com',
  sms: '+14155550123',
  voice: '+14155550123',
  webhook: 'https://hooks.example.com/…',
};
const DOCS = 'docs/channels.md';

/** What an admin needs to know about each way Firewatch pages people, and a way to try each one. */
export function ChannelsPage() {
  const channels = useChannels();
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Notification channels</h1>
        <p className="text-sm text-slate-600">Channels are configured by environment variables on the server. A page that needs a channel that is not configured says so on its incident’s timeline.</p>
      </div>
      {channels.isPending ? <Loading label="Loading channels…" /> : null}
      {channels.isError ? <LoadError error={channels.error} onRetry={() => void channels.refetch()} /> : null}
      {channels.data ? (
        <ul aria-label="Channels" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          <li aria-label="In-app" className="p-4">
            <h2 className="text-base font-semibold text-slate-900">In-app</h2>
            <p className="mt-1 text-sm text-green-800">Ready: needs no configuration. Every open Firewatch tab of the person paged rings.</p>
          </li>
          {channels.data.map((state) => (
            <ChannelRow key={state.channel} state={state} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ChannelRow({ state }: { state: ChannelStateDto }) {
  const name = CHANNEL_NAMES[state.channel];
  const send = useSendChannelTest();
  const [to, setTo] = useState('');
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(to.trim() === '');
    if (to.trim() === '') return;
    send.mutate({ channel: state.channel, to: to.trim() });
  };

  const toProblem = missing ? 'Type where the test should go.' : fieldMessage(send.error, 'to', 'Address');
  const result = send.data;
  const failure = send.error && !toProblem ? errorMessage(send.error) : undefined;

  return (
    <li aria-label={name} className="p-4">
      <h2 className="text-base font-semibold text-slate-900">{name}</h2>
      {state.configured ? (
        <p className="mt-1 text-sm text-green-800">Configured: {state.detail}</p>
      ) : (
        <p className="mt-1 text-sm text-amber-900">
          Not configured — {state.detail}
          {state.detail.includes(DOCS) ? '' : ` (see ${DOCS})`}
        </p>
      )}
      <form onSubmit={submit} noValidate aria-label={`Send a test ${name} message`} className="mt-3 flex flex-wrap items-start gap-2">
        <Field label={`Send a test ${name} message to`} error={toProblem} className="min-w-0 flex-1 basis-64">
          {(props) => <input {...props} className={inputClass} value={to} placeholder={TEST_ADDRESS_HINTS[state.channel]} onChange={(e) => setTo(e.target.value)} />}
        </Field>
        <Button type="submit" className="sm:mt-6" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send test'}
        </Button>
      </form>
      {result?.sent ? (
        <p role="status" className="mt-2 text-sm text-green-800">
          Test sent to {send.variables?.to}.
        </p>
      ) : null}
      {result && !result.sent ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          Not sent: {result.error ?? 'the server gave no reason'}
        </p>
      ) : null}
      {failure ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          Could not send the test: {failure}
        </p>
      ) : null}
    </li>
  );
}
