import {
  IconAlertTriangle,
  IconCircleCheck,
  IconHourglassLow,
  IconPhotoOff,
  IconQuestionMark,
  IconTextRecognition,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SetOverview } from '../../api/types.ts';
import { formatRelative, plural } from '../../lib/format.ts';

export interface AttentionItem {
  key: string;
  icon: ReactNode;
  color: string;
  to: string;
  text: string;
}

/** What in one set needs its manager, each a link to where it is dealt with; null when nothing does. */
export function attentionItems(set: SetOverview, groupId: number): AttentionItem[] {
  const samples = `/sets/${set.set_id}/samples`;
  const items: AttentionItem[] = [];
  if (set.packages.ready > 0) {
    items.push({
      key: 'ready',
      icon: <IconCircleCheck size={14} />,
      color: 'teal',
      to: `/sets/${set.set_id}/packages`,
      text: `${plural(set.packages.ready, 'package')} marked ready: review or export`,
    });
  }
  for (const stalled of set.stalled) {
    items.push({
      key: `stalled-${stalled.package_id}`,
      icon: <IconHourglassLow size={14} />,
      color: 'orange',
      to: `/sets/${set.set_id}/packages`,
      text: `Package #${stalled.number} with ${stalled.assignee_name}: no save since ${formatRelative(stalled.last_activity_at)}`,
    });
  }
  const flags: [number, string, string, ReactNode, string][] = [
    [
      set.tentative_samples,
      'tentative=true',
      'tentative',
      <IconQuestionMark size={14} />,
      'yellow',
    ],
    [
      set.bad_quality_samples,
      'bad_quality=true',
      'bad quality',
      <IconAlertTriangle size={14} />,
      'orange',
    ],
    [
      set.suspected_text_samples,
      'suspected_text=true',
      'with text in the pixels',
      <IconTextRecognition size={14} />,
      'red',
    ],
  ];
  for (const [count, query, what, icon, color] of flags) {
    if (count > 0) {
      items.push({
        key: query,
        icon,
        color,
        to: `${samples}?${query}`,
        text: `${plural(count, 'image')} ${what}`,
      });
    }
  }
  if (set.missing_files_samples > 0) {
    items.push({
      key: 'missing',
      icon: <IconPhotoOff size={14} />,
      color: 'red',
      to: `/groups/${groupId}/overview`,
      text: `${plural(set.missing_files_samples, 'image')} with missing files: upload them again`,
    });
  }
  return items;
}
