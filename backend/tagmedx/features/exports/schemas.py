"""The query options of exports."""

import enum


class ExportFormat(enum.StrEnum):
    coco = "coco"
    yolo = "yolo"
    voc = "voc"
    csv = "csv"


class ExportScope(enum.StrEnum):
    ready = "ready"  # only samples of packages marked ready, with their examinations
    all = "all"  # every sample and every examination
