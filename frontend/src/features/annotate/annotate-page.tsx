import { Center, Text } from '@mantine/core';
import { useParams } from 'react-router';

/** The annotation editor for one package. */
export default function AnnotatePage() {
  const { packageId } = useParams();
  return (
    <Center h="100vh">
      <Text c="dimmed">Opening package {packageId}…</Text>
    </Center>
  );
}
