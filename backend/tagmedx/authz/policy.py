"""Who may do what: one table of role x action, and the few rules that also look at the object."""

import enum

from tagmedx.models import Role


class Action(enum.StrEnum):
    view_group = "view_group"
    manage_group = "manage_group"  # rename, describe, delete, rotate the join code
    view_join_code = "view_join_code"
    view_members = "view_members"
    manage_members = "manage_members"  # change roles, remove others
    view_stats = "view_stats"
    view_audit = "view_audit"
    view_storage = "view_storage"  # the group's stored files: bytes, samples with missing files
    view_sets = "view_sets"
    manage_sets = "manage_sets"  # sets and labels: create, change, delete
    upload_samples = "upload_samples"
    delete_samples = "delete_samples"
    view_samples = "view_samples"
    view_packages = "view_packages"
    manage_packages = "manage_packages"  # assign, unassign, delete
    claim_package = "claim_package"
    annotate_any = "annotate_any"  # annotate a sample of any package, e.g. to review
    review_examinations = "review_examinations"  # read every reader's examinations
    export = "export"
    redact_samples = "redact_samples"  # read the text OCR found in pixels, mask it


_MEMBER = frozenset(
    {
        Action.view_group,
        Action.view_members,
        Action.view_stats,
        Action.view_sets,
        Action.view_samples,
        Action.view_packages,
        Action.claim_package,
    }
)

POLICY: dict[Role, frozenset[Action]] = {
    Role.annotator: _MEMBER,
    Role.admin: frozenset(Action),
}


def can(role: Role, action: Action) -> bool:
    return action in POLICY[role]


def may_annotate(role: Role, *, user_id: int, assignee_id: int | None) -> bool:
    """Only the package's assignee annotates its samples; an admin may annotate anything."""
    return can(role, Action.annotate_any) or (assignee_id is not None and assignee_id == user_id)


def may_set_ready(role: Role, *, user_id: int, assignee_id: int | None) -> bool:
    """The assignee marks their package ready or not ready; so may an admin."""
    return can(role, Action.manage_packages) or (assignee_id is not None and assignee_id == user_id)


def may_remove_member(role: Role, *, user_id: int, member_user_id: int) -> bool:
    """An admin removes anyone; every member may leave."""
    return can(role, Action.manage_members) or user_id == member_user_id


def may_delete_examination(role: Role, *, user_id: int, author_id: int) -> bool:
    return user_id == author_id or can(role, Action.annotate_any)
