import { LoadError, Loading } from '../../../shared/components/page-state';
import { useProfile } from '../api/get-profile';
import { ApiTokensSection } from './api-tokens-section';
import { CalendarFeedsSection } from './calendar-feeds-section';
import { ChangePasswordForm } from './change-password-form';
import { ProfileForm } from './profile-form';

const NO_SCHEDULES: ReadonlyMap<string, string> = new Map();

/** `scheduleNames` (schedule id → name) lets the feeds list say which schedule a feed shows. */
export function ProfilePage({ scheduleNames = NO_SCHEDULES }: { scheduleNames?: ReadonlyMap<string, string> }) {
  const profile = useProfile();
  if (profile.isPending) return <Loading label="Loading your profile…" />;
  if (profile.isError) return <LoadError error={profile.error} onRetry={() => void profile.refetch()} />;
  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Your profile</h1>
        <p className="text-sm text-slate-600">
          {profile.data.email} · {profile.data.role}
          {profile.data.teams.length > 0 ? ` · ${profile.data.teams.map((t) => `${t.name}${t.manager ? ' (manager)' : ''}`).join(', ')}` : ''}
        </p>
      </div>
      <ProfileForm profile={profile.data} />
      <ChangePasswordForm email={profile.data.email} />
      <CalendarFeedsSection scheduleNames={scheduleNames} />
      <ApiTokensSection ownRole={profile.data.role} />
    </div>
  );
}
