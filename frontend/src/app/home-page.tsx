import { lazy } from 'react';
import { PageLoader } from '../components/page-loader.tsx';
import { useOverview } from '../lib/use-overview.ts';

const MyWorkPage = lazy(() => import('../features/work/my-work-page.tsx'));
const OverviewPage = lazy(() => import('../features/overview/overview-page.tsx'));

/** `/`: a manager's home is their groups' overview; a doctor's home is their work (and so is a
 * manager's when the overview cannot be read: their work never waits on it). */
export default function HomePage() {
  const overview = useOverview();
  if (overview.isPending) return <PageLoader />;
  if (overview.data && overview.data.groups.length > 0)
    return <OverviewPage overview={overview.data} />;
  return <MyWorkPage />;
}
