import type { ReactNode } from 'react';

/** A titled card; its heading names the chart or table inside it. */
export function Panel({ id, title, note, children }: { id: string; title: string; note?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <h2 id={id} className="mb-2 text-sm font-semibold text-slate-900">
        {title}
      </h2>
      {note ? <p className="mb-2 text-xs text-slate-600">{note}</p> : null}
      {children}
    </section>
  );
}
