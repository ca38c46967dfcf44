"""Authorization in one place: the policy table, guard dependencies, list scoping and what needs a
login session (never a personal API token)."""

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
from tagmedx.authz.session import LoginSession, SessionRequired, SignedInSession

__all__ = [
    "POLICY",
    "Access",
    "Action",
    "Extension",
    "GroupAdmin",
    "GroupMember",
    "LoginSession",
    "SessionRequired",
    "SignedInSession",
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
