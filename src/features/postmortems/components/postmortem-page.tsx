import { Fragment, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { PostmortemDto } from '../../../contracts/postmortems';
import { POSTMORTEM_SECTIONS } from '../../../domain/postmortem/model';
import type { SectionKey } from '../../../domain/postmortem/model';
import { isNotFound } from '../../../lib/api-client';
import { useAllowed, useCurrentUser } from '../../../lib/session';
import { LoadError, Loading, NotFound } from '../../../shared/components/page-state';
import { usePostmortem } from '../api/get-postmortems';
import { usePresence } from '../hooks/use-presence';
import { PostmortemHeader } from './postmortem-header';
import { RunbookHelp } from './runbook-help';
import { SectionEditor } from './section-editor';
import { TimelineRefresh } from './timeline-refresh';

export type PostmortemPageProps = {
  id: string;
  /** Everyone who could own it or be named in it: the owner choices, and the names the blameless check looks for. */
  people: ReadonlyArray<{ id: string; name: string }>;
  /**
   * The Action items section, composed by the route from its own feature; shown where the
   * template puts it (between Lessons learned and Follow-up). Nothing is shown there without it.
   */
  actionItems?: (postmortem: PostmortemDto) => ReactNode;
};

/** `/postmortems/:id`: the post-mortem written together, one section at a time. */
export function PostmortemPage({ id, people, actionItems }: PostmortemPageProps) {
  const query = usePostmortem(id);
  const me = useCurrentUser();
  const canAct = useAllowed('incident:act');
  const [focused, setFocused] = useState<SectionKey | null>(null);
  const postmortem = query.data;
  const editors = usePresence(id, focused, Boolean(postmortem?.canEdit));
  const others = editors.filter((editor) => editor.userId !== me?.id);
  const names = useMemo(() => people.map((person) => person.name), [people]);

  if (!postmortem) {
    if (query.isError) return isNotFound(query.error) ? <NotFound title="No such post-mortem" /> : <LoadError error={query.error} onRetry={() => void query.refetch()} />;
    return <Loading label="Loading the post-mortem…" />;
  }
  return (
    <div className="space-y-4">
      <PostmortemHeader postmortem={postmortem} people={people} others={others} />
      {POSTMORTEM_SECTIONS.map(({ key }) => {
        const section = postmortem.sections.find((s) => s.key === key);
        if (!section) return null;
        return (
          <Fragment key={key}>
            {key === 'follow-up' && actionItems ? actionItems(postmortem) : null}
            <SectionEditor
              key={key}
              postmortemId={postmortem.id}
              section={section}
              editable={postmortem.canEdit}
              people={names}
              othersHere={others.filter((editor) => editor.section === key).map((editor) => editor.name)}
              onFocusSection={() => setFocused(key)}
              extra={key === 'timeline' ? (append) => <TimelineRefresh postmortemId={postmortem.id} append={append} /> : undefined}
            />
          </Fragment>
        );
      })}
      <RunbookHelp incidentId={postmortem.incident.id} canAnswer={canAct} />
    </div>
  );
}
