import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { components } from '../../api/schema';
import { queryKeys } from '../../lib/query-keys.ts';

export type AuditAction = components['schemas']['AuditAction'];
export type AuditEvent = components['schemas']['AuditEventOut'];
export type ImageViews = components['schemas']['ImageViewsOut'];
export type StoryEntry = components['schemas']['StoryEntryOut'];

export const AUDIT_PAGE_SIZE = 50;
export const IMAGE_VIEWS_PAGE_SIZE = 30;

/** The filters as the API takes them (times as ISO-8601 instants, days as YYYY-MM-DD). */
export interface AuditQuery {
  userId?: number;
  action?: string;
  since?: string;
  until?: string;
}

export interface ImageViewsQuery {
  userId?: number;
  sinceDay?: string;
  untilDay?: string;
}

const auditKey = (groupId: number) => [...queryKeys.group(groupId), 'audit'] as const;

/** What both views of the trail send: the page, who and when. */
function trailParams(groupId: number, query: AuditQuery, cursor: string | null) {
  return {
    path: { group_id: groupId },
    query: {
      limit: AUDIT_PAGE_SIZE,
      cursor: cursor ?? undefined,
      user_id: query.userId,
      since: query.since,
      until: query.until,
    },
  };
}

/** The group's audit trail, newest first, a page at a time (admins only; read-only). */
export function useAuditEvents(groupId: number, query: AuditQuery) {
  return useInfiniteQuery({
    queryKey: [...auditKey(groupId), 'events', query] as const,
    queryFn: ({ pageParam }) => {
      const params = trailParams(groupId, query, pageParam);
      return unwrap(
        api.GET('/api/groups/{group_id}/audit', {
          params: { ...params, query: { ...params.query, action: query.action } },
        }),
      );
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled: Number.isFinite(groupId),
  });
}

/** The trail as a story: a reader's autosaves of one reading are one entry, told with names. */
export function useAuditStory(groupId: number, query: AuditQuery) {
  return useInfiniteQuery({
    queryKey: [...auditKey(groupId), 'story', query] as const,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/groups/{group_id}/audit/story', {
          params: trailParams(groupId, query, pageParam),
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled: Number.isFinite(groupId),
  });
}

/** Images opened per member and (UTC) day, newest first. */
export function useImageViews(groupId: number, query: ImageViewsQuery) {
  return useInfiniteQuery({
    queryKey: [...auditKey(groupId), 'image-views', query] as const,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/groups/{group_id}/audit/image-views', {
          params: {
            path: { group_id: groupId },
            query: {
              limit: IMAGE_VIEWS_PAGE_SIZE,
              cursor: pageParam ?? undefined,
              user_id: query.userId,
              since: query.sinceDay,
              until: query.untilDay,
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled: Number.isFinite(groupId),
  });
}

/** The group's sets by id, to name the sets that events mention (deleted ones are absent). */
export function useSetNames(groupId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...auditKey(groupId), 'set-names'] as const,
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/api/groups/{group_id}/sets', {
          params: { path: { group_id: groupId }, query: { limit: 1000 } },
        }),
      );
      return new Map(page.items.map((set) => [set.id, set.name]));
    },
    enabled: enabled && Number.isFinite(groupId),
  });
}
