import { Anchor, Badge, Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { MyPackage } from '../../../api/types.ts';
import { formatRelative, percent } from '../../../lib/format.ts';

/** One of my packages: where it belongs, how far I am, and the way back into it. */
export function PackageCard({ pkg }: { pkg: MyPackage }) {
  const value = percent(pkg.annotated_count, pkg.sample_count);
  const done = pkg.annotated_count >= pkg.sample_count && pkg.sample_count > 0;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/sets/${pkg.set_id}`} fw={600} lineClamp={2}>
              {pkg.set_name}
            </Anchor>
            <Text size="xs" c="dimmed" lineClamp={2}>
              <Anchor component={Link} to={`/groups/${pkg.group_id}`} size="xs" c="dimmed">
                {pkg.group_name}
              </Anchor>{' '}
              · package #{pkg.id} · {pkg.set_type === 'detection' ? 'detection' : 'classification'}
            </Text>
          </Stack>
          {pkg.is_ready ? (
            <Badge
              color="teal"
              variant="light"
              leftSection={<IconCircleCheck size={12} />}
              style={{ flexShrink: 0 }}
            >
              Ready
            </Badge>
          ) : (
            <Badge color="blue" variant="light" style={{ flexShrink: 0 }}>
              In progress
            </Badge>
          )}
        </Group>
        <Stack gap={4}>
          <Group justify="space-between">
            <Text size="sm">
              <b>{pkg.annotated_count}</b> of {pkg.sample_count} annotated
            </Text>
            <Text size="xs" c="dimmed">
              updated {formatRelative(pkg.updated_at)}
            </Text>
          </Group>
          <Progress
            value={value}
            color={done ? 'teal' : 'clinical'}
            size="md"
            radius="sm"
            aria-label={`Package ${pkg.id}: ${value}% annotated`}
          />
        </Stack>
        <Group justify="flex-end">
          <Button
            component={Link}
            to={`/packages/${pkg.id}`}
            variant={pkg.is_ready ? 'default' : 'filled'}
            rightSection={<IconArrowRight size={16} />}
            size="sm"
          >
            {pkg.is_ready ? 'Review' : pkg.annotated_count === 0 ? 'Start' : 'Continue'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
