"""The query options of exports, and the answer of an export check."""

import enum

from pydantic import BaseModel, Field


class ExportFormat(enum.StrEnum):
    coco = "coco"
    yolo = "yolo"
    voc = "voc"
    csv = "csv"


class ExportScope(enum.StrEnum):
    ready = "ready"  # only samples of packages marked ready, with their examinations
    all = "all"  # every sample and every examination


class ExportCheckOut(BaseModel):
    """What the export with the same query would download (nothing is exported, nothing recorded)."""

    file_name: str = Field(description="The download's name, as Content-Disposition will give it")
    media_type: str = Field(description="application/json, text/csv; charset=utf-8 or application/zip")
