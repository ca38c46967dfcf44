import { ActionIcon, Divider, Stack, Tooltip } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconBoxMultiple1,
  IconHandStop,
  IconMaximize,
  IconPointer,
  IconSquarePlus,
  IconZoomIn,
  IconZoomOut,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Editor, ToolName } from '../../../editor-core/index.ts';

interface ToolBarProps {
  editor: Editor | null;
  tool: ToolName;
  canEdit: boolean;
  detection: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

interface ToolButtonProps {
  label: string;
  active?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

function ToolButton({ label, active, disabled, onClick, children }: ToolButtonProps) {
  return (
    <Tooltip label={label} position="right">
      <ActionIcon
        size="lg"
        variant={active ? 'filled' : 'subtle'}
        color={active ? undefined : 'gray'}
        aria-label={label}
        aria-pressed={active}
        disabled={disabled}
        onClick={onClick}
      >
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

/** Tools, zoom and undo/redo beside the canvas, each with its key in the tooltip. */
export function ToolBar({ editor, tool, canEdit, detection, canUndo, canRedo }: ToolBarProps) {
  const drawing = canEdit && detection;
  return (
    <Stack gap={4} p={6} align="center" aria-label="Tools">
      {drawing && (
        <>
          <ToolButton
            label="Select, move and resize boxes (V)"
            active={tool === 'select'}
            onClick={() => editor?.setTool('select')}
          >
            <IconPointer size={20} />
          </ToolButton>
          <ToolButton
            label="Draw boxes (R)"
            active={tool === 'draw'}
            onClick={() => editor?.setTool('draw')}
          >
            <IconSquarePlus size={20} />
          </ToolButton>
        </>
      )}
      <ToolButton
        label="Pan (H, or hold Space)"
        active={tool === 'pan'}
        onClick={() => editor?.setTool('pan')}
      >
        <IconHandStop size={20} />
      </ToolButton>
      <Divider w="100%" my={4} />
      <ToolButton label="Zoom in (+, or the wheel)" onClick={() => editor?.zoomIn()}>
        <IconZoomIn size={20} />
      </ToolButton>
      <ToolButton label="Zoom out (-)" onClick={() => editor?.zoomOut()}>
        <IconZoomOut size={20} />
      </ToolButton>
      <ToolButton label="Fit the image (F)" onClick={() => editor?.fit()}>
        <IconMaximize size={20} />
      </ToolButton>
      <ToolButton
        label="1:1, one image pixel per screen pixel (O)"
        onClick={() => editor?.zoomTo1()}
      >
        <IconBoxMultiple1 size={20} />
      </ToolButton>
      {drawing && (
        <>
          <Divider w="100%" my={4} />
          <ToolButton label="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => editor?.undo()}>
            <IconArrowBackUp size={20} />
          </ToolButton>
          <ToolButton
            label="Redo (Ctrl+Shift+Z)"
            disabled={!canRedo}
            onClick={() => editor?.redo()}
          >
            <IconArrowForwardUp size={20} />
          </ToolButton>
        </>
      )}
    </Stack>
  );
}
