"""The rules a reading must follow: who may change it, which labels, and where boxes may lie."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Action, can, may_annotate
from tagmedx.errors import Conflict, Forbidden, NotFound, Unprocessable
from tagmedx.features.examinations import repository
from tagmedx.features.examinations.repository import SampleContext
from tagmedx.models import Role, SetType

EDGE_TOLERANCE = 1e-6  # a box may overshoot the image by this much (rounding in clients); it is clamped


class ExaminationNotFound(NotFound):
    code = "examination_not_found"
    detail = "You have no examination of this sample."


class StaleVersion(Conflict):
    code = "stale_version"
    detail = "This examination was changed elsewhere. Reload it and apply your changes again."


class PackageReady(Conflict):
    code = "package_ready"
    detail = "This package is marked ready. Mark it not ready before changing its examinations."


class NotAssignee(Forbidden):
    code = "not_assignee"
    detail = "Only the package's assignee (or an admin) annotates its samples."


class NotAuthor(Forbidden):
    code = "not_author"
    detail = "Only the author of this examination changes it."


class LabelNotInSet(Unprocessable):
    code = "label_not_in_set"
    detail = "Every label must belong to the sample's set."


class BoxesNotAllowed(Unprocessable):
    code = "boxes_not_allowed"
    detail = "This is a classification set: choose label_ids, boxes are not allowed."


class LabelIdsNotAllowed(Unprocessable):
    code = "label_ids_not_allowed"
    detail = "This is a detection set: draw boxes, label_ids must be empty."


class SingleLabel(Unprocessable):
    code = "single_label"
    detail = "This set takes one label a reading: choose one (the set's multi_label is false)."


class BoxOutsideImage(Unprocessable):
    code = "box_outside_image"
    detail = "A box must lie inside the image."


def check_may_edit(role: Role, user_id: int, context: SampleContext) -> None:
    """The assignee or an admin annotates; the assignee may not change a package that is ready."""
    if not may_annotate(role, user_id=user_id, assignee_id=context.assignee_id):
        raise NotAssignee()
    if context.package_ready and not can(role, Action.annotate_any):
        raise PackageReady()


def check_reading_shape(context: SampleContext, *, label_ids: list[int], box_count: int) -> None:
    if context.set_type is SetType.classification and box_count:
        raise BoxesNotAllowed()
    if context.set_type is SetType.classification and len(label_ids) > 1 and not context.multi_label:
        raise SingleLabel()
    if context.set_type is SetType.detection and label_ids:
        raise LabelIdsNotAllowed()


async def check_labels(
    session: AsyncSession, context: SampleContext, label_ids: Iterable[int], *, known: int | None = None
) -> None:
    """Every label must be the set's. `known`: how many of them are (counted by an earlier read), so
    only a refusal, which names the strangers, needs a query of its own."""
    wanted = set(label_ids)
    if known == len(wanted):
        return
    missing = wanted - await repository.labels_in_set(session, context.set_id, wanted)
    if missing:
        listed = ", ".join(str(label_id) for label_id in sorted(missing))
        raise LabelNotInSet(f"Label(s) {listed} do not belong to set {context.set_id} of this sample.")


def fit_box(box: dict[str, Any], context: SampleContext, *, index: int | None = None) -> dict[str, Any]:
    """The box clamped into the image, or BoxOutsideImage when it lies outside by more than the tolerance."""
    x, y, width, height = box["x"], box["y"], box["width"], box["height"]
    where = f"Box {index}" if index is not None else "The box"
    if x + width > context.width + EDGE_TOLERANCE or x >= context.width:
        raise BoxOutsideImage(
            f"{where} ends at x = {x + width:g}, outside the image's width of {context.width} px."
        )
    if y + height > context.height + EDGE_TOLERANCE or y >= context.height:
        raise BoxOutsideImage(
            f"{where} ends at y = {y + height:g}, outside the image's height of {context.height} px."
        )
    return {
        **box,
        "width": min(width, context.width - x),
        "height": min(height, context.height - y),
    }
