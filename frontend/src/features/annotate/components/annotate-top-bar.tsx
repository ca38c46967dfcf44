import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Progress,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowLeft,
  IconCheck,
  IconKeyboard,
  IconLayoutSidebarRightCollapse,
  IconLayoutSidebarRightExpand,
  IconMoon,
  IconSun,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { PackageDetail } from '../../../api/types.ts';
import { SamplePicker } from './sample-picker.tsx';

interface AnnotateTopBarProps {
  pkg: PackageDetail;
  sampleId: number;
  /** Progress of my own readings (I am the assignee), else of the package's assignee. */
  mine: boolean;
  saveStatus: ReactNode;
  /** The caller may mark the package ready or not ready (its assignee, or an admin). */
  canChangeReady: boolean;
  readyBusy: boolean;
  panelOpen: boolean;
  colorScheme: 'light' | 'dark';
  onToggleColorScheme: () => void;
  onGo: (sampleId: number) => void;
  onSetReady: (ready: boolean) => void;
  onHelp: () => void;
  onTogglePanel: () => void;
}

/** Back to the set, the package's progress, the sample and prev/next, the save state and actions. */
export function AnnotateTopBar({
  pkg,
  sampleId,
  mine,
  saveStatus,
  canChangeReady,
  readyBusy,
  panelOpen,
  colorScheme,
  onToggleColorScheme,
  onGo,
  onSetReady,
  onHelp,
  onTogglePanel,
}: AnnotateTopBarProps) {
  const total = pkg.samples.length;
  const done = mine
    ? pkg.samples.filter((sample) => sample.annotated_by_me).length
    : pkg.annotated_count;
  const whose = mine
    ? ''
    : pkg.assignee
      ? ` by ${pkg.assignee.name} ${pkg.assignee.surname}`
      : ' (unassigned)';
  const allDone = total > 0 && done === total;
  return (
    <Group
      h={52}
      px="sm"
      gap="sm"
      wrap="nowrap"
      justify="space-between"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group gap="xs" wrap="nowrap" miw={0} style={{ flexShrink: 1 }}>
        <Tooltip label={`Back to the set ${pkg.set_name}`}>
          <ActionIcon
            component={Link}
            to={`/sets/${pkg.set_id}`}
            variant="subtle"
            color="gray"
            size="lg"
            aria-label="Back to the set"
          >
            <IconArrowLeft size={20} />
          </ActionIcon>
        </Tooltip>
        <Stack gap={0} miw={0}>
          <Text size="sm" fw={600} truncate maw={220} title={pkg.set_name}>
            {pkg.set_name}
          </Text>
          <Text
            size="xs"
            c="dimmed"
            truncate
            maw={220}
            title={`${pkg.group_name} · package #${pkg.number}`}
          >
            {pkg.group_name} · package #{pkg.number}
          </Text>
        </Stack>
        <Box w={mine ? 150 : 210} ml="xs">
          <Text
            size="xs"
            fw={500}
            data-testid="package-progress"
            truncate
            title={`${done} of ${total} annotated${whose}`}
          >
            {done} of {total} annotated{whose}
          </Text>
          <Progress
            value={total ? (100 * done) / total : 0}
            size="sm"
            aria-label="Package progress"
          />
        </Box>
      </Group>

      <SamplePicker pkg={pkg} sampleId={sampleId} onGo={onGo} />

      <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
        <Box miw={110}>{saveStatus}</Box>
        {pkg.is_ready ? (
          <Group gap={6} wrap="nowrap">
            <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
              Ready
            </Badge>
            {canChangeReady && (
              <Button
                size="xs"
                variant="subtle"
                loading={readyBusy}
                onClick={() => onSetReady(false)}
              >
                Mark not ready
              </Button>
            )}
          </Group>
        ) : (
          canChangeReady && (
            <Tooltip
              label={
                allDone
                  ? 'Tell the manager this package is done'
                  : `Examine every sample first (${total - done} left)`
              }
            >
              <Button
                size="xs"
                color="teal"
                leftSection={<IconCheck size={16} />}
                disabled={!allDone}
                loading={readyBusy}
                onClick={() => onSetReady(true)}
              >
                Mark package ready
              </Button>
            </Tooltip>
          )
        )}
        <Tooltip label={colorScheme === 'dark' ? 'Light editor' : 'Dark editor'}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={colorScheme === 'dark' ? 'Light editor' : 'Dark editor'}
            onClick={(event) => {
              event.currentTarget.blur(); // Enter and Space go back to the page's keys
              onToggleColorScheme();
            }}
          >
            {colorScheme === 'dark' ? <IconSun size={20} /> : <IconMoon size={20} />}
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label="Keyboard shortcuts"
            onClick={onHelp}
          >
            <IconKeyboard size={20} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={panelOpen ? 'Hide the panel (P)' : 'Show the panel (P)'}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={panelOpen ? 'Hide the panel' : 'Show the panel'}
            onClick={onTogglePanel}
          >
            {panelOpen ? (
              <IconLayoutSidebarRightCollapse size={20} />
            ) : (
              <IconLayoutSidebarRightExpand size={20} />
            )}
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
