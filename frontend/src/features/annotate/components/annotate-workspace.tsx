import { Box } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { Examination, PackageDetail } from '../../../api/types.ts';
import type { Box as EditorBox, Label as EditorLabel } from '../../../editor-core/index.ts';
import { useGroup } from '../../../lib/use-group.ts';
import { useMe } from '../../../lib/use-me.ts';
import { useSetLabels } from '../../../lib/use-set-labels.ts';
import {
  annotateKeys,
  useExaminations,
  useMyExamination,
  useSample,
  useSampleMedia,
} from '../api.ts';
import { useConflict } from '../hooks/use-conflict.ts';
import { useEditor } from '../hooks/use-editor.ts';
import { useEditorSync } from '../hooks/use-editor-sync.ts';
import { useEditorColorScheme } from '../hooks/use-editor-color-scheme.ts';
import { useEditorState } from '../hooks/use-editor-state.ts';
import { useExaminationSession } from '../hooks/use-examination-session.ts';
import { useOpenSample } from '../hooks/use-open-sample.ts';
import { usePendingDrafts } from '../hooks/use-pending-drafts.ts';
import { useReadingActions } from '../hooks/use-reading-actions.ts';
import { useSampleNavigation } from '../hooks/use-sample-navigation.ts';
import { useWorkspaceKeys } from '../hooks/use-workspace-keys.ts';
import { readOnlyReason } from '../read-only-reason.ts';
import type { Reading } from '../reading.ts';
import { hasBurnedInRisk } from '../sample-risk.ts';
import { AnnotateTopBar } from './annotate-top-bar.tsx';
import { BurnedInNotice } from './burned-in-notice.tsx';
import { ConflictDialog } from './conflict-dialog.tsx';
import { EditorCanvas } from './editor-canvas.tsx';
import { KeyHint } from './key-hint.tsx';
import { ReadOnlyNotice } from './read-only-notice.tsx';
import { ReadingPanel } from './reading-panel.tsx';
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
  const queryClient = useQueryClient();
  const me = useMe().data ?? null;
  const group = useGroup(pkg.group_id);
  const labelsQuery = useSetLabels(pkg.set_id);
  const labels = useMemo(() => labelsQuery.data ?? [], [labelsQuery.data]);
  const detection = pkg.set_type === 'detection';
  const isAdmin = group.data?.role === 'admin';
  const isAssignee = me !== null && pkg.assignee_id === me.id;
  const mayAnnotate = isAdmin || isAssignee;
  const [colorScheme, toggleColorScheme] = useEditorColorScheme();

  const [reader, setReader] = useState<{ sampleId: number; userId: number } | null>(null);
  const readerId = reader && reader.sampleId === sampleId ? reader.userId : null;
  const [panelOpen, setPanelOpen] = useState(true);
  const [helpOpen, setHelpOpen] = useState(false);
  const [dismissedWarning, setDismissedWarning] = useState<number | null>(null);

  const { editor, hostRef, failure } = useEditor();
  const view = useEditorState(editor);
  const session = useExaminationSession({
    packageId: pkg.id,
    detection,
    userId: me?.id ?? null,
  });
  usePendingDrafts(me?.id ?? null, sampleId);
  const sample = useSample(sampleId);
  const media = useSampleMedia(sample.data);
  const mine = useMyExamination(sampleId);
  const readers = useExaminations(sampleId, isAdmin);
  const viewingOther = readerId !== null;

  const editorLabels: EditorLabel[] = useMemo(
    () =>
      labels.map((label) => ({
        id: label.id,
        name: label.name,
        color: label.color,
        shortcut: label.shortcut,
      })),
    [labels],
  );
  const opened = useOpenSample({
    editor,
    sampleId,
    readerId,
    ready:
      sample.data?.id === sampleId &&
      media.data !== undefined &&
      labelsQuery.data !== undefined &&
      group.data !== undefined &&
      me !== null &&
      (!viewingOther || readers.data !== undefined),
    sample: sample.data,
    media: media.data,
    mine: mine.data,
    readers: readers.data,
    labels: editorLabels,
    mayEdit: mayAnnotate && (!pkg.is_ready || isAdmin),
    startSession: session.start,
    stopSession: session.stop,
  });
  const { isLoaded } = opened;
  const editable = isLoaded && mayAnnotate && (!pkg.is_ready || isAdmin) && !viewingOther;
  const reading: Reading | null = viewingOther
    ? opened.loadedReading
    : (session.state?.reading ?? null);
  const otherReader: Examination | undefined = viewingOther
    ? readers.data?.find((examination) => examination.user_id === readerId)
    : undefined;
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
  const { update: updateSession } = session;

  const onBoxes = useCallback((boxes: EditorBox[]) => updateSession({ boxes }), [updateSession]);
  useEditorSync({
    editor,
    labels: editorLabels,
    editable,
    detection,
    onBoxes,
    pkg,
    sampleId,
    isLoaded,
  });

  async function switchReader(userId: number | null): Promise<void> {
    if (userId === readerId) return;
    if (!(await session.flush())) return;
    if (userId === null)
      await queryClient.invalidateQueries({ queryKey: annotateKeys.examination(sampleId) });
    setReader(userId === null ? null : { sampleId, userId });
  }

  const actions = useReadingActions({
    editor,
    detection,
    multiLabel: pkg.set_multi_label,
    editable,
    reading,
    labelIds: useMemo(() => labels.map((label) => label.id), [labels]),
    update: updateSession,
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
  const loadError = sample.error ?? media.error ?? mine.error ?? labelsQuery.error ?? group.error;
  const selected = view.selected;
  const warn =
    sample.data?.id === sampleId && hasBurnedInRisk(sample.data) && dismissedWarning !== sampleId;

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
          {reason && (
            <ReadOnlyNotice
              reason={reason}
              busy={nav.readyBusy}
              onReopen={() => void nav.setReady(false)}
              onBackToMine={() => void switchReader(null)}
            />
          )}
          {warn && sample.data && (
            <BurnedInNotice
              sample={sample.data}
              isAdmin={isAdmin}
              onDismiss={() => setDismissedWarning(sampleId)}
            />
          )}
          <EditorCanvas
            hostRef={hostRef}
            loadedSampleId={isLoaded ? sampleId : undefined}
            failure={failure}
            loadError={loadError}
            onRetry={() => {
              void sample.refetch();
              void media.refetch();
              void mine.refetch();
            }}
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
            selected={selected}
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
              selectedLabelId={selected?.labelId ?? null}
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
