"""HTTP conditional requests on readings (RFC 9110, sections 8.8.3 and 13.1): ETag, If-Match,
If-None-Match.

A reading's entity tag is `"<examination id>.<version>.<creation>"` (opaque to clients). The version
goes up with every change of the reading (flags, comment, labels, any box), so it is the reading's
validator; the id and the moment of creation keep a reading that was deleted and made again (from
version 1, and on SQLite possibly with the same id) from matching a tag of the old one.
Boxes carry the tag of the reading they belong to: every box change is a change of the reading (it
bumps the version), so a client holding a reading needs one validator for all of it, and a write
against an old tag fails whichever part of the reading changed meanwhile. The tag is strong: it
covers the reading's own fields; the author's name and role shown beside them are not part of it.

The values are parsed here rather than with a web framework's helper: the grammar is one line
(`entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE`), and FastAPI brings none.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Header

from tagmedx.errors import AppError

# one member of a list of entity tags; etagc = %x21 / %x23-7E / obs-text (a comma may be inside)
_MEMBER = re.compile(r'[ \t]*(W/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*(?:,|$)')
_EMPTY_MEMBER = re.compile(r"[ \t]*,")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The reading's ETag as you last read it (from GET .../examination or an earlier "
        'write): the write lands only if the reading is still at it, otherwise 412. "*" means "if the '
        'reading exists". Without If-Match (and without `version`) the write is unconditional.',
    ),
]
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        description="ETags you hold: when the reading is still at one of them, 304 with no body.",
    ),
]


class PreconditionFailed(AppError):
    status_code = 412
    code = "precondition_failed"
    detail = (
        "This reading was changed elsewhere since you read it (If-Match). "
        "Reload it and apply your changes again."
    )


def etag(examination_id: int, version: int, created_at: datetime) -> str:
    made = (created_at - _EPOCH) // timedelta(microseconds=1)
    return f'"{examination_id}.{version}.{made:x}"'


@dataclass(frozen=True)
class EntityTags:
    """An If-Match or If-None-Match value: `*` (anything), or the listed tags with their weakness."""

    anything: bool
    tags: tuple[tuple[str, bool], ...] = ()

    def match(self, current: str | None, *, weak: bool) -> bool:
        """Whether `current` (a strong tag; None: no reading) is listed. If-Match compares strongly (a
        weak tag never matches), If-None-Match weakly (RFC 9110, section 8.8.3.2)."""
        if current is None:
            return False
        if self.anything:
            return True
        opaque = current.strip('"')
        return any(tag == opaque and (weak or not is_weak) for tag, is_weak in self.tags)


def parse(value: str | None) -> EntityTags | None:
    """The header's tags; None when it was not sent. A malformed value keeps the tags read before
    the fault: what cannot be read matches no reading (If-Match then fails with 412)."""
    if value is None:
        return None
    if value.strip() == "*":
        return EntityTags(anything=True)
    tags: list[tuple[str, bool]] = []
    position = 0
    while position < len(value):
        found = _MEMBER.match(value, position) or _EMPTY_MEMBER.match(value, position)
        if found is None:
            break
        if found.lastindex:
            tags.append((found.group(2), found.group(1) is not None))
        position = found.end()
    return EntityTags(anything=False, tags=tuple(tags))
