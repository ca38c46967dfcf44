import { useElementSize } from '@mantine/hooks';

/** Thumbnails are at least this wide: a 1366 px screen shows 7 a row, a 1920 px one 11. */
export const MIN_CELL = 150;
export const GAP = 12;
/** The card's name and format lines under the square thumbnail. */
export const CARD_FOOTER = 52;

/** How the grid fills the width it has: columns, the cell's size, a row's height. */
export function useGridLayout() {
  const { ref, width } = useElementSize<HTMLDivElement>();
  const columns = Math.max(2, Math.floor((width + GAP) / (MIN_CELL + GAP)));
  const cell = width > 0 ? (width - GAP * (columns - 1)) / columns : MIN_CELL;
  return { ref, columns, cell, rowHeight: Math.round(cell + CARD_FOOTER + GAP) };
}
