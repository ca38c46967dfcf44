import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { PageLoader } from '../components/page-loader.tsx';

/** For the editor: the whole window, no header or padding; the page draws its own bar. */
export function FullScreenLayout() {
  return (
    <Suspense fallback={<PageLoader label="Opening the editor…" />}>
      <Outlet />
    </Suspense>
  );
}
