import { Stack, Text } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';

interface ImageMissingProps {
  /** Small (a thumbnail in the grid): the words only, no advice. */
  compact?: boolean;
  /**
   * `missing`: the stored file is gone (the API's 404 `file_missing`, or the sample's `files_missing`);
   * `unavailable`: the picture could not be loaded for another reason.
   */
  reason?: 'missing' | 'unavailable';
}

/** In place of a sample's picture that cannot be shown, rather than a broken image. */
export function ImageMissing({ compact = false, reason = 'missing' }: ImageMissingProps) {
  const title = reason === 'missing' ? 'Image missing' : 'Image unavailable';
  return (
    <Stack
      align="center"
      justify="center"
      gap={4}
      h="100%"
      p="xs"
      ta="center"
      c="gray.5"
      role="img"
      aria-label={title}
    >
      <IconPhotoOff size={compact ? 28 : 48} stroke={1.5} />
      <Text size={compact ? 'xs' : 'md'} fw={600}>
        {title}
      </Text>
      {!compact && (
        <Text size="sm" maw={380}>
          {reason === 'missing'
            ? 'The stored file of this image is gone. An administrator can upload the same image to this set again to repair it.'
            : 'The image could not be loaded. Try again in a moment.'}
        </Text>
      )}
    </Stack>
  );
}
