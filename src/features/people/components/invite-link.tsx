import { CopyButton } from '../../../shared/components/copy-button';

/** The one-time link an admin passes on (there is no e-mail yet): shown once, with a copy button. */
export function InviteLink({ name, path }: { name: string; path: string }) {
  const url = `${window.location.origin}${path}`;
  return (
    <div role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-slate-800">
      <p className="font-medium text-green-900">Send this link to {name}; it works once, for 7 days.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code aria-label={`Invite link for ${name}`} className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-xs break-all ring-1 ring-green-200">
          {url}
        </code>
        <CopyButton text={url} label={`Copy invite link for ${name}`} />
      </div>
      <p className="mt-1 text-xs text-slate-600">Firewatch does not show it again; make a new one from the list if it gets lost.</p>
    </div>
  );
}
