import { useId } from 'react';
import { CopyButton } from './copy-button';
import { inputClass } from './field';

/** The server answers a feed as a path; calendar apps need the whole address on this origin. */
export function feedAddress(path: string): string {
  return new URL(path, window.location.origin).href;
}

/** The same address with the webcal scheme, which the system hands to its calendar app to subscribe. */
export function webcalAddress(address: string): string {
  return address.replace(/^https?:/, 'webcal:');
}

/**
 * A calendar feed's address in a read-only field (selected whole on focus, so it can be copied by
 * hand too), a copy button and a link that opens the system's calendar app to subscribe.
 */
export function CalendarFeedUrl({ path, label, copyLabel, autoFocus = false }: { path: string; label: string; copyLabel: string; autoFocus?: boolean }) {
  const id = useId();
  const address = feedAddress(path);
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          type="text"
          readOnly
          value={address}
          spellCheck={false}
          data-autofocus={autoFocus ? '' : undefined}
          onFocus={(event) => event.currentTarget.select()}
          className={`${inputClass} flex-1 basis-64 font-mono text-xs`}
        />
        <CopyButton text={address} label={copyLabel} />
        <a href={webcalAddress(address)} className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
          Open in calendar app
        </a>
      </div>
    </div>
  );
}
