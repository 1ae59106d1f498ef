import { ChannelsPage } from '../../features/paging/components/channels-page';
import { useAllowed } from '../../lib/session';

export default function ChannelsRoute() {
  const allowed = useAllowed('people:admin');
  return (
    <>
      <title>Channels · Firewatch</title>
      {allowed ? (
        <ChannelsPage />
      ) : (
        <div className="mx-auto max-w-md py-16 text-center">
          <h1 className="text-xl font-semibold text-slate-900">Only admins see the notification channels</h1>
          <p className="mt-2 text-sm text-slate-600">Ask an administrator if paging by e-mail, SMS or webhook does not reach you.</p>
        </div>
      )}
    </>
  );
}
