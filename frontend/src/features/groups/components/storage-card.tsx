import { Alert, Anchor, List, Paper, Text, Title } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { formatBytes } from '../../../lib/format-bytes.ts';
import { plural } from '../../../lib/format.ts';
import { useGroupStorage } from '../api.ts';

const LISTED = 20;

/** What the group's images take on the server, and which samples lost their stored files (admins). */
export function StorageCard({ groupId }: { groupId: number }) {
  const storage = useGroupStorage(groupId, true);
  if (!storage.data) return null;
  const { samples, bytes, missing } = storage.data;
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">
        Stored images
      </Title>
      <Text size="sm" c="dimmed">
        {plural(samples, 'sample')} · {formatBytes(bytes)} on the server
      </Text>
      {missing.length > 0 && (
        <Alert
          mt="md"
          color="red"
          variant="light"
          icon={<IconPhotoOff size={18} />}
          title={`${plural(missing.length, 'image')} missing`}
        >
          <Text size="sm" mb="xs">
            Their stored files are gone. Upload the same images to their set again to repair them.
          </Text>
          <List size="sm" spacing={2}>
            {missing.slice(0, LISTED).map((item) => (
              <List.Item key={item.sample_id}>
                <Anchor component={Link} to={`/sets/${item.set_id}`} size="sm">
                  {item.filename}
                </Anchor>{' '}
                (sample {item.sample_id})
              </List.Item>
            ))}
          </List>
          {missing.length > LISTED && (
            <Text size="sm" mt="xs">
              and {missing.length - LISTED} more
            </Text>
          )}
        </Alert>
      )}
    </Paper>
  );
}
