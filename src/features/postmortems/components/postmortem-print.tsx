import { Link } from 'react-router-dom';
import { isNotFound } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { LazyMarkdown } from '../../../shared/components/lazy-markdown';
import { LoadError, Loading, NotFound } from '../../../shared/components/page-state';
import { usePostmortem } from '../api/get-postmortems';
import { STATUS_LABEL } from '../model/labels';

const ACTION_STATUS = { open: 'Open', in_progress: 'In progress', done: 'Done', wont_do: "Won't do" } as const;

/**
 * `/postmortems/:id/print`: the whole post-mortem read-only in one column, for paper or a PDF.
 * The app's header and this page's own controls are hidden when printing; sections avoid
 * breaking across pages where they can.
 */
export function PostmortemPrint({ id }: { id: string }) {
  const query = usePostmortem(id);
  const postmortem = query.data;
  if (!postmortem) {
    if (query.isError) return isNotFound(query.error) ? <NotFound title="No such post-mortem" /> : <LoadError error={query.error} onRetry={() => void query.refetch()} />;
    return <Loading label="Loading the post-mortem…" />;
  }
  const { incident } = postmortem;
  const sections = postmortem.sections;
  const before = sections.filter((s) => s.key !== 'follow-up');
  const followUp = sections.filter((s) => s.key === 'follow-up');
  const section = (s: (typeof sections)[number]) => (
    <section key={s.key} aria-labelledby={`print-${s.key}`} className="break-inside-avoid-page">
      <h2 id={`print-${s.key}`} className="mt-6 mb-2 border-b border-slate-300 pb-1 text-lg font-semibold text-slate-900">
        {s.title}
      </h2>
      <LazyMarkdown body={s.body} label={`${s.title} text`} />
    </section>
  );
  return (
    <article className="mx-auto max-w-3xl bg-white p-4 text-slate-900 sm:p-8 print:max-w-none print:p-0">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2 print:hidden">
        <Link to={`/postmortems/${encodeURIComponent(postmortem.id)}`} className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
          ← Back to the post-mortem
        </Link>
        <Button onClick={() => window.print()}>Print</Button>
      </div>
      <h1 className="text-2xl font-semibold">{postmortem.title}</h1>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Incident</dt>
        <dd>
          {incident.id}: {incident.title} ({incident.severity}, {incident.serviceName})
        </dd>
        <dt className="font-medium">Status</dt>
        <dd>{STATUS_LABEL[postmortem.status]}</dd>
        <dt className="font-medium">Owner</dt>
        <dd>{postmortem.owner.name}</dd>
        <dt className="font-medium">Follow-up review</dt>
        <dd>{postmortem.followUpOn}</dd>
      </dl>
      {before.map(section)}
      <section aria-labelledby="print-action-items" className="break-inside-avoid-page">
        <h2 id="print-action-items" className="mt-6 mb-2 border-b border-slate-300 pb-1 text-lg font-semibold">
          Action items
        </h2>
        {postmortem.actionItems.length === 0 ? (
          <p className="text-sm text-slate-600 italic">None.</p>
        ) : (
          <table className="w-full border-collapse text-sm">
            <thead>
              <tr>
                <th scope="col" className="border border-slate-300 px-2 py-1 text-left">Action</th>
                <th scope="col" className="border border-slate-300 px-2 py-1 text-left">Owner</th>
                <th scope="col" className="border border-slate-300 px-2 py-1 text-left">Due</th>
                <th scope="col" className="border border-slate-300 px-2 py-1 text-left">Status</th>
              </tr>
            </thead>
            <tbody>
              {postmortem.actionItems.map((item) => (
                <tr key={item.id}>
                  <td className="border border-slate-300 px-2 py-1 break-words">{item.title}</td>
                  <td className="border border-slate-300 px-2 py-1">{item.owner.name}</td>
                  <td className="border border-slate-300 px-2 py-1">{item.dueOn ?? '—'}</td>
                  <td className="border border-slate-300 px-2 py-1">
                    {ACTION_STATUS[item.status]}
                    {item.overdue ? ' (overdue)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {followUp.map(section)}
    </article>
  );
}
