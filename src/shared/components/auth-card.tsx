import type { ReactNode } from 'react';

/** The frame of the pages seen before signing in: the product's name and one small card. */
export function AuthCard({ title, description, children, wide = false }: { title: string; description?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className="min-h-screen bg-slate-100 px-3 py-8 text-slate-900 sm:py-16">
      <main id="main" className={`mx-auto ${wide ? 'max-w-3xl' : 'max-w-md'}`}>
        <p className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden="true" className="flex size-7 items-center justify-center rounded bg-red-600 text-sm font-bold text-white">
            F
          </span>
          Firewatch
        </p>
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          {description ? <div className="mt-1 text-sm text-slate-600">{description}</div> : null}
          <div className="mt-5">{children}</div>
        </div>
      </main>
    </div>
  );
}
