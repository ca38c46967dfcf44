"""Request and response models of examinations and boxes."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool

from tagmedx.ids import Id
from tagmedx.json_types import JSON_INTEGER
from tagmedx.models import Role
from tagmedx.partial import PartialUpdate

MAX_BOXES = 5000
MAX_LABELS = 1000
MAX_COMMENT = 5000
MIN_BOX_SIDE = 1.0  # px: a thinner box is invisible in the editor and vanishes in VOC's whole pixels


def _at_least_a_pixel(value: float) -> float:
    if value < MIN_BOX_SIDE:
        raise ValueError(
            f"a box must be at least {MIN_BOX_SIDE:g} pixel wide and high, not {value:g}: "
            "draw it larger or delete it"
        )
    return value


BoxSide = Annotated[
    float,
    Field(strict=True, json_schema_extra={"minimum": MIN_BOX_SIDE}),
    AfterValidator(_at_least_a_pixel),
]


class FiniteModel(BaseModel):
    """Refuses NaN and infinities (JSON parsers accept `NaN`, `Infinity` and `1e400`) with a 422;
    the error handler echoes such inputs as text (tagmedx/errors.py)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class BoxIn(FiniteModel):
    """A box in pixels of the original image, origin top-left: (x, y) is its top-left corner."""

    label_id: Id
    x: float = Field(ge=0, strict=True, description="Left edge, >= 0")
    y: float = Field(ge=0, strict=True, description="Top edge, >= 0")
    width: BoxSide = Field(description=">= 1 px; x + width <= the image's width")
    height: BoxSide = Field(description=">= 1 px; y + height <= the image's height")
    comment: str = Field(default="", max_length=MAX_COMMENT)


ReadingVersion = Annotated[int, Field(ge=1), JSON_INTEGER]


def _reading_version() -> Any:
    return Field(
        default=None,
        description="The version of the reading you edited (or send its ETag in If-Match): a newer one "
        "on the server -> 409 `stale_version`. Omitted (and no If-Match): the change lands whatever "
        "the reading's version",
    )


class BoxCreate(BoxIn):
    """A box to add to a reading, optionally on the condition that the reading is still at `version`."""

    version: ReadingVersion | None = _reading_version()


class BoxPatch(FiniteModel, PartialUpdate):
    """Only the fields that change (the others stay as they are at the moment of the write); the
    resulting box must still lie inside the image."""

    not_null = ("label_id", "x", "y", "width", "height", "comment")

    label_id: Id | None = None
    x: float | None = Field(default=None, ge=0, strict=True)
    y: float | None = Field(default=None, ge=0, strict=True)
    width: BoxSide | None = None
    height: BoxSide | None = None
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)
    version: ReadingVersion | None = _reading_version()

    def changes(self) -> dict[str, Any]:
        """The box's fields this PATCH sets (not the `version` it is conditional on)."""
        return {name: getattr(self, name) for name in self.model_fields_set - {"version"}}


class ExaminationIn(FiniteModel):
    """The whole reading: it replaces the caller's previous labels and boxes of this sample."""

    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        json_schema_extra={
            "examples": [
                {
                    "tentative": False,
                    "bad_quality": False,
                    "comment": "",
                    "label_ids": [],
                    "boxes": [{"label_id": 3, "x": 10, "y": 20, "width": 50, "height": 40}],
                    "version": 2,
                }
            ]
        },
    )

    tentative: StrictBool
    bad_quality: StrictBool
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)
    label_ids: list[Id] = Field(
        default_factory=list, max_length=MAX_LABELS, description="Classification sets: chosen labels"
    )
    boxes: list[BoxIn] = Field(
        default_factory=list, max_length=MAX_BOXES, description="Detection sets: the boxes"
    )
    version: Annotated[int, Field(ge=0), JSON_INTEGER] | None = Field(
        default=None,
        description="The version you edited (a newer one on the server -> 409); 0 = create only "
        "(409 when a reading exists already); omitted = save whatever the server holds",
    )


class BoxOut(BaseModel):
    id: int
    label_id: int
    x: float
    y: float
    width: float
    height: float
    comment: str


class BoxChanged(BoxOut):
    """A box returned by the box routes, with the examination's new version."""

    examination_id: int
    examination_version: int


class Author(BaseModel):
    name: str
    surname: str
    role: Role | None = Field(description="The author's role in the group; null if they left it")


class ExaminationOut(BaseModel):
    id: int
    sample_id: int
    set_id: int
    user_id: int
    author: Author
    tentative: bool
    bad_quality: bool
    comment: str
    label_ids: list[int]
    boxes: list[BoxOut]
    version: int
    created_at: datetime
    updated_at: datetime
