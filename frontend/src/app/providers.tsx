import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dropzone/styles.css';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useForcedColorScheme } from '../lib/forced-color-scheme.ts';
import { theme } from '../lib/theme.ts';

interface ProvidersProps {
  queryClient: QueryClient;
  children: ReactNode;
}

/**
 * Theme (follows the system's light or dark mode, unless a page imposes one: the editor), server
 * state, notifications and modals.
 */
export function Providers({ queryClient, children }: ProvidersProps) {
  const forcedColorScheme = useForcedColorScheme();
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" forceColorScheme={forcedColorScheme}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider labels={{ confirm: 'Confirm', cancel: 'Cancel' }}>
          <Notifications position="top-right" limit={4} />
          {children}
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
