import type { Examination, PackageDetail } from '../../api/types.ts';

export type ReadOnlyReason =
  | { kind: 'not-assignee'; assignee: string | null }
  | { kind: 'ready'; canReopen: boolean }
  | { kind: 'other-reader'; reader: string };

function fullName(person: { name: string; surname: string } | null | undefined): string | null {
  return person ? `${person.name} ${person.surname}`.trim() : null;
}

/** Why the reading on screen cannot be changed, or null when it can (or the roles are not known yet). */
export function readOnlyReason(input: {
  pkg: PackageDetail;
  known: boolean;
  isAdmin: boolean;
  isAssignee: boolean;
  /** Another reader's examination on screen (admins), if any. */
  otherReader: Examination | undefined;
  viewingOther: boolean;
}): ReadOnlyReason | null {
  const { pkg, known, isAdmin, isAssignee } = input;
  if (input.viewingOther) {
    return {
      kind: 'other-reader',
      reader: fullName(input.otherReader?.author) ?? 'another reader',
    };
  }
  if (!known) return null;
  if (!isAdmin && !isAssignee) return { kind: 'not-assignee', assignee: fullName(pkg.assignee) };
  if (pkg.is_ready && !isAdmin) return { kind: 'ready', canReopen: isAssignee };
  return null;
}
