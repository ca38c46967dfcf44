/** The audit trail's actions (`<object>.<verb>`) in words, and the choices of the action filter. */
import type { AuditAction } from './api.ts';

/** Every action the API can list (its OpenAPI enum): the type check fails when one has no name. */
const ACTION_NAMES: Record<AuditAction, string> = {
  'auth.register': 'Signed up',
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'auth.login_failed': 'Failed sign-in',
  'user.update': 'Changed profile',
  'user.password_change': 'Changed password',
  'token.create': 'Created API token',
  'token.revoke': 'Revoked API token',
  'group.create': 'Created group',
  'group.update': 'Changed group',
  'group.join_code_rotate': 'Rotated join code',
  'group.delete': 'Deleted group',
  'member.join': 'Joined group',
  'member.role_change': 'Changed role',
  'member.remove': 'Removed member',
  'member.leave': 'Left group',
  'set.create': 'Created set',
  'set.update': 'Changed set',
  'set.delete': 'Deleted set',
  'set.export': 'Exported set',
  'label.create': 'Created label',
  'label.update': 'Changed label',
  'label.delete': 'Deleted label',
  'sample.upload': 'Uploaded images',
  'sample.delete': 'Deleted image',
  'sample.mask': 'Masked burned-in text',
  'sample.rescan': 'Asked for a new text scan',
  'package.claim': 'Claimed package',
  'package.assign': 'Assigned package',
  'package.unassign': 'Unassigned package',
  'package.ready': 'Marked package ready',
  'package.unready': 'Reopened package',
  'package.delete': 'Deleted package',
  'package.export': 'Exported package',
  'examination.save': 'Saved examination',
  'examination.delete': 'Deleted examination',
  'box.create': 'Drew box',
  'box.update': 'Changed box',
  'box.delete': 'Deleted box',
};

/** The kinds of action an admin filters by: the API matches a value ending in "." as a prefix. */
const KINDS: { value: string; label: string }[] = [
  { value: 'group.', label: 'All group actions' },
  { value: 'member.', label: 'All member actions' },
  { value: 'set.', label: 'All set actions' },
  { value: 'label.', label: 'All label actions' },
  { value: 'sample.', label: 'All image actions' },
  { value: 'package.', label: 'All package actions' },
  { value: 'examination.', label: 'All examination actions' },
  { value: 'box.', label: 'All box actions' },
];

/** Actions that happen inside a group (sign-ins and profile changes are not group events). */
const GROUP_ACTIONS = Object.keys(ACTION_NAMES).filter(
  (action) => !/^(auth|user|token)\./.test(action),
);

/** "Changed role" for "member.role_change"; an unknown action as readable words ("Set: archive"). */
export function actionName(action: string): string {
  if (Object.hasOwn(ACTION_NAMES, action)) return ACTION_NAMES[action as AuditAction];
  const [kind = action, ...rest] = action.split('.');
  const verb = rest.join(' ').replace(/_/g, ' ').trim();
  const subject = kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' ');
  return verb ? `${subject}: ${verb}` : subject;
}

/** The action filter's choices: whole kinds first, then single actions (e.g. exports). */
export const ACTION_FILTER_DATA = [
  { group: 'Kinds of action', items: KINDS },
  {
    group: 'One action',
    items: GROUP_ACTIONS.map((action) => ({ value: action, label: actionName(action) })),
  },
];

/** The colour of an action's badge: deletions red, exports violet, the rest by kind. */
export function actionColor(action: string): string {
  if (action.endsWith('.delete') || action.endsWith('.remove') || action === 'auth.login_failed') {
    return 'red';
  }
  if (action.endsWith('.export')) return 'violet';
  if (action.endsWith('.create') || action === 'sample.upload' || action === 'member.join') {
    return 'teal';
  }
  return 'gray';
}
