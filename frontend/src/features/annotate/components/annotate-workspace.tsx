import { Box, Center, Loader, ScrollArea, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Examination, PackageDetail } from '../../../api/types.ts';
import { ImageMissing } from '../../../components/image-missing.tsx';
import { QueryError } from '../../../components/query-error.tsx';
import type { Label as EditorLabel } from '../../../editor-core/index.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { isFileMissing } from '../../../lib/image-failure.ts';
import { useGroup } from '../../../lib/use-group.ts';
import { useMe } from '../../../lib/use-me.ts';
import { useSetLabels } from '../../../lib/use-set-labels.ts';
import {
  annotateKeys,
  fetchMyExamination,
  prefetchSample,
  useExaminations,
  useMyExamination,
  useSample,
  useSampleMedia,
  useSetPackageReady,
} from '../api.ts';
import { useEditor } from '../hooks/use-editor.ts';
import { useEditorState } from '../hooks/use-editor-state.ts';
import { useExaminationSession } from '../hooks/use-examination-session.ts';
import {
  isTyping,
  isViewingKey,
  pageKeyAfterEditor,
  pageKeyBeforeEditor,
  type PageKeyAction,
} from '../key-map.ts';
import { filePresets } from '../file-presets.ts';
import { pickClass, readingFromExamination, type Reading } from '../reading.ts';
import { AnnotateTopBar } from './annotate-top-bar.tsx';
import { BoxList } from './box-list.tsx';
import { ConflictDialog } from './conflict-dialog.tsx';
import { ImageAdjustments } from './image-adjustments.tsx';
import { LabelList } from './label-list.tsx';
import { PanelSection } from './panel-section.tsx';
import { ReadOnlyNotice, type ReadOnlyReason } from './read-only-notice.tsx';
import { ReaderSwitcher } from './reader-switcher.tsx';
import { SampleFlags } from './sample-flags.tsx';
import { SaveStatus } from './save-status.tsx';
import { SelectedBox } from './selected-box.tsx';
import { ShortcutsOverlay } from './shortcuts-overlay.tsx';
import { StatusBar } from './status-bar.tsx';
import { ToolBar } from './tool-bar.tsx';

interface AnnotateWorkspaceProps {
  pkg: PackageDetail;
  sampleId: number;
}

const PANEL_WIDTH = 300;
const PREFETCH_AHEAD = 2;

function fullName(person: { name: string; surname: string } | null | undefined): string | null {
  return person ? `${person.name} ${person.surname}`.trim() : null;
}

/** The editor for one sample of a package: canvas, panels, autosave and keys. */
export function AnnotateWorkspace({ pkg, sampleId }: AnnotateWorkspaceProps) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data ?? null;
  const group = useGroup(pkg.group_id);
  const labelsQuery = useSetLabels(pkg.set_id);
  const labels = useMemo(() => labelsQuery.data ?? [], [labelsQuery.data]);
  const detection = pkg.set_type === 'detection';
  const isAdmin = group.data?.role === 'admin';
  const isAssignee = me !== null && pkg.assignee_id === me.id;
  const mayAnnotate = isAdmin || isAssignee;

  const [reader, setReader] = useState<{ sampleId: number; userId: number } | null>(null);
  const readerId = reader && reader.sampleId === sampleId ? reader.userId : null;
  const [activeLabelId, setActiveLabelId] = useState<number | null>(null);
  const [panelOpen, setPanelOpen] = useState(true);
  const [helpOpen, setHelpOpen] = useState(false);
  const [conflictBusy, setConflictBusy] = useState(false);
  const [conflictError, setConflictError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<{ key: string; reading: Reading } | null>(null);
  const loadedKey = useRef<string | null>(null);

  const { editor, hostRef, failure } = useEditor();
  const view = useEditorState(editor);
  const {
    state: sessionState,
    start: startSession,
    stop: stopSession,
    discard: discardSession,
    update: updateSession,
    flush: flushSession,
    current: currentSession,
  } = useExaminationSession({ packageId: pkg.id, detection });
  const sample = useSample(sampleId);
  const media = useSampleMedia(sample.data);
  const mine = useMyExamination(sampleId);
  const readers = useExaminations(sampleId, isAdmin);
  const readyMutation = useSetPackageReady(pkg.id);

  const key = `${sampleId}:${readerId ?? 'me'}`;
  const isLoaded = loaded?.key === key;
  const viewingOther = readerId !== null;
  const editable = isLoaded && mayAnnotate && (!pkg.is_ready || isAdmin) && !viewingOther;
  const reading: Reading | null = viewingOther
    ? isLoaded
      ? loaded.reading
      : null
    : (sessionState?.reading ?? null);
  const otherReader: Examination | undefined = viewingOther
    ? readers.data?.find((examination) => examination.user_id === readerId)
    : undefined;

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

  // Open the sample (or another reader's reading of it) in the editor, once per sample and reader.
  const ready =
    editor !== null &&
    sample.data !== undefined &&
    sample.data.id === sampleId &&
    media.data !== undefined &&
    mine.data !== undefined &&
    labelsQuery.data !== undefined &&
    group.data !== undefined &&
    me !== null &&
    (!viewingOther || readers.data !== undefined);
  useEffect(() => {
    if (!ready || !editor || !sample.data || !media.data || mine.data === undefined) return;
    if (loadedKey.current === key) return;
    const examination = viewingOther
      ? (readers.data?.find((item) => item.user_id === readerId) ?? null)
      : mine.data;
    loadedKey.current = key;
    const opened = readingFromExamination(examination);
    if (viewingOther) stopSession();
    else startSession(sampleId, mine.data);
    editor.resize(); // the canvas may have changed size (a notice above it): fit to the real size
    void editor
      .load({
        imageBitmap: media.data.image ?? undefined,
        pixels: media.data.pixels,
        width: sample.data.width,
        height: sample.data.height,
        modality: sample.data.dicom?.modality ?? null,
        filePresets: filePresets(sample.data.dicom?.window_presets),
        boxes: opened.boxes,
        labels: editorLabels,
      })
      .then(() => {
        if (loadedKey.current === key) setLoaded({ key, reading: opened });
      });
  }, [
    ready,
    key,
    editor,
    sample.data,
    media.data,
    mine.data,
    readers.data,
    readerId,
    viewingOther,
    sampleId,
    startSession,
    stopSession,
    editorLabels,
  ]);

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

  const index = pkg.samples.findIndex((item) => item.id === sampleId);

  async function goTo(targetId: number): Promise<void> {
    if (targetId === sampleId) return;
    if (!(await flushSession())) {
      notifications.show({
        color: 'red',
        title: 'Not saved yet',
        message:
          'Your changes to this sample could not be saved, so you stay on it. Retry the save (top bar) first.',
      });
      return;
    }
    void navigate(`/packages/${pkg.id}/samples/${targetId}`);
  }

  function goRelative(step: number): void {
    const target = pkg.samples[index + step];
    if (target) void goTo(target.id);
  }

  async function doneAndNext(): Promise<void> {
    if (!editable) {
      goRelative(1);
      return;
    }
    currentSession()?.markForSave();
    if (!(await flushSession())) return;
    const target = pkg.samples[index + 1];
    if (target) {
      void navigate(`/packages/${pkg.id}/samples/${target.id}`);
      return;
    }
    const left = pkg.samples.filter((item) => !item.annotated_by_me && item.id !== sampleId);
    notifications.show({
      color: left.length ? 'yellow' : 'teal',
      title: 'Last sample of the package',
      message: left.length
        ? `${left.length} sample${left.length === 1 ? ' is' : 's are'} not examined yet (pick them in the sample list).`
        : 'Every sample is examined. Mark the package ready when you are happy with it.',
    });
  }

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

  async function setReady(isReady: boolean): Promise<void> {
    if (!(await flushSession())) return;
    readyMutation.mutate(isReady, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: isReady ? 'Package marked ready' : 'Package reopened',
          message: isReady
            ? 'Your manager sees it as done. Claim the next package from the set page.'
            : 'You can change its readings again.',
        }),
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Could not change the package',
          message: errorMessage(error),
        }),
    });
  }

  async function switchReader(userId: number | null): Promise<void> {
    if (userId === readerId) return;
    if (!(await flushSession())) return;
    if (userId === null)
      await queryClient.invalidateQueries({ queryKey: annotateKeys.examination(sampleId) });
    setReader(userId === null ? null : { sampleId, userId });
  }

  async function reloadLatest(): Promise<void> {
    setConflictBusy(true);
    setConflictError(null);
    try {
      const latest = await fetchMyExamination(sampleId);
      discardSession();
      loadedKey.current = null;
      queryClient.setQueryData(annotateKeys.examination(sampleId), latest);
      setLoaded(null);
    } catch (error) {
      setConflictError(errorMessage(error));
    } finally {
      setConflictBusy(false);
    }
  }

  async function keepMine(): Promise<void> {
    setConflictBusy(true);
    setConflictError(null);
    try {
      const latest = await fetchMyExamination(sampleId);
      await currentSession()?.overwrite(latest?.version ?? null);
    } catch (error) {
      setConflictError(errorMessage(error));
    } finally {
      setConflictBusy(false);
    }
  }

  function runAction(action: PageKeyAction, target: EventTarget | null): void {
    switch (action.type) {
      case 'help':
        setHelpOpen(true);
        return;
      case 'next':
        goRelative(1);
        return;
      case 'previous':
        goRelative(-1);
        return;
      case 'done-next':
        void doneAndNext();
        return;
      case 'save':
        void flushSession();
        return;
      case 'tentative':
        if (reading) updateReading({ tentative: !reading.tentative });
        return;
      case 'bad-quality':
        if (reading) updateReading({ badQuality: !reading.badQuality });
        return;
      case 'toggle-panel':
        setPanelOpen((open) => !open);
        return;
      case 'label':
        pickLabel(action.labelId);
        return;
      case 'blur':
        (target as HTMLElement | null)?.blur?.();
        return;
    }
  }

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || helpOpen || sessionState?.status === 'conflict') return;
    const before = pageKeyBeforeEditor(event, labels, view.selected !== null);
    if (before) {
      event.preventDefault();
      runAction(before, event.target);
      return;
    }
    if (!editor || isTyping(event.target)) return;
    const onCanvasOrPage =
      event.target === document.body || (event.target as HTMLElement | null)?.tagName === 'CANVAS';
    if (event.key === 'Tab' && !onCanvasOrPage) return;
    const viewOnly = !editable || !detection;
    if ((!viewOnly || isViewingKey(event, view.selected !== null)) && editor.handleKey(event)) {
      event.preventDefault();
      return;
    }
    const after = pageKeyAfterEditor(event, labels);
    if (after) {
      event.preventDefault();
      runAction(after, event.target);
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

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
  const boxes = reading?.boxes ?? [];

  return (
    <Box h="100vh" style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
      <AnnotateTopBar
        pkg={pkg}
        sampleId={sampleId}
        mine={isAssignee}
        saveStatus={
          <SaveStatus
            state={sessionState}
            readOnly={!editable && isLoaded}
            onRetry={() => void currentSession()?.retry()}
          />
        }
        canChangeReady={isAssignee || isAdmin}
        readyBusy={readyMutation.isPending}
        panelOpen={panelOpen}
        onGo={(id) => void goTo(id)}
        onSetReady={(value) => void setReady(value)}
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
              busy={readyMutation.isPending}
              onReopen={() => void setReady(false)}
              onBackToMine={() => void switchReader(null)}
            />
          )}
          <Box style={{ flex: 1, position: 'relative', minHeight: 0, background: '#0d0f12' }}>
            <div
              ref={hostRef}
              data-testid="editor-host"
              data-sample-id={isLoaded ? sampleId : undefined}
              style={{ position: 'absolute', inset: 0 }}
            />
            {(failure || loadError || !isLoaded) && (
              <Center style={{ position: 'absolute', inset: 0, zIndex: 1 }} p="xl">
                {failure ? (
                  <Text c="red.3">The editor cannot start in this browser: {failure}</Text>
                ) : isFileMissing(loadError) ? (
                  <ImageMissing />
                ) : loadError ? (
                  <Box maw={520}>
                    <QueryError
                      error={loadError}
                      title="Could not open this sample"
                      onRetry={() => {
                        void sample.refetch();
                        void media.refetch();
                        void mine.refetch();
                      }}
                    />
                  </Box>
                ) : (
                  <Stack align="center" gap="xs" role="status" aria-label="Loading the image">
                    <Loader color="gray" />
                    <Text size="sm" c="gray.5">
                      Loading {pkg.samples[index]?.filename ?? 'the image'}…
                    </Text>
                  </Stack>
                )}
              </Center>
            )}
          </Box>
        </Box>
        {panelOpen && (
          <ScrollArea
            w={PANEL_WIDTH}
            miw={PANEL_WIDTH}
            type="auto"
            style={{ borderLeft: '1px solid var(--mantine-color-default-border)' }}
            aria-label="Reading panel"
          >
            {isAdmin && me && (
              <PanelSection title="Reader">
                <ReaderSwitcher
                  examinations={readers.data ?? []}
                  myUserId={me.id}
                  readerId={readerId}
                  onChange={(userId) => void switchReader(userId)}
                />
              </PanelSection>
            )}
            <PanelSection title={detection ? 'Labels' : 'Labels of this image'}>
              <LabelList
                labels={labels}
                detection={detection}
                activeLabelId={editable ? currentLabelId : null}
                selectedBoxLabelId={selected?.labelId ?? null}
                chosenLabelIds={reading?.labelIds ?? []}
                readOnly={!editable}
                onPick={pickLabel}
              />
              {!detection && editable && (
                <Text size="xs" c="dimmed">
                  {pkg.set_multi_label
                    ? 'Choose every label that applies.'
                    : 'One label per image: choosing another replaces it.'}
                </Text>
              )}
              {detection && editable && (
                <Text size="xs" c="dimmed">
                  {selected
                    ? 'A label (click or its key) changes the selected box.'
                    : 'New boxes get the highlighted label.'}
                </Text>
              )}
            </PanelSection>
            {detection && selected && (
              <PanelSection title="Selected box">
                <SelectedBox
                  box={selected}
                  labels={labels}
                  readOnly={!editable}
                  onComment={(text) => editor?.setSelectedComment(text)}
                  onDelete={() => editor?.deleteSelected()}
                />
              </PanelSection>
            )}
            <PanelSection title="This image">
              {reading ? (
                <SampleFlags reading={reading} readOnly={!editable} onChange={updateReading} />
              ) : (
                <Text size="sm" c="dimmed">
                  Loading…
                </Text>
              )}
            </PanelSection>
            {detection && (
              <PanelSection title={`Boxes (${boxes.length})`}>
                <BoxList
                  boxes={boxes}
                  labels={labels}
                  selectedId={selected?.id ?? null}
                  onSelect={(id) => editor?.select(id)}
                />
              </PanelSection>
            )}
            {editor && (
              <PanelSection title="Image">
                <ImageAdjustments editor={editor} window={view.window} />
              </PanelSection>
            )}
          </ScrollArea>
        )}
      </Box>
      <StatusBar
        editor={editor}
        window={view.window}
        scale={view.scale}
        modality={sample.data?.dicom?.modality ?? null}
        boxCount={boxes.length}
        detection={detection}
        size={sample.data ? { width: sample.data.width, height: sample.data.height } : null}
      />
      <ShortcutsOverlay
        opened={helpOpen}
        onClose={() => setHelpOpen(false)}
        labels={labels}
        detection={detection}
      />
      <ConflictDialog
        opened={sessionState?.status === 'conflict'}
        mine={sessionState?.reading ?? null}
        detection={detection}
        busy={conflictBusy}
        error={conflictError}
        onReload={() => void reloadLatest()}
        onOverwrite={() => void keepMine()}
      />
    </Box>
  );
}
