import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { AppLayout } from './layout/app-layout';
import { RouteError } from './layout/route-error';
import { DashboardRoute } from './routes/dashboard-route';
import { NotFoundRoute } from './routes/not-found-route';

// The incident and services pages load on demand so the dashboard's first load stays small.
const IncidentRoute = lazy(() => import('./routes/incident-route'));
const ServicesRoute = lazy(() => import('./routes/services-route'));

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <DashboardRoute /> },
      { path: 'incidents/:id', element: <IncidentRoute /> },
      { path: 'services', element: <ServicesRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];
