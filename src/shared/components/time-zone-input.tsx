import { useId, useMemo } from 'react';
import type { InputHTMLAttributes } from 'react';
import { inputClass } from './field';

/** Every zone the browser knows, offered as suggestions; typing is still allowed (and validated). */
function knownZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

export function TimeZoneInput({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  const listId = useId();
  const zones = useMemo(knownZones, []);
  return (
    <>
      <input {...rest} list={listId} autoComplete="off" spellCheck={false} className={`${inputClass} ${className ?? ''}`} placeholder="Europe/Berlin" />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
