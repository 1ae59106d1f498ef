import { useMemo } from 'react';
import { ProfilePage } from '../../features/profile/components/profile-page';
import { useSchedules } from '../../features/schedules/api/get-schedules';

/** The schedules feature names the schedules whose feeds the profile lists; until it answers (or if it fails) they go unnamed. */
export default function ProfileRoute() {
  const schedules = useSchedules();
  const scheduleNames = useMemo(() => new Map((schedules.data?.items ?? []).map((s) => [s.id, s.name])), [schedules.data]);
  return (
    <>
      <title>Profile · Firewatch</title>
      <ProfilePage scheduleNames={scheduleNames} />
    </>
  );
}
