import { Anchor, Badge, Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { WorkPackage } from '../../../api/types.ts';
import { formatRelative, percent } from '../../../lib/format.ts';

interface PackageCardProps {
  pkg: WorkPackage;
  /** A ready package I read that is someone else's now: my readings in it stay finished. */
  handedOn: boolean;
}

/** One of my packages: where it belongs, how far I am, and the way back into it. */
export function PackageCard({ pkg, handedOn }: PackageCardProps) {
  const read = handedOn ? pkg.read_by_me : pkg.annotated_count;
  const value = percent(read, pkg.sample_count);
  const done = read >= pkg.sample_count && pkg.sample_count > 0;
  const holder = pkg.assignee ? `${pkg.assignee.name} ${pkg.assignee.surname}` : 'nobody';
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
              · package #{pkg.number} ·{' '}
              {pkg.set_type === 'detection' ? 'detection' : 'classification'}
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
              {handedOn ? 'You read ' : ''}
              <b>{read}</b> of {pkg.sample_count} {handedOn ? '' : 'annotated'}
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
            aria-label={`Package ${pkg.number}: ${value}% annotated`}
          />
        </Stack>
        {handedOn && (
          <Text size="xs" c="dimmed" data-testid="handed-on">
            Handed on to {holder}; your readings stay finished and in the export.
          </Text>
        )}
        <Group justify="flex-end">
          <Button
            component={Link}
            to={`/packages/${pkg.id}`}
            variant={pkg.is_ready ? 'default' : 'filled'}
            rightSection={<IconArrowRight size={16} />}
            size="sm"
          >
            {handedOn || pkg.is_ready ? 'Review' : pkg.annotated_count === 0 ? 'Start' : 'Continue'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
