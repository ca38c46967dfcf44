import { Skeleton } from '@mantine/core';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Sample } from '../../../api/types.ts';
import type { SampleFilters } from '../api.ts';
import { GAP, useGridLayout } from '../hooks/use-grid-layout.ts';
import { useSamplePages } from '../hooks/use-sample-pages.ts';
import classes from './sample-grid.module.css';

/** A request to bring a position into view; `request` changes for each ask, even to one place. */
export interface GridJump {
  position: number;
  request: number;
}

interface SampleGridProps {
  setId: number;
  filters: SampleFilters;
  total: number;
  jump: GridJump | null;
  renderCard: (sample: Sample) => ReactNode;
}

const OVERSCAN_ROWS = 2;

/**
 * The set's samples as a grid of thumbnails, virtualised (TanStack Virtual, on the window's scroll):
 * only the rows in view (and two more on each side) are in the page, so 100k samples scroll with a
 * constant number of images, and the pages they need are loaded by position as they come into view.
 */
export function SampleGrid({ setId, filters, total, jump, renderCard }: SampleGridProps) {
  const { ref, columns, cell, rowHeight } = useGridLayout();
  const top = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // where the grid starts in the page: it moves when the width (and what wraps above it) changes
  useLayoutEffect(() => {
    const element = top.current;
    if (element) setScrollMargin(element.getBoundingClientRect().top + window.scrollY);
  }, [columns, cell, total]);
  const virtualizer = useWindowVirtualizer({
    count: Math.ceil(total / columns),
    estimateSize: () => rowHeight,
    overscan: OVERSCAN_ROWS,
    scrollMargin,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight, columns]);
  useEffect(() => {
    if (jump) virtualizer.scrollToIndex(Math.floor(jump.position / columns), { align: 'start' });
  }, [jump, virtualizer, columns]);

  const rows = virtualizer.getVirtualItems();
  const first = (rows[0]?.index ?? 0) * columns;
  const last = Math.min(total, ((rows.at(-1)?.index ?? -1) + 1) * columns) - 1;
  const { at } = useSamplePages(setId, filters, first, last);

  return (
    <div ref={top}>
      <div
        ref={ref}
        className={classes.grid}
        style={{ height: virtualizer.getTotalSize() }}
        data-testid="sample-grid"
        aria-rowcount={Math.ceil(total / columns)}
      >
        {rows.map((row) => (
          <div
            key={row.key}
            className={classes.row}
            style={{
              transform: `translateY(${row.start - scrollMargin}px)`,
              height: rowHeight - GAP,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              gap: GAP,
            }}
          >
            {Array.from({ length: columns }, (_, column) => {
              const position = row.index * columns + column;
              if (position >= total) return <div key={column} />;
              const sample = at(position);
              return (
                <div
                  key={column}
                  className={classes.cell}
                  data-position={position}
                  data-jumped={jump?.position === position || undefined}
                >
                  {sample ? renderCard(sample) : <Skeleton height={cell} radius="md" />}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
