import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';

/**
 * A metric's name that explains itself on hover and on keyboard focus: a focusable button
 * described by (aria-describedby) a tooltip with the definition, dismissed with Escape (WCAG 1.4.13).
 * The definition is always in the DOM, so a screen reader reads it with the name even while hidden.
 */
export function DefinitionTerm({ label, definition }: { label: string; definition: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') setOpen(false);
  };
  return (
    <span className="relative inline-block" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        aria-describedby={id}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        className="cursor-help text-left text-sm font-medium text-slate-700 underline decoration-slate-400 decoration-dotted underline-offset-4 focus-visible:outline-2 focus-visible:outline-blue-700"
      >
        {label}
      </button>
      <span
        id={id}
        role="tooltip"
        hidden={!open}
        className="absolute top-full left-0 z-20 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-slate-900 px-3 py-2 text-xs leading-relaxed font-normal text-white shadow-lg"
      >
        {definition}
      </span>
    </span>
  );
}
