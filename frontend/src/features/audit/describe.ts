/** Turns an audit event's `object_type`/`object_id` and its `detail` into short readable text. */
import { actionName } from './actions.ts';

/** What the page knows by id, to show names instead of numbers. */
export interface AuditNames {
  members: ReadonlyMap<number, string>;
  sets: ReadonlyMap<number, string>;
  groupName?: string;
}

/** One line of an event's details: `key: value`, or `key: before → after` for a change. */
export interface DetailEntry {
  key: string;
  value?: string;
  before?: string;
  after?: string;
}

export interface EventObject {
  text: string;
  /** Where the object lives in the app, when it still exists there. */
  to?: string;
  /** The detail key the text already shows (not repeated among the details). */
  shows?: string;
}

type Detail = Record<string, unknown> | null | undefined;

const KEY_NAMES: Record<string, string> = {
  set_id: 'set',
  sample_id: 'image',
  package_id: 'package',
  examination_id: 'examination',
  label_id: 'label',
  assignee_id: 'assignee',
  previous_assignee_id: 'previous assignee',
  author_id: 'author',
  sample_ids: 'images',
  package_size: 'package size',
  unassigned_packages: 'packages unassigned',
  package_deleted: 'package deleted',
  known_account: 'known account',
  sessions_ended: 'sessions ended',
  tokens_revoked: 'tokens revoked',
  expires_at: 'expires',
  from: 'role',
};

const MEMBER_KEYS = new Set(['assignee_id', 'previous_assignee_id', 'author_id']);
const MAX_LIST = 5;

function keyName(key: string): string {
  return KEY_NAMES[key] ?? key.replace(/_/g, ' ');
}

function plainValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_LIST).map(plainValue).join(', ');
    return value.length > MAX_LIST ? `${shown} and ${value.length - MAX_LIST} more` : shown || '—';
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${plainValue(inner)} ${keyName(key)}`)
      .join(', ');
  }
  return String(value);
}

function valueFor(key: string, value: unknown, names: AuditNames): string {
  if (typeof value === 'number' && MEMBER_KEYS.has(key)) {
    return names.members.get(value) ?? `user #${value}`;
  }
  if (value === null && key === 'assignee_id') return 'nobody';
  if (value === null && key === 'previous_assignee_id') return 'nobody';
  if (typeof value === 'number' && key === 'set_id') return names.sets.get(value) ?? `#${value}`;
  if (typeof value === 'number' && key.endsWith('_id')) return `#${value}`;
  if (Array.isArray(value) && key.endsWith('_ids')) {
    return plainValue(value.map((item) => (typeof item === 'number' ? `#${item}` : item)));
  }
  return plainValue(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The details of an event as lines: changes (`before`/`after`, `from`/`to`) as before → after. */
export function detailEntries(detail: Detail, names: AuditNames, omit?: string): DetailEntry[] {
  if (!detail) return [];
  const entries: DetailEntry[] = [];
  const { before, after, from, to, ...rest } = detail;
  if (isRecord(before) || isRecord(after)) {
    const old = isRecord(before) ? before : {};
    const next = isRecord(after) ? after : {};
    for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) {
      entries.push({
        key: keyName(key),
        before: valueFor(key, old[key], names),
        after: valueFor(key, next[key], names),
      });
    }
  }
  if (from !== undefined || to !== undefined) {
    entries.push({ key: 'role', before: plainValue(from), after: plainValue(to) });
  }
  for (const [key, value] of Object.entries(rest)) {
    if (key === omit) continue;
    entries.push({ key: keyName(key), value: valueFor(key, value, names) });
  }
  return entries;
}

/** The event's object in words ("Set “Chest X-ray”", "Jan Nowak", "Package #12"), linked when it can be. */
export function eventObject(
  objectType: string | null,
  objectId: number | null,
  detail: Detail,
  names: AuditNames,
): EventObject | null {
  if (!objectType) return null;
  const id = objectId === null ? '' : ` #${objectId}`;
  const named = (kind: string, name: unknown) =>
    typeof name === 'string' && name ? `${kind} “${name}”` : `${kind}${id}`;
  const fromDetail = (kind: string, key: string): EventObject =>
    typeof detail?.[key] === 'string' && detail[key]
      ? { text: named(kind, detail[key]), shows: key }
      : { text: `${kind}${id}` };
  switch (objectType) {
    case 'user':
      return { text: (objectId !== null && names.members.get(objectId)) || `User${id}` };
    case 'group':
      return detail?.name ? fromDetail('Group', 'name') : { text: named('Group', names.groupName) };
    case 'set': {
      const current = objectId === null ? undefined : names.sets.get(objectId);
      if (current !== undefined) {
        const shows = detail?.name === current ? 'name' : undefined;
        return { text: named('Set', current), to: `/sets/${objectId}`, shows };
      }
      return fromDetail('Set', 'name');
    }
    case 'label':
      return fromDetail('Label', 'name');
    case 'sample':
      return fromDetail('Image', 'filename');
    case 'package':
      return { text: `Package${id}` };
    case 'examination':
      return { text: `Examination${id}` };
    case 'box':
      return { text: `Box${id}` };
    case 'api_token':
      return fromDetail('API token', 'name');
    default:
      return { text: `${actionName(objectType)}${id}` };
  }
}
