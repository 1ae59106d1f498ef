import { Link } from 'react-router-dom';
import { errorMessage } from '../../../lib/api-client';
import { Button, buttonClass } from '../../../shared/components/button';
import { useLoadDemo } from '../api/load-demo';

/**
 * The first-run screen: nothing exists yet, so offer a tour or a real start. Only an admin may
 * load the example (it creates people); only a manager or admin may create a service.
 */
export function Welcome({ canLoadDemo, canCreateService }: { canLoadDemo: boolean; canCreateService: boolean }) {
  const demo = useLoadDemo();
  return (
    <div className="mx-auto max-w-3xl py-6 sm:py-12">
      <h1 className="text-2xl font-semibold text-slate-900">Welcome to Firewatch</h1>
      <p className="mt-2 text-slate-700">
        Firewatch takes alerts from your monitoring, opens incidents and gives the incident commander a live timeline. There is nothing here yet: start with an example
        or with your own first service.
      </p>
      {!canLoadDemo && !canCreateService ? (
        <p className="mt-6 rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-700">
          An administrator or a team manager sets up the first service. Incidents appear here once monitoring is connected.
        </p>
      ) : null}
      <div className="mt-6 grid gap-4 sm:grid-cols-2">
        {canLoadDemo ? (
          <section aria-labelledby="demo-heading" className="flex flex-col rounded-lg border border-slate-200 bg-white p-5">
            <h2 id="demo-heading" className="font-semibold text-slate-900">
              Explore an example
            </h2>
            <p className="mt-1 flex-1 text-sm text-slate-600">A small organisation with a team, services, people and a few incidents in progress, to see how everything fits together.</p>
            <Button variant="primary" className="mt-4 self-start" disabled={demo.isPending} onClick={() => demo.mutate()}>
              {demo.isPending ? 'Loading example…' : 'Load example organisation'}
            </Button>
            {demo.isError ? (
              <p role="alert" className="mt-3 text-sm text-red-800">
                {errorMessage(demo.error)}
              </p>
            ) : null}
          </section>
        ) : null}
        {canCreateService ? (
          <section aria-labelledby="own-heading" className="flex flex-col rounded-lg border border-slate-200 bg-white p-5">
            <h2 id="own-heading" className="font-semibold text-slate-900">
              Start for real
            </h2>
            <p className="mt-1 flex-1 text-sm text-slate-600">Create a service, copy its Alertmanager or PagerDuty configuration, and alerts start arriving here.</p>
            <Link to="/services" className={`${buttonClass('secondary')} mt-4 self-start`}>
              Create your first service
            </Link>
          </section>
        ) : null}
      </div>
    </div>
  );
}
