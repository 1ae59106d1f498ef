import { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { usePeople } from '../../features/people/api/get-people';
import { ActionItemsSection } from '../../features/postmortems/components/action-items-section';
import { PostmortemPage } from '../../features/postmortems/components/postmortem-page';

/** The people directory comes from its own feature: the owner choices and the names the blameless check knows. */
export default function PostmortemRoute() {
  const { id = '' } = useParams();
  const people = usePeople();
  const directory = useMemo(() => (people.data?.items ?? []).map((p) => ({ id: p.id, name: p.name })), [people.data]);
  return (
    <>
      <title>Post-mortem · Firewatch</title>
      <PostmortemPage
        key={id}
        id={id}
        people={directory}
        // Items are added and removed while the post-mortem is editable; after publishing they are closed from the action items list.
        actionItems={(postmortem) => <ActionItemsSection postmortem={postmortem} canEdit={postmortem.canEdit} />}
      />
    </>
  );
}
