import { useMemo } from 'react';
import type { PackageDetail } from '../../../api/types.ts';
import type { Label as EditorLabel } from '../../../editor-core/index.ts';
import { useGroup } from '../../../lib/use-group.ts';
import { useMe } from '../../../lib/use-me.ts';
import { useSetLabels } from '../../../lib/use-set-labels.ts';
import { useExaminations, useMyExamination, useSample, useSampleMedia } from '../api.ts';

/**
 * Everything the editor page loads for one sample: who I am and my role in the group, the set's
 * labels, the sample, its image or pixels, my reading and (for admins) every reader's.
 */
export function useWorkspaceData(pkg: PackageDetail, sampleId: number) {
  const me = useMe().data ?? null;
  const group = useGroup(pkg.group_id);
  const labelsQuery = useSetLabels(pkg.set_id);
  const labels = useMemo(() => labelsQuery.data ?? [], [labelsQuery.data]);
  const isAdmin = group.data?.role === 'admin';
  const isAssignee = me !== null && pkg.assignee_id === me.id;
  const sample = useSample(sampleId);
  const media = useSampleMedia(sample.data);
  const mine = useMyExamination(sampleId);
  const readers = useExaminations(sampleId, isAdmin);

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
  const labelIds = useMemo(() => labels.map((label) => label.id), [labels]);

  return {
    me,
    group,
    labels,
    editorLabels,
    labelIds,
    isAdmin,
    isAssignee,
    sample,
    media,
    mine,
    readers,
    /** My reading can open: sample, media, labels, group and I are known. */
    loaded:
      sample.data?.id === sampleId &&
      media.data !== undefined &&
      labelsQuery.data !== undefined &&
      group.data !== undefined &&
      me !== null,
    loadError: sample.error ?? media.error ?? mine.error ?? labelsQuery.error ?? group.error,
    retry: () => {
      void sample.refetch();
      void media.refetch();
      void mine.refetch();
    },
  };
}
