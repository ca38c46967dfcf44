"""The guard for routes about one label: its set's group's admins change it."""

from typing import Annotated

from fastapi import Depends

from tagmedx.authz import Access, Action, guard
from tagmedx.models import Label

LabelAdmin = Annotated[Access[Label], Depends(guard("label_id", Action.manage_sets))]
