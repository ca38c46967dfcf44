import { Box } from '@mantine/core';
import { useState } from 'react';
import type { PackageDetail } from '../../../api/types.ts';
import { useConflict } from '../hooks/use-conflict.ts';
import { useEditor } from '../hooks/use-editor.ts';
import { useEditorSync } from '../hooks/use-editor-sync.ts';
import { useEditorColorScheme } from '../hooks/use-editor-color-scheme.ts';
import { useEditorState } from '../hooks/use-editor-state.ts';
import { useExaminationSession } from '../hooks/use-examination-session.ts';
import { useOpenSample } from '../hooks/use-open-sample.ts';
import { usePendingDrafts } from '../hooks/use-pending-drafts.ts';
import { useReaderSwitch } from '../hooks/use-reader-switch.ts';
import { useReadingActions } from '../hooks/use-reading-actions.ts';
import { useSampleNavigation } from '../hooks/use-sample-navigation.ts';
import { useWorkspaceData } from '../hooks/use-workspace-data.ts';
import { useWorkspaceKeys } from '../hooks/use-workspace-keys.ts';
import { readOnlyReason } from '../read-only-reason.ts';
import type { Reading } from '../reading.ts';
import { AnnotateTopBar } from './annotate-top-bar.tsx';
import { ConflictDialog } from './conflict-dialog.tsx';
import { EditorCanvas } from './editor-canvas.tsx';
import { KeyHint } from './key-hint.tsx';
import { ReadingPanel } from './reading-panel.tsx';
import { SampleNotices } from './sample-notices.tsx';
import { SaveStatus } from './save-status.tsx';
import { ShortcutsOverlay } from './shortcuts-overlay.tsx';
import { StatusBar } from './status-bar.tsx';
import { ToolBar } from './tool-bar.tsx';

interface AnnotateWorkspaceProps {
  pkg: PackageDetail;
  sampleId: number;
}

/** The editor for one sample of a package: canvas, panels, autosave and keys. */
export function AnnotateWorkspace({ pkg, sampleId }: AnnotateWorkspaceProps) {
  const data = useWorkspaceData(pkg, sampleId);
  const { me, group, labels, editorLabels, isAdmin, isAssignee, sample, media, mine, readers } =
    data;
  const detection = pkg.set_type === 'detection';
  // The assignee or an admin changes readings; once the package is ready, only an admin.
  const mayEdit = (isAdmin || isAssignee) && (!pkg.is_ready || isAdmin);
  const [colorScheme, toggleColorScheme] = useEditorColorScheme();
  const [panelOpen, setPanelOpen] = useState(true);
  const [helpOpen, setHelpOpen] = useState(false);

  const { editor, hostRef, failure } = useEditor();
  const view = useEditorState(editor);
  const session = useExaminationSession({ packageId: pkg.id, detection, userId: me?.id ?? null });
  usePendingDrafts(me?.id ?? null, sampleId);
  const { readerId, otherReader, switchReader } = useReaderSwitch(
    sampleId,
    session.flush,
    readers.data,
  );
  const viewingOther = readerId !== null;

  const opened = useOpenSample({
    editor,
    sampleId,
    readerId,
    ready: data.loaded && (!viewingOther || readers.data !== undefined),
    sample: sample.data,
    media: media.data,
    mine: mine.data,
    readers: readers.data,
    labels: editorLabels,
    mayEdit,
    startSession: session.start,
    stopSession: session.stop,
  });
  const { isLoaded } = opened;
  const editable = isLoaded && mayEdit && !viewingOther;
  const reading: Reading | null = viewingOther
    ? opened.loadedReading
    : (session.state?.reading ?? null);
  const nav = useSampleNavigation({
    pkg,
    sampleId,
    editable,
    flush: session.flush,
    current: session.current,
  });
  const conflict = useConflict({
    sampleId,
    current: session.current,
    discard: session.discard,
    reopen: opened.reopen,
  });

  useEditorSync({
    editor,
    labels: editorLabels,
    editable,
    detection,
    update: session.update,
    pkg,
    sampleId,
    isLoaded,
  });

  const actions = useReadingActions({
    editor,
    detection,
    multiLabel: pkg.set_multi_label,
    editable,
    reading,
    labelIds: data.labelIds,
    update: session.update,
    page: {
      help: () => setHelpOpen(true),
      go: nav.goRelative,
      doneAndNext: () => void nav.doneAndNext(),
      save: () => void session.flush(),
      togglePanel: () => setPanelOpen((open) => !open),
    },
  });

  useWorkspaceKeys({
    editor,
    labels,
    blocked: helpOpen || session.state?.status === 'conflict',
    hasSelection: view.selected !== null,
    viewOnly: !editable || !detection,
    run: actions.run,
  });

  const reason = readOnlyReason({
    pkg,
    known: group.data !== undefined && me !== null,
    isAdmin,
    isAssignee,
    otherReader,
    viewingOther,
  });

  return (
    <Box h="100vh" style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
      <AnnotateTopBar
        pkg={pkg}
        sampleId={sampleId}
        mine={isAssignee}
        saveStatus={
          <SaveStatus
            state={session.state}
            readOnly={!editable && isLoaded}
            onRetry={() => void session.current()?.retry()}
          />
        }
        canChangeReady={isAssignee || isAdmin}
        readyBusy={nav.readyBusy}
        panelOpen={panelOpen}
        colorScheme={colorScheme}
        onToggleColorScheme={toggleColorScheme}
        onGo={(id) => void nav.goTo(id)}
        onSetReady={(value) => void nav.setReady(value)}
        onHelp={() => setHelpOpen(true)}
        onTogglePanel={() => setPanelOpen((open) => !open)}
      />
      <Box style={{ flex: 1, display: 'flex', minHeight: 0 }}>
        <Box style={{ borderRight: '1px solid var(--mantine-color-default-border)' }}>
          <ToolBar
            editor={editor}
            tool={view.tool}
            canEdit={editable}
            detection={detection}
            canUndo={view.canUndo}
            canRedo={view.canRedo}
          />
        </Box>
        <Box style={{ flex: 1, display: 'flex', flexDirection: 'column', minWidth: 0 }}>
          <SampleNotices
            sampleId={sampleId}
            sample={sample.data}
            reason={reason}
            isAdmin={isAdmin}
            readyBusy={nav.readyBusy}
            onReopen={() => void nav.setReady(false)}
            onBackToMine={() => void switchReader(null)}
          />
          <EditorCanvas
            hostRef={hostRef}
            loadedSampleId={isLoaded ? sampleId : undefined}
            failure={failure}
            loadError={data.loadError}
            onRetry={data.retry}
            loadingName={pkg.samples[nav.index]?.filename ?? 'the image'}
          />
        </Box>
        {panelOpen && (
          <ReadingPanel
            editor={editor}
            labels={labels}
            detection={detection}
            multiLabel={pkg.set_multi_label}
            editable={editable}
            reading={reading}
            selected={view.selected}
            nextLabelId={actions.nextLabelId}
            window={view.window}
            readers={
              isAdmin && me ? { examinations: readers.data ?? [], myUserId: me.id, readerId } : null
            }
            onSwitchReader={(userId) => void switchReader(userId)}
            onPickLabel={actions.pickLabel}
            onChange={actions.change}
          />
        )}
      </Box>
      <StatusBar
        editor={editor}
        window={view.window}
        scale={view.scale}
        modality={sample.data?.dicom?.modality ?? null}
        boxCount={reading?.boxes.length ?? 0}
        detection={detection}
        size={sample.data ? { width: sample.data.width, height: sample.data.height } : null}
        hint={
          editable && (
            <KeyHint
              labels={labels}
              detection={detection}
              nextLabelId={actions.nextLabelId}
              selectedLabelId={view.selected?.labelId ?? null}
            />
          )
        }
      />
      <ShortcutsOverlay
        opened={helpOpen}
        onClose={() => setHelpOpen(false)}
        labels={labels}
        detection={detection}
        presets={helpOpen ? (editor?.getWindowPresets() ?? []) : []}
      />
      <ConflictDialog
        opened={session.state?.status === 'conflict'}
        mine={session.state?.reading ?? null}
        detection={detection}
        busy={conflict.busy}
        error={conflict.error}
        onReload={() => void conflict.reloadLatest()}
        onOverwrite={() => void conflict.keepMine()}
      />
    </Box>
  );
}
