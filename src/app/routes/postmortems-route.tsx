import { PostmortemList } from '../../features/postmortems/components/postmortem-list';

export default function PostmortemsRoute() {
  return (
    <>
      <title>Post-mortems · Firewatch</title>
      <PostmortemList />
    </>
  );
}
