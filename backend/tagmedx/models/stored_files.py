"""The stored files of samples and who holds them (docs/decisions/0007-stored-files.md).

Files are content-addressed and shared between samples, so whether one may be deleted is decided in
the database: a file is deleted only by the reclaimer, inside a transaction that has locked its
`stored_files` row and found no sample using it and no reservation on it. An import reserves its
keys (committed) before it writes the files, and ends its reservations in the transaction that
commits its samples; deletes of samples queue their keys in `reclaim_queue` in their own transaction.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tagmedx.models.base import Base, UTCDateTime, utcnow


class StoredFile(Base):
    """One object in storage under `key`. A row exists before its file is written, and its file is
    deleted before the row is (so a file without a row is one the protocol never knew: adopted)."""

    __tablename__ = "stored_files"

    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    size_bytes: Mapped[int | None] = mapped_column(sa.BigInteger)  # null: not measured yet (older files)
    media_type: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FileHolder(Base):
    """An import in flight: its lease, renewed while it runs (one row, however many files it holds).
    Only the reclaimer's expiry pass deletes a holder whose lease ended, and its reservations go with
    it, in a transaction of its own; the import's claim then finds it gone and fails."""

    __tablename__ = "file_holders"

    holder: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class FileReservation(Base):
    """The holder holds `key`: any row holds, whether its holder's lease has ended or not."""

    __tablename__ = "file_reservations"

    holder: Mapped[str] = mapped_column(
        sa.ForeignKey("file_holders.holder", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(sa.ForeignKey("stored_files.key"), primary_key=True, index=True)


class ReclaimRequest(Base):
    """A key to check: it may have lost its last sample (queued with the delete, in its transaction)."""

    __tablename__ = "reclaim_queue"

    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StorageHold(Base):
    """While a hold is live (a backup copying files), the reclaimer deletes nothing."""

    __tablename__ = "storage_holds"

    holder: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
