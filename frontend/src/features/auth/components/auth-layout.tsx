import { Box, Center, List, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Logo } from '../../../components/logo.tsx';

const POINTS = [
  'DICOM with real window/level, presets and Hounsfield units',
  'Bounding boxes and classification with one-key labels',
  'Work queues: packages per doctor, several readers per image',
  'Export to COCO, YOLO, Pascal VOC and CSV',
];

/** The sign-in and sign-up frame: the product and its purpose beside the form. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing={48} maw={980} w="100%">
        <Stack gap="lg" justify="center" visibleFrom="md">
          <Logo size="lg" />
          <Title order={1} fz={30} lh={1.25}>
            The annotation workspace for clinical imaging teams
          </Title>
          <Text c="dimmed" size="lg">
            Annotate medical images with your team: DICOM window/level, bounding boxes,
            classification, multi-reader work queues.
          </Text>
          <List
            spacing="xs"
            size="sm"
            icon={
              <ThemeIcon size={20} radius="xl" variant="light">
                <IconCheck size={13} />
              </ThemeIcon>
            }
          >
            {POINTS.map((point) => (
              <List.Item key={point}>{point}</List.Item>
            ))}
          </List>
        </Stack>
        <Box>
          <Stack gap="xs" mb="md" hiddenFrom="md" align="center" ta="center">
            <Logo size="lg" />
            <Text c="dimmed" size="sm">
              Annotate medical images with your team: DICOM window/level, bounding boxes,
              classification, multi-reader work queues.
            </Text>
          </Stack>
          <Paper withBorder shadow="sm" p="xl">
            <Title order={2} fz={22} mb="md">
              {title}
            </Title>
            {children}
          </Paper>
        </Box>
      </SimpleGrid>
    </Center>
  );
}
