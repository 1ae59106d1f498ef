import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../lib/api-client';
import { Button } from './button';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" className="py-10 text-center text-sm text-slate-600">
      {label}
    </p>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p className="font-medium">Could not load this.</p>
      <p className="mt-1">{errorMessage(error)}</p>
      {onRetry ? (
        <Button size="sm" className="mt-3" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function NotFound({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">{title}</h1>
      <div className="mt-2 text-sm text-slate-600">{children}</div>
      <Link to="/" className="mt-6 inline-block text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
        Back to the dashboard
      </Link>
    </div>
  );
}
