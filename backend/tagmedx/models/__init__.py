"""Every table of TagMedX. Importing this package registers them all on `Base.metadata`."""

from tagmedx.models.audit import AuditEvent, IdempotencyKey, ImageView
from tagmedx.models.base import Base
from tagmedx.models.examinations import Box, Examination, ExaminationLabel
from tagmedx.models.groups import DicomDates, Group, Membership, Role
from tagmedx.models.redaction import TextRegion, TextScanStatus
from tagmedx.models.samples import Package, Sample, SampleFormat
from tagmedx.models.sets import Label, Set, SetType
from tagmedx.models.stored_files import (
    FileHolder,
    FileReservation,
    ReclaimRequest,
    StorageHold,
    StoredFile,
)
from tagmedx.models.users import ApiToken, AuthSession, LoginAttempt, User

__all__ = [
    "ApiToken",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Box",
    "DicomDates",
    "Examination",
    "ExaminationLabel",
    "FileHolder",
    "FileReservation",
    "Group",
    "IdempotencyKey",
    "ImageView",
    "Label",
    "LoginAttempt",
    "Membership",
    "Package",
    "ReclaimRequest",
    "Role",
    "Sample",
    "SampleFormat",
    "Set",
    "SetType",
    "StorageHold",
    "StoredFile",
    "TextRegion",
    "TextScanStatus",
    "User",
]
