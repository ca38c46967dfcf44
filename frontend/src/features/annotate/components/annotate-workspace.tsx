import { Box } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Examination, PackageDetail } from '../../../api/types.ts';
import type { Label as EditorLabel } from '../../../editor-core/index.ts';
import { useGroup } from '../../../lib/use-group.ts';
import { useMe } from '../../../lib/use-me.ts';
import { useSetLabels } from '../../../lib/use-set-labels.ts';
import {
  annotateKeys,
  prefetchSample,
  useExaminations,
  useMyExamination,
  useSample,
  useSampleMedia,
} from '../api.ts';
import { useConflict } from '../hooks/use-conflict.ts';
import { useEditor } from '../hooks/use-editor.ts';
import { useEditorColorScheme } from '../hooks/use-editor-color-scheme.ts';
import { useEditorState } from '../hooks/use-editor-state.ts';
import { useExaminationSession } from '../hooks/use-examination-session.ts';
import { useOpenSample } from '../hooks/use-open-sample.ts';
import { usePendingDrafts } from '../hooks/use-pending-drafts.ts';
import { useSampleNavigation } from '../hooks/use-sample-navigation.ts';
import { useWorkspaceKeys } from '../hooks/use-workspace-keys.ts';
import type { PageKeyAction } from '../key-map.ts';
import { pickClass, type Reading } from '../reading.ts';
import { hasBurnedInRisk } from '../sample-risk.ts';
import { AnnotateTopBar } from './annotate-top-bar.tsx';
import { BurnedInNotice } from './burned-in-notice.tsx';
import { ConflictDialog } from './conflict-dialog.tsx';
import { EditorCanvas } from './editor-canvas.tsx';
import { KeyHint } from './key-hint.tsx';
import { ReadOnlyNotice, type ReadOnlyReason } from './read-only-notice.tsx';
import { ReadingPanel } from './reading-panel.tsx';
import { SaveStatus } from './save-status.tsx';
import { ShortcutsOverlay } from './shortcuts-overlay.tsx';
import { StatusBar } from './status-bar.tsx';
import { ToolBar } from './tool-bar.tsx';

interface AnnotateWorkspaceProps {
  pkg: PackageDetail;
  sampleId: number;
}

const PREFETCH_AHEAD = 2;

function fullName(person: { name: string; surname: string } | null | undefined): string | null {
  return person ? `${person.name} ${person.surname}`.trim() : null;
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
  const [activeLabelId, setActiveLabelId] = useState<number | null>(null);
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
  const currentLabelId =
    activeLabelId !== null && labels.some((label) => label.id === activeLabelId)
      ? activeLabelId
      : (labels[0]?.id ?? null);

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

  // Labels edited on the set page meanwhile: colours and names follow.
  useEffect(() => {
    editor?.setLabels(editorLabels);
  }, [editor, editorLabels]);

  // Drawing is for detection readings the caller may change; everything else only looks.
  useEffect(() => {
    if (!editor) return;
    if (!editable || !detection) editor.setTool('pan');
    else if (editor.getTool() === 'pan') editor.setTool('draw');
  }, [editor, editable, detection]);

  // Every change of the boxes (draw, move, resize, label, comment, delete, undo, redo) is saved.
  useEffect(() => {
    if (!editor) return undefined;
    return editor.on('document:changed', ({ boxes }) => updateSession({ boxes }));
  }, [editor, updateSession]);

  // The next samples load in the background, so moving on is instant.
  useEffect(() => {
    if (!isLoaded) return;
    const index = pkg.samples.findIndex((item) => item.id === sampleId);
    const ahead = pkg.samples.slice(index + 1, index + 1 + PREFETCH_AHEAD);
    const behind = index > 0 ? [pkg.samples[index - 1]!] : [];
    for (const item of [...ahead, ...behind]) void prefetchSample(queryClient, item.id);
  }, [isLoaded, pkg.samples, sampleId, queryClient]);

  function updateReading(patch: Partial<Reading>): void {
    if (editable) updateSession(patch);
  }

  function pickLabel(labelId: number): void {
    if (detection) {
      setActiveLabelId(labelId);
      if (editable) editor?.setLabel(labelId);
      return;
    }
    if (!editable || !reading) return;
    updateSession({ labelIds: pickClass(reading.labelIds, labelId, pkg.set_multi_label) });
  }

  async function switchReader(userId: number | null): Promise<void> {
    if (userId === readerId) return;
    if (!(await session.flush())) return;
    if (userId === null)
      await queryClient.invalidateQueries({ queryKey: annotateKeys.examination(sampleId) });
    setReader(userId === null ? null : { sampleId, userId });
  }

  function runAction(action: PageKeyAction, target: EventTarget | null): void {
    switch (action.type) {
      case 'help':
        return setHelpOpen(true);
      case 'next':
        return nav.goRelative(1);
      case 'previous':
        return nav.goRelative(-1);
      case 'done-next':
        return void nav.doneAndNext();
      case 'save':
        return void session.flush();
      case 'tentative':
        if (reading) updateReading({ tentative: !reading.tentative });
        return;
      case 'bad-quality':
        if (reading) updateReading({ badQuality: !reading.badQuality });
        return;
      case 'toggle-panel':
        return setPanelOpen((open) => !open);
      case 'label':
        return pickLabel(action.labelId);
      case 'blur':
        return (target as HTMLElement | null)?.blur?.();
    }
  }

  useWorkspaceKeys({
    editor,
    labels,
    blocked: helpOpen || session.state?.status === 'conflict',
    hasSelection: view.selected !== null,
    viewOnly: !editable || !detection,
    run: runAction,
  });

  let readOnlyReason: ReadOnlyReason | null = null;
  if (viewingOther) {
    readOnlyReason = {
      kind: 'other-reader',
      reader: fullName(otherReader?.author) ?? 'another reader',
    };
  } else if (group.data && me && !mayAnnotate) {
    readOnlyReason = { kind: 'not-assignee', assignee: fullName(pkg.assignee) };
  } else if (pkg.is_ready && !isAdmin && group.data) {
    readOnlyReason = { kind: 'ready', canReopen: isAssignee };
  }

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
          {readOnlyReason && (
            <ReadOnlyNotice
              reason={readOnlyReason}
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
            nextLabelId={currentLabelId}
            window={view.window}
            readers={
              isAdmin && me ? { examinations: readers.data ?? [], myUserId: me.id, readerId } : null
            }
            onSwitchReader={(userId) => void switchReader(userId)}
            onPickLabel={pickLabel}
            onChange={updateReading}
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
              nextLabelId={currentLabelId}
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
