import { Box, Button, Center, Stack } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import { Link, Navigate, useParams } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { usePackage } from './api.ts';
import { AnnotateWorkspace } from './components/annotate-workspace.tsx';

/**
 * The annotation editor of a package. `/packages/:id` opens the first sample I have not examined
 * (else the first); `/packages/:id/samples/:sampleId` opens that sample.
 */
export default function AnnotatePage() {
  const params = useParams();
  const packageId = Number(params.packageId);
  const sampleId = params.sampleId === undefined ? null : Number(params.sampleId);
  const pkg = usePackage(packageId);

  if (pkg.isPending) return <PageLoader label="Opening the package…" />;
  if (pkg.isError) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={520} w="100%">
          <QueryError
            error={pkg.error}
            title="Could not open this package"
            onRetry={() => void pkg.refetch()}
          />
          <Button component={Link} to="/" variant="default">
            Back to my work
          </Button>
        </Stack>
      </Center>
    );
  }
  const data = pkg.data;
  const first = data.samples[0];
  if (!first) {
    return (
      <Center h="100vh">
        <Box>
          <EmptyState
            title="This package has no images"
            icon={<IconPhotoOff size={26} />}
            action={
              <Button component={Link} to={`/sets/${data.set_id}`}>
                Back to the set
              </Button>
            }
          >
            Its samples were deleted. Open another package from the set page.
          </EmptyState>
        </Box>
      </Center>
    );
  }
  if (sampleId === null || !data.samples.some((sample) => sample.id === sampleId)) {
    const target = data.first_unannotated_sample_id ?? first.id;
    return <Navigate to={`/packages/${data.id}/samples/${target}`} replace />;
  }
  return <AnnotateWorkspace pkg={data} sampleId={sampleId} />;
}
