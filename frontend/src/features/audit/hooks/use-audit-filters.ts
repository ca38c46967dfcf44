import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditQuery, ImageViewsQuery } from '../api.ts';

/** The audit tab's filters as they appear in the URL (so a filtered view can be shared). */
export interface AuditFilters {
  /** A member's user id. */
  user: string | null;
  /** An exact action, or a kind ending in "." */
  action: string | null;
  /** First local day, YYYY-MM-DD. */
  from: string;
  /** Last local day (inclusive), YYYY-MM-DD. */
  to: string;
  /** The story (default), every raw event, or images opened per day. */
  view: 'story' | 'events' | 'views';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function viewOf(value: string | null): AuditFilters['view'] {
  return value === 'views' || value === 'events' ? value : 'story';
}

function day(value: string | null): string {
  return value && DAY.test(value) ? value : '';
}

/** The start of a local day as an ISO instant (the API reads it in UTC). */
function startOfDay(value: string): string | undefined {
  if (!value) return undefined;
  const moment = new Date(`${value}T00:00:00`);
  return Number.isNaN(moment.getTime()) ? undefined : moment.toISOString();
}

/** The last millisecond of a local day as an ISO instant. */
function endOfDay(value: string): string | undefined {
  if (!value) return undefined;
  const moment = new Date(`${value}T23:59:59.999`);
  return Number.isNaN(moment.getTime()) ? undefined : moment.toISOString();
}

/** The filters in the URL, what the API is asked, and a setter that writes one filter back. */
export function useAuditFilters() {
  const [params, setParams] = useSearchParams();

  const filters: AuditFilters = useMemo(
    () => ({
      user: params.get('user'),
      action: params.get('action'),
      from: day(params.get('from')),
      to: day(params.get('to')),
      view: viewOf(params.get('view')),
    }),
    [params],
  );

  const eventsQuery: AuditQuery = useMemo(
    () => ({
      userId: filters.user ? Number(filters.user) : undefined,
      action: filters.action ?? undefined,
      since: startOfDay(filters.from),
      until: endOfDay(filters.to),
    }),
    [filters],
  );

  const viewsQuery: ImageViewsQuery = useMemo(
    () => ({
      userId: filters.user ? Number(filters.user) : undefined,
      sinceDay: filters.from || undefined,
      untilDay: filters.to || undefined,
    }),
    [filters],
  );

  const setFilter = useCallback(
    (name: keyof AuditFilters, value: string | null) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(name, value);
          else next.delete(name);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const clearFilters = useCallback(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams();
        const view = current.get('view');
        if (view) next.set('view', view);
        return next;
      },
      { replace: true },
    );
  }, [setParams]);

  const isFiltered = Boolean(
    filters.user || (filters.view === 'events' && filters.action) || filters.from || filters.to,
  );

  return { filters, eventsQuery, viewsQuery, setFilter, clearFilters, isFiltered };
}
