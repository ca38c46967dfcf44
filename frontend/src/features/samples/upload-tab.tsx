import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { plural } from '../../lib/format.ts';
import { useSet } from '../../lib/use-set.ts';
import { useSetId } from '../../lib/use-set-id.ts';
import { useSetLabels } from '../../lib/use-set-labels.ts';
import { useSetRole } from '../../lib/use-set-role.ts';
import { NotAddedList } from './components/not-added-list.tsx';
import { UploadDropzone } from './components/upload-dropzone.tsx';
import { UploadProgress } from './components/upload-progress.tsx';
import { useUploadQueue } from './hooks/use-upload-queue.ts';

/** Admins add images: many files, folders and ZIPs, with progress and the reasons for refusals. */
export default function UploadTab() {
  const setId = useSetId();
  const set = useSet(setId);
  const labels = useSetLabels(setId);
  const { role, isAdmin } = useSetRole(setId);
  const uploads = useUploadQueue(setId);

  if (!role) return <PageLoader />;
  if (!isAdmin) {
    return (
      <EmptyState title="Only the group’s managers upload images" icon={<IconLock size={26} />}>
        Ask a manager of this group to add images; then claim a package on the Packages tab.
      </EmptyState>
    );
  }

  const done = !uploads.running && uploads.items.length > 0;
  return (
    <Stack gap="md">
      {labels.data?.length === 0 && (
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} py="xs">
          This set has no labels yet.{' '}
          <Anchor component={Link} to={`/sets/${setId}/labels`} size="sm">
            Add them on the Labels tab
          </Anchor>{' '}
          so annotators can start as soon as the images are in.
        </Alert>
      )}
      <UploadDropzone onFiles={uploads.add} compact={uploads.items.length > 0} />
      {set.data && (
        <Text size="xs" c="dimmed" mt={-8}>
          Images fill packages of {set.data.package_size}; the set holds{' '}
          {plural(set.data.sample_count, 'image')} in {plural(set.data.package_count, 'package')}.
        </Text>
      )}
      {done && uploads.created > 0 && (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} py="xs">
          {plural(uploads.created, 'image')} added.{' '}
          <Anchor component={Link} to={`/sets/${setId}/samples`} size="sm">
            See them in the samples grid
          </Anchor>
          .
        </Alert>
      )}
      {done && <NotAddedList entries={uploads.notAdded} />}
      {uploads.items.length > 0 && (
        <UploadProgress
          items={uploads.items}
          running={uploads.running}
          onCancel={uploads.cancel}
          onRetry={uploads.retryFailed}
          onClear={uploads.clear}
        />
      )}
    </Stack>
  );
}
