import { useParams } from 'react-router';

/** The `:setId` of the current route as a number (NaN when missing or not a number). */
export function useSetId(): number {
  const { setId } = useParams();
  return setId && /^\d+$/.test(setId) ? Number(setId) : Number.NaN;
}
