import { Group, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import type { Editor, WindowState } from '../../../editor-core/index.ts';

interface StatusBarProps {
  editor: Editor | null;
  window: WindowState | null;
  scale: number;
  modality: string | null;
  boxCount: number;
  detection: boolean;
  size: { width: number; height: number } | null;
  /** What the label keys do now (right-aligned). */
  hint?: ReactNode;
}

interface Cursor {
  x: number;
  y: number;
  value: number | null;
  inside: boolean;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** The pixel under the cursor (HU for CT), the window, zoom and counts, along the bottom. */
export function StatusBar({
  editor,
  window,
  scale,
  modality,
  boxCount,
  detection,
  size,
  hint,
}: StatusBarProps) {
  const [cursor, setCursor] = useState<Cursor | null>(null);
  useEffect(() => {
    if (!editor) return undefined;
    return editor.on('cursor:value', ({ imageX, imageY, value, inside }) =>
      setCursor({ x: imageX, y: imageY, value, inside }),
    );
  }, [editor]);
  const unit = modality?.toUpperCase() === 'CT' ? ' HU' : '';
  const preset =
    window?.hasPixels && editor
      ? editor
          .getWindowPresets()
          .find((item) => item.center === window.center && item.width === window.width)
      : undefined;
  return (
    <Group
      gap="lg"
      px="sm"
      h={26}
      wrap="nowrap"
      style={{ borderTop: '1px solid var(--mantine-color-default-border)', overflow: 'hidden' }}
      aria-label="Status"
    >
      <Text size="xs" ff="monospace" c="dimmed" miw={120} data-testid="cursor-position">
        {cursor?.inside ? `x ${cursor.x}  y ${cursor.y}` : 'x –  y –'}
      </Text>
      {window?.hasPixels && (
        <Text size="xs" ff="monospace" miw={110} data-testid="pixel-value">
          {cursor?.inside && cursor.value !== null
            ? `${formatValue(cursor.value)}${unit}`
            : `–${unit}`}
        </Text>
      )}
      {window?.hasPixels ? (
        <Text size="xs" ff="monospace" data-testid="window-level">
          W {Math.round(window.width)} / L {Math.round(window.center)}
          {preset ? ` · ${preset.name}` : ''}
          {window.invert ? ' · inverted' : ''}
        </Text>
      ) : (
        window && (
          <Text size="xs" ff="monospace">
            brightness {window.brightness} · contrast {window.contrast}
            {window.invert ? ' · inverted' : ''}
          </Text>
        )
      )}
      <Text size="xs" ff="monospace" data-testid="zoom">
        {Math.round(scale * 100)}%
      </Text>
      {size && (
        <Text size="xs" ff="monospace" c="dimmed">
          {size.width}×{size.height}
          {modality ? ` · ${modality}` : ''}
        </Text>
      )}
      {detection && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {boxCount} box{boxCount === 1 ? '' : 'es'}
        </Text>
      )}
      {hint && (
        <Group ml="auto" miw={0} wrap="nowrap">
          {hint}
        </Group>
      )}
    </Group>
  );
}
