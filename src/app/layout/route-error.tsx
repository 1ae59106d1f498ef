import { Link, useRouteError } from 'react-router-dom';
import { errorMessage } from '../../lib/api-client';

/** Shown when a page throws while rendering: say so plainly and offer a way back. */
export function RouteError() {
  const error = useRouteError();
  return (
    <div role="alert" className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-xl font-semibold text-slate-900">This page failed to load</h1>
      <p className="mt-2 text-sm text-slate-700">{errorMessage(error)}</p>
      <p className="mt-4 flex justify-center gap-4 text-sm">
        <button type="button" className="font-medium text-blue-700 underline" onClick={() => window.location.reload()}>
          Reload
        </button>
        <Link to="/" className="font-medium text-blue-700 underline">
          Back to the dashboard
        </Link>
      </p>
    </div>
  );
}
