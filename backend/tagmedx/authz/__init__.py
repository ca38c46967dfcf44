"""Authorization in one place: the policy table, guard dependencies and list scoping."""

from tagmedx.authz.guards import Access, Extension, GroupAdmin, GroupMember, guard, load_caller_access
from tagmedx.authz.policy import (
    POLICY,
    Action,
    can,
    may_annotate,
    may_delete_examination,
    may_remove_member,
    may_set_ready,
)
from tagmedx.authz.scope import groups_where_may, member_group_ids

__all__ = [
    "POLICY",
    "Access",
    "Action",
    "Extension",
    "GroupAdmin",
    "GroupMember",
    "can",
    "groups_where_may",
    "guard",
    "load_caller_access",
    "may_annotate",
    "may_delete_examination",
    "may_remove_member",
    "may_set_ready",
    "member_group_ids",
]
