/* eslint-disable react-refresh/only-export-components -- the route table: lazy pages, not a component module */
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { PageLoader } from '../components/page-loader.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { FullScreenLayout } from './full-screen-layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RequireAuth } from './require-auth.tsx';
import { RouteErrorPage } from './route-error-page.tsx';

// Every page loads on demand, so the first visit downloads only the shell.
const LoginPage = lazy(() => import('../features/auth/login-page.tsx'));
const RegisterPage = lazy(() => import('../features/auth/register-page.tsx'));
const HomePage = lazy(() => import('./home-page.tsx'));
const MyWorkPage = lazy(() => import('../features/work/my-work-page.tsx'));
const GroupsPage = lazy(() => import('../features/groups/groups-page.tsx'));
const GroupPage = lazy(() => import('../features/groups/group-page.tsx'));
const GroupOverviewTab = lazy(() => import('../features/groups/group-overview-tab.tsx'));
const GroupSetsTab = lazy(() => import('../features/groups/group-sets-tab.tsx'));
const GroupSettingsTab = lazy(() => import('../features/groups/group-settings-tab.tsx'));
const MembersTab = lazy(() => import('../features/members/members-tab.tsx'));
const AuditTab = lazy(() => import('../features/audit/audit-tab.tsx'));
const ProfilePage = lazy(() => import('../features/profile/profile-page.tsx'));
const SetPage = lazy(() => import('../features/sets/set-page.tsx'));
const SetDefaultTab = lazy(() => import('../features/sets/set-default-tab.tsx'));
const PackagesTab = lazy(() => import('../features/packages/packages-tab.tsx'));
const SamplesTab = lazy(() => import('../features/samples/samples-tab.tsx'));
const LabelsTab = lazy(() => import('../features/labels/labels-tab.tsx'));
const UploadTab = lazy(() => import('../features/samples/upload-tab.tsx'));
const AnnotatePage = lazy(() => import('../features/annotate/annotate-page.tsx'));

function page(element: ReactNode) {
  return <Suspense fallback={<PageLoader />}>{element}</Suspense>;
}

export function createAppRouter() {
  return createBrowserRouter([
    {
      errorElement: <RouteErrorPage />,
      children: [
        { path: '/login', element: page(<LoginPage />) },
        { path: '/register', element: page(<RegisterPage />) },
        {
          element: <RequireAuth />,
          children: [
            {
              element: <AppLayout />,
              children: [
                { index: true, element: page(<HomePage />) },
                { path: 'work', element: page(<MyWorkPage />) },
                { path: 'groups', element: page(<GroupsPage />) },
                {
                  path: 'groups/:groupId',
                  element: page(<GroupPage />),
                  children: [
                    { index: true, element: <Navigate to="overview" replace /> },
                    { path: 'overview', element: page(<GroupOverviewTab />) },
                    { path: 'sets', element: page(<GroupSetsTab />) },
                    { path: 'members', element: page(<MembersTab />) },
                    { path: 'audit', element: page(<AuditTab />) },
                    { path: 'settings', element: page(<GroupSettingsTab />) },
                  ],
                },
                {
                  path: 'sets/:setId',
                  element: page(<SetPage />),
                  children: [
                    { index: true, element: page(<SetDefaultTab />) },
                    { path: 'packages', element: page(<PackagesTab />) },
                    { path: 'samples', element: page(<SamplesTab />) },
                    { path: 'labels', element: page(<LabelsTab />) },
                    { path: 'upload', element: page(<UploadTab />) },
                  ],
                },
                { path: 'profile', element: page(<ProfilePage />) },
                { path: '*', element: <NotFoundPage /> },
              ],
            },
            {
              element: <FullScreenLayout />,
              children: [
                { path: 'packages/:packageId', element: <AnnotatePage /> },
                { path: 'packages/:packageId/samples/:sampleId', element: <AnnotatePage /> },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
