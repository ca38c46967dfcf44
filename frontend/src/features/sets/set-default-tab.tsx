import { Navigate } from 'react-router';
import { PageLoader } from '../../components/page-loader.tsx';
import { useSet } from '../../lib/use-set.ts';
import { useSetId } from '../../lib/use-set-id.ts';
import { useSetLabels } from '../../lib/use-set-labels.ts';
import { useSetRole } from '../../lib/use-set-role.ts';

/**
 * /sets/:setId opens where the work is: a manager's new set at its labels, then at the upload;
 * otherwise the packages.
 */
export default function SetDefaultTab() {
  const setId = useSetId();
  const set = useSet(setId);
  const labels = useSetLabels(setId);
  const { role } = useSetRole(setId);
  if (!set.data || !role || labels.isPending) return <PageLoader />;
  let tab = 'packages';
  if (role === 'admin' && set.data.sample_count === 0) {
    tab = labels.data?.length === 0 ? 'labels' : 'upload';
  }
  return <Navigate to={tab} replace />;
}
