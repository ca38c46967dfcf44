import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import type { PackageDetail } from '../../../api/types.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { useSetPackageReady } from '../api.ts';
import type { ExaminationSession } from '../examination-session.ts';

interface NavigationInput {
  pkg: PackageDetail;
  sampleId: number;
  editable: boolean;
  flush: () => Promise<boolean>;
  current: () => ExaminationSession | null;
}

/**
 * Moving between the package's samples (each move saves first and stays put if the save fails),
 * "done, next", and marking the package ready. The editor's messages show at the bottom, so they
 * never cover the top bar's "Mark package ready" they may point to.
 */
export function useSampleNavigation({ pkg, sampleId, editable, flush, current }: NavigationInput) {
  const navigate = useNavigate();
  const readyMutation = useSetPackageReady(pkg.id);
  const index = pkg.samples.findIndex((item) => item.id === sampleId);

  async function goTo(targetId: number): Promise<void> {
    if (targetId === sampleId) return;
    if (!(await flush())) {
      notifications.show({
        color: 'red',
        position: 'bottom-center',
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
    current()?.markForSave();
    if (!(await flush())) return;
    const target = pkg.samples[index + 1];
    if (target) {
      void navigate(`/packages/${pkg.id}/samples/${target.id}`);
      return;
    }
    const left = pkg.samples.filter((item) => !item.annotated_by_me && item.id !== sampleId);
    notifications.show({
      color: left.length ? 'yellow' : 'teal',
      position: 'bottom-center',
      title: 'Last sample of the package',
      message: left.length
        ? `${left.length} sample${left.length === 1 ? ' is' : 's are'} not examined yet (pick them in the sample list).`
        : 'Every sample is examined. Mark the package ready (top right) when you are happy with it.',
    });
  }

  async function setReady(isReady: boolean): Promise<void> {
    if (!(await flush())) return;
    readyMutation.mutate(isReady, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          position: 'bottom-center',
          title: isReady ? 'Package marked ready' : 'Package reopened',
          message: isReady
            ? 'Your manager sees it as done. Claim the next package from the set page.'
            : 'You can change its readings again.',
        }),
      onError: (error) =>
        notifications.show({
          color: 'red',
          position: 'bottom-center',
          title: 'Could not change the package',
          message: errorMessage(error),
        }),
    });
  }

  return { index, goTo, goRelative, doneAndNext, setReady, readyBusy: readyMutation.isPending };
}
