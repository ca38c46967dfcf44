import {
  Anchor,
  Collapse,
  ColorSwatch,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { errorMessage } from '../../../lib/errors.ts';
import { fullName } from '../../../lib/format.ts';
import { useGroupMembers } from '../../../lib/use-group-members.ts';
import { useSetLabels } from '../../../lib/use-set-labels.ts';
import { useSetStats } from '../api.ts';
import { StatBar } from './stat-bar.tsx';
import { StatRow } from './stat-row.tsx';

interface SetStatsSummaryProps {
  setId: number;
  groupId: number;
}

/** The set's progress in one line of bars, with uses per label and work per annotator on demand. */
export function SetStatsSummary({ setId, groupId }: SetStatsSummaryProps) {
  const stats = useSetStats(setId);
  const labels = useSetLabels(setId);
  const members = useGroupMembers(groupId);
  const [detailsOpen, details] = useDisclosure(false);

  if (stats.isPending) return <Skeleton h={58} radius="md" mb="md" />;
  if (stats.isError) {
    return (
      <Text size="sm" c="red" mb="md">
        Progress could not be loaded: {errorMessage(stats.error)}
      </Text>
    );
  }
  const data = stats.data;
  const labelById = new Map((labels.data ?? []).map((label) => [label.id, label]));
  const names = new Map((members.data ?? []).map((member) => [member.user_id, fullName(member)]));
  const mostUsed = Math.max(1, ...data.labels.map((label) => label.count));
  const annotators = [...data.annotators].sort((a, b) => b.annotated_samples - a.annotated_samples);

  return (
    <Paper withBorder px="md" py="sm" mb="md">
      <Group gap="lg" align="flex-end" wrap="nowrap">
        <SimpleGrid cols={3} spacing="lg" style={{ flex: 1 }}>
          <StatBar label="Samples annotated" done={data.annotated_samples} total={data.samples} />
          <StatBar label="Packages assigned" done={data.assigned_packages} total={data.packages} />
          <StatBar label="Packages ready" done={data.ready_packages} total={data.packages} />
        </SimpleGrid>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={details.toggle}
          aria-expanded={detailsOpen}
          style={{ whiteSpace: 'nowrap' }}
        >
          <Group gap={4} wrap="nowrap">
            {detailsOpen ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
            Details
          </Group>
        </Anchor>
      </Group>
      <Collapse in={detailsOpen}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl" mt="md">
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              Uses per label
            </Text>
            {data.labels.length === 0 && (
              <Text size="sm" c="dimmed">
                No labels yet.
              </Text>
            )}
            {data.labels.map((entry) => {
              const label = labelById.get(entry.label_id);
              return (
                <StatRow
                  key={entry.label_id}
                  name={
                    <Group gap={6} wrap="nowrap">
                      <ColorSwatch color={label?.color ?? '#888'} size={12} />
                      {label?.name ?? `Label ${entry.label_id}`}
                    </Group>
                  }
                  ariaName={label?.name ?? `Label ${entry.label_id}`}
                  value={entry.count}
                  max={mostUsed}
                  color={label?.color}
                />
              );
            })}
          </Stack>
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              Samples annotated per annotator
            </Text>
            {annotators.length === 0 && (
              <Text size="sm" c="dimmed">
                Nobody has annotated a sample of this set yet.
              </Text>
            )}
            {annotators.map((entry) => (
              <StatRow
                key={entry.user_id}
                name={names.get(entry.user_id) ?? `User ${entry.user_id}`}
                ariaName={names.get(entry.user_id) ?? `User ${entry.user_id}`}
                value={entry.annotated_samples}
                max={data.samples}
              />
            ))}
          </Stack>
        </SimpleGrid>
      </Collapse>
    </Paper>
  );
}
