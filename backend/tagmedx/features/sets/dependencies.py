"""Guards for routes about a set, or about the sets of a group (shared with labels, samples, packages)."""

from typing import Annotated

from fastapi import Depends

from tagmedx.authz import Access, Action, guard
from tagmedx.models import Group, Set

GroupSetViewer = Annotated[Access[Group], Depends(guard("group_id", Action.view_sets))]
GroupSetManager = Annotated[Access[Group], Depends(guard("group_id", Action.manage_sets))]
SetMember = Annotated[Access[Set], Depends(guard("set_id", Action.view_sets))]
SetAdmin = Annotated[Access[Set], Depends(guard("set_id", Action.manage_sets))]
