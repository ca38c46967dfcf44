import { Button, Group, Select, Slider, Stack, Switch, Text } from '@mantine/core';
import { WINDOW_PRESET_KEYS, type Editor, type WindowState } from '../../../editor-core/index.ts';

interface ImageAdjustmentsProps {
  editor: Editor;
  window: WindowState | null;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** DICOM: window/level presets and invert; PNG/JPEG: brightness and contrast. Never saved. */
export function ImageAdjustments({ editor, window }: ImageAdjustmentsProps) {
  if (!window) return null;
  const invert = (
    <Switch
      label="Invert"
      size="xs"
      checked={window.invert}
      onChange={(event) => editor.setInvert(event.currentTarget.checked)}
    />
  );
  if (window.hasPixels) {
    const presets = editor.getWindowPresets();
    const current = presets.find(
      (preset) => preset.center === window.center && preset.width === window.width,
    );
    return (
      <Stack gap={8}>
        <Select
          label="Window preset"
          size="xs"
          placeholder="Custom (right-drag)"
          data={presets.map((preset, index) => {
            const key = WINDOW_PRESET_KEYS[index]?.keys;
            return {
              value: preset.name,
              label: `${preset.name}  (W ${round(preset.width)} / L ${round(preset.center)})${key ? `  · ${key}` : ''}`,
            };
          })}
          value={current?.name ?? null}
          onChange={(name) => {
            (document.activeElement as HTMLElement | null)?.blur();
            const preset = presets.find((item) => item.name === name);
            if (preset) editor.setWindow(preset.center, preset.width);
          }}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="space-between">
          {invert}
          <Button size="compact-xs" variant="subtle" onClick={() => editor.resetWindow()}>
            Reset (W)
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Right-drag on the image: horizontal = width, vertical = level. Shift+1…9: the presets.
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap={6}>
      <Text size="xs">Brightness</Text>
      <Slider
        size="sm"
        min={-100}
        max={100}
        value={window.brightness}
        onChange={(value) => editor.setBrightnessContrast(value, window.contrast)}
        aria-label="Brightness"
        label={(value) => `${value > 0 ? '+' : ''}${value}`}
      />
      <Text size="xs">Contrast</Text>
      <Slider
        size="sm"
        min={-100}
        max={100}
        value={window.contrast}
        onChange={(value) => editor.setBrightnessContrast(window.brightness, value)}
        aria-label="Contrast"
        label={(value) => `${value > 0 ? '+' : ''}${value}`}
      />
      <Group justify="space-between">
        {invert}
        <Button size="compact-xs" variant="subtle" onClick={() => editor.resetWindow()}>
          Reset (W)
        </Button>
      </Group>
    </Stack>
  );
}
