import { Text } from '@mantine/core';
import { useParams } from 'react-router';
import { PageHeader } from '../../components/page-header.tsx';

/** A set: labels, upload, samples, packages and export. */
export default function SetPage() {
  const { setId } = useParams();
  return (
    <>
      <PageHeader title={`Set ${setId ?? ''}`} breadcrumbs={[{ label: 'Groups', to: '/groups' }]} />
      <Text c="dimmed">Loading the set…</Text>
    </>
  );
}
