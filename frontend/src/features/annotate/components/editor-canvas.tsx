import { Box, Center, Loader, Stack, Text } from '@mantine/core';
import type { Ref } from 'react';
import { ImageMissing } from '../../../components/image-missing.tsx';
import { QueryError } from '../../../components/query-error.tsx';
import { isFileMissing } from '../../../lib/image-failure.ts';

/** The image area's own background, dark in both schemes: greys are judged against dark. */
const CANVAS_BACKGROUND = '#0d0f12';

interface EditorCanvasProps {
  hostRef: Ref<HTMLDivElement>;
  /** The sample shown once it is in the editor (for the browser tests), else undefined. */
  loadedSampleId: number | undefined;
  /** The editor could not start (no canvas). */
  failure: string | null;
  loadError: unknown;
  onRetry: () => void;
  loadingName: string;
}

/** Where the editor draws, with what stands in for the image while it loads or when it cannot. */
export function EditorCanvas({
  hostRef,
  loadedSampleId,
  failure,
  loadError,
  onRetry,
  loadingName,
}: EditorCanvasProps) {
  return (
    <Box style={{ flex: 1, position: 'relative', minHeight: 0, background: CANVAS_BACKGROUND }}>
      <div
        ref={hostRef}
        data-testid="editor-host"
        data-sample-id={loadedSampleId}
        style={{ position: 'absolute', inset: 0 }}
      />
      {(failure || loadError || loadedSampleId === undefined) && (
        <Center style={{ position: 'absolute', inset: 0, zIndex: 1 }} p="xl">
          {failure ? (
            <Text c="red.3">The editor cannot start in this browser: {failure}</Text>
          ) : isFileMissing(loadError) ? (
            <ImageMissing />
          ) : loadError ? (
            <Box maw={520}>
              <QueryError error={loadError} title="Could not open this sample" onRetry={onRetry} />
            </Box>
          ) : (
            <Stack align="center" gap="xs" role="status" aria-label="Loading the image">
              <Loader color="gray" />
              <Text size="sm" c="gray.5">
                Loading {loadingName}…
              </Text>
            </Stack>
          )}
        </Center>
      )}
    </Box>
  );
}
