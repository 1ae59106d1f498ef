import { AuditPage } from '../../features/audit/components/audit-page';
import { useAllowed } from '../../lib/session';

export default function AuditRoute() {
  const allowed = useAllowed('audit:read');
  return (
    <>
      <title>Audit log · Firewatch</title>
      {allowed ? (
        <AuditPage />
      ) : (
        <div className="mx-auto max-w-md py-16 text-center">
          <h1 className="text-xl font-semibold text-slate-900">Only admins see the audit log</h1>
          <p className="mt-2 text-sm text-slate-600">Ask an administrator if you need to know who changed something.</p>
        </div>
      )}
    </>
  );
}
