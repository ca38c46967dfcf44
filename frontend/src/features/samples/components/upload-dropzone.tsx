import { Button, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconCloudUpload, IconFiles, IconFolderOpen } from '@tabler/icons-react';
import { useRef } from 'react';
import { filesFromEvent } from '../collect-files.ts';

interface UploadDropzoneProps {
  onFiles: (files: File[]) => void;
  /** A smaller zone while a list of uploads sits below it. */
  compact?: boolean;
}

/** Drop files, folders or ZIPs, or choose files or a whole folder. */
export function UploadDropzone({ onFiles, compact = false }: UploadDropzoneProps) {
  const openFiles = useRef<() => void>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  return (
    <Dropzone
      onDrop={(files) => onFiles(files)}
      getFilesFromEvent={filesFromEvent}
      openRef={openFiles}
      activateOnClick={false}
      enablePointerEvents
      useFsAccessApi={false}
      multiple
      p={compact ? 'sm' : 'lg'}
      aria-label="Drop images, folders or ZIP archives to upload"
    >
      <Stack align="center" gap="xs" ta="center">
        {!compact && (
          <ThemeIcon size={52} radius="xl" variant="light">
            <IconCloudUpload size={30} />
          </ThemeIcon>
        )}
        <Dropzone.Idle>
          <Text fw={600}>Drag images, folders or ZIP archives here</Text>
        </Dropzone.Idle>
        <Dropzone.Accept>
          <Text fw={600}>Drop to upload</Text>
        </Dropzone.Accept>
        {!compact && (
          <Text size="sm" c="dimmed" maw={560}>
            PNG, JPEG and DICOM (with or without the .dcm ending), or ZIP archives of them. Each
            file is checked by its content; new images fill the set’s open packages.
          </Text>
        )}
        <Group gap="sm" mt={4}>
          <Button
            variant="default"
            leftSection={<IconFiles size={16} />}
            onClick={() => openFiles.current?.()}
          >
            Choose files
          </Button>
          <Button
            variant="default"
            leftSection={<IconFolderOpen size={16} />}
            onClick={() => folderInput.current?.click()}
          >
            Choose a folder
          </Button>
        </Group>
        <input
          ref={(input) => {
            folderInput.current = input;
            input?.setAttribute('webkitdirectory', '');
          }}
          type="file"
          multiple
          hidden
          data-testid="folder-input"
          onChange={(event) => {
            void filesFromEvent(event).then((files) => onFiles(files as File[]));
            event.currentTarget.value = '';
          }}
        />
      </Stack>
    </Dropzone>
  );
}
