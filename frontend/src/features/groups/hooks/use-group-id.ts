import { useParams } from 'react-router';

/** The `:groupId` of the current route, as a number (NaN when missing). */
export function useGroupId(): number {
  const { groupId } = useParams();
  return Number(groupId);
}
