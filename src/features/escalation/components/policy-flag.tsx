import { useEscalationPolicy } from '../api/get-escalation-policy';

/**
 * A service card's word on its policy: flagged when there is none (nobody is paged) or when the
 * policy check found something. It asks for the same view the policy page shows, so opening the
 * page after it costs nothing.
 */
export function PolicyFlag({ serviceId }: { serviceId: string }) {
  const view = useEscalationPolicy(serviceId);
  if (view.isPending) return <span className="text-sm text-slate-600">Checking the escalation policy…</span>;
  if (view.isError) return <span className="text-sm text-slate-600">Escalation policy unknown (could not load it)</span>;
  const { policy, lint } = view.data;
  if (!policy) {
    return <span className="rounded bg-red-100 px-1.5 py-0.5 text-sm font-medium text-red-900">No escalation policy: nobody is paged</span>;
  }
  if (lint.length > 0) {
    return (
      <span className="rounded bg-amber-100 px-1.5 py-0.5 text-sm font-medium text-amber-950">
        {lint.length} policy {lint.length === 1 ? 'finding' : 'findings'}
      </span>
    );
  }
  return <span className="text-sm text-green-800">Escalation policy checked: no findings</span>;
}
