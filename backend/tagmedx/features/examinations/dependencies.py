"""The guard of the examination save: the sample's guard, reading in the same statement what the
save's rules need (one query less on the busiest write; docs/PERFORMANCE.md)."""

from typing import Annotated, Any

from fastapi import Depends, Path, Request

from tagmedx.authz import Action, load_caller_access
from tagmedx.db import Session
from tagmedx.features.auth.dependencies import CurrentCredential
from tagmedx.features.examinations import repository
from tagmedx.features.examinations.repository import SaveAccess
from tagmedx.ids import MAX_ID


def labels_named(body: Any) -> frozenset[int]:
    """The label ids a save's raw JSON names (`label_ids`, each box's `label_id`). What is not a plain
    integer is left to the body's validation, which runs after the guards."""
    if not isinstance(body, dict):
        return frozenset()
    named = body.get("label_ids")
    found = list(named) if isinstance(named, list) else []
    boxes = body.get("boxes")
    if isinstance(boxes, list):
        found += [box.get("label_id") for box in boxes if isinstance(box, dict)]
    return frozenset(value for value in found if type(value) is int and 1 <= value <= MAX_ID)


async def _raw_json(request: Request) -> Any:
    """The body as FastAPI already parsed it for validation (Starlette keeps it), or None."""
    try:
        return await request.json()
    except ValueError:  # not JSON: the body's validation answers 422
        return None


async def guard_save(
    request: Request,
    session: Session,
    credential: CurrentCredential,
    sample_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> SaveAccess:
    """Like guard("sample_id", Action.view_samples), so a stranger to the sample's group gets 404
    before anything of the body is judged; its statement also reads the SaveContext."""
    labels = labels_named(await _raw_json(request))
    extension, params = repository.save_guard(labels)
    access = await load_caller_access(
        request, session, credential, "sample_id", sample_id, Action.view_samples, extension, params
    )
    return SaveAccess(access=access, context=repository.save_context(access), counted_labels=labels)


SampleSaver = Annotated[SaveAccess, Depends(guard_save)]
