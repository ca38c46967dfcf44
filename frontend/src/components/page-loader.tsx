import { Center, Loader } from '@mantine/core';

/** A centred spinner while a page or section loads. */
export function PageLoader({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" mih={160} role="status" aria-label={label}>
      <Loader size="md" />
    </Center>
  );
}
