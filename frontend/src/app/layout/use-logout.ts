import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { queryKeys } from '../../lib/query-keys.ts';

/** Ends the session on the server, forgets every cached answer and goes to the login page. */
export function useLogout(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    try {
      await unwrap(api.POST('/api/auth/logout'));
    } catch (error) {
      notifications.show({ color: 'red', title: 'Log out failed', message: errorMessage(error) });
      return;
    }
    queryClient.clear();
    queryClient.setQueryData(queryKeys.me, null);
    await navigate('/login', { replace: true });
    notifications.show({ message: 'You are logged out.' });
  }, [navigate, queryClient]);
}
