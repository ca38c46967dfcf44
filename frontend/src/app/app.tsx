import { useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { setUnauthorizedHandler } from '../api/client.ts';
import { createQueryClient } from '../lib/query-client.ts';
import { queryKeys } from '../lib/query-keys.ts';
import { Providers } from './providers.tsx';
import { createAppRouter } from './router.tsx';

/** The whole app: providers around the router. */
export function App() {
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    // A 401 anywhere means the session ended: mark the user signed out; the guard sends them to
    // /login?next=<the page they were on>.
    setUnauthorizedHandler(() => client.setQueryData(queryKeys.me, null));
    return client;
  });
  const [router] = useState(createAppRouter);
  return (
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  );
}
