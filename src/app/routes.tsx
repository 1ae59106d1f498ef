import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { AppLayout } from './layout/app-layout';
import { RouteError } from './layout/route-error';
import { DashboardRoute } from './routes/dashboard-route';
import { NotFoundRoute } from './routes/not-found-route';
import { SignInRoute } from './routes/sign-in-route';

// Everything but the dashboard and the sign-in page loads on demand, so the first screen stays small.
const IncidentRoute = lazy(() => import('./routes/incident-route'));
const ServicesRoute = lazy(() => import('./routes/services-route'));
const EscalationPolicyRoute = lazy(() => import('./routes/escalation-policy-route'));
const PeopleRoute = lazy(() => import('./routes/people-route'));
const ProfileRoute = lazy(() => import('./routes/profile-route'));
const AuditRoute = lazy(() => import('./routes/audit-route'));
const SetupRoute = lazy(() => import('./routes/setup-route'));
const InviteRoute = lazy(() => import('./routes/invite-route'));
const AckRoute = lazy(() => import('./routes/ack-route'));
const ChannelsRoute = lazy(() => import('./routes/channels-route'));
// The calendar (with the schedule resolver and drag and drop) is the heaviest screen: on demand only.
const SchedulesRoute = lazy(() => import('./routes/schedules-route'));
const ScheduleRoute = lazy(() => import('./routes/schedule-route'));
// Runbooks: the library, the markdown viewer and (heavier still) the CodeMirror editor, each on demand.
const RunbooksRoute = lazy(() => import('./routes/runbooks-route'));
const RunbookRoute = lazy(() => import('./routes/runbook-route'));
const RunbookEditRoute = lazy(() => import('./routes/runbook-edit-route'));
const RunbookHistoryRoute = lazy(() => import('./routes/runbook-history-route'));
// Post-mortems: the list, the editor (CodeMirror and markdown load later still) and the print page.
const PostmortemsRoute = lazy(() => import('./routes/postmortems-route'));
const PostmortemRoute = lazy(() => import('./routes/postmortem-route'));
const PostmortemPrintRoute = lazy(() => import('./routes/postmortem-print-route'));
const ActionItemsRoute = lazy(() => import('./routes/action-items-route'));
// Metrics: the charts (recharts) load with this page only.
const MetricsRoute = lazy(() => import('./routes/metrics-route'));
// The status page's admin screen: on demand only.
const StatusAdminRoute = lazy(() => import('./routes/status-admin-route'));

export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInRoute />, errorElement: <RouteError /> },
  { path: '/setup', element: <SetupRoute />, errorElement: <RouteError /> },
  { path: '/invite/:token', element: <InviteRoute />, errorElement: <RouteError /> },
  { path: '/ack/:token', element: <AckRoute />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <DashboardRoute /> },
      { path: 'incidents/:id', element: <IncidentRoute /> },
      { path: 'services', element: <ServicesRoute /> },
      { path: 'services/:id/escalation', element: <EscalationPolicyRoute /> },
      { path: 'people', element: <PeopleRoute /> },
      { path: 'schedules', element: <SchedulesRoute /> },
      { path: 'schedules/:id', element: <ScheduleRoute /> },
      { path: 'runbooks', element: <RunbooksRoute /> },
      { path: 'runbooks/new', element: <RunbookEditRoute /> },
      { path: 'runbooks/:id', element: <RunbookRoute /> },
      { path: 'runbooks/:id/edit', element: <RunbookEditRoute /> },
      { path: 'runbooks/:id/history', element: <RunbookHistoryRoute /> },
      { path: 'postmortems', element: <PostmortemsRoute /> },
      { path: 'postmortems/:id', element: <PostmortemRoute /> },
      { path: 'postmortems/:id/print', element: <PostmortemPrintRoute /> },
      { path: 'metrics', element: <MetricsRoute /> },
      { path: 'status-admin', element: <StatusAdminRoute /> },
      { path: 'profile', element: <ProfileRoute /> },
      { path: 'admin/audit', element: <AuditRoute /> },
      { path: 'admin/channels', element: <ChannelsRoute /> },
      { path: 'action-items', element: <ActionItemsRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];
