import { Badge } from '@mantine/core';
import type { SetType } from '../api/types.ts';

/** Detection or classification. */
export function SetTypeBadge({ type }: { type: SetType }) {
  return (
    <Badge variant="light" color={type === 'detection' ? 'orange' : 'cyan'} radius="sm">
      {type === 'detection' ? 'Detection' : 'Classification'}
    </Badge>
  );
}
