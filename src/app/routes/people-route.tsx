import { PeoplePage } from '../../features/people/components/people-page';

export default function PeopleRoute() {
  return (
    <>
      <title>People · Firewatch</title>
      <PeoplePage />
    </>
  );
}
