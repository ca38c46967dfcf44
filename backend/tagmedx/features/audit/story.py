"""The audit trail as a story: one entry per thing a person did, not one per request.

The editor autosaves a reading every few seconds, so the raw trail of a morning's work is hundreds of
`examination.save` rows. Here the saves of one reading by one person follow each other into one entry
(its newest save tells what the reading holds) until that person does something else; other people's
events in between do not break it. Everything else stays one entry per event. The raw trail is still
`GET /api/groups/{id}/audit`; an entry names the range of raw event ids it stands for.

A page ends where its last entry starts: the next page starts at the next older event, so a run cut
by the page's end goes on as an entry of its own on the next page, and no raw event is told twice.
"""

from dataclasses import dataclass, field
from typing import Any

from tagmedx.models import AuditEvent

RUNS = {"examination.save": "reading", "box.create": "boxes", "box.update": "boxes", "box.delete": "boxes"}


@dataclass
class Entry:
    """One line of the story: its newest raw event, and how far back its run goes."""

    newest: Any  # a row of repository.list_events: (AuditEvent, email, name, surname, title)
    key: tuple[str, int] | None
    oldest_id: int = 0
    oldest_at: Any = None
    events: int = 1
    actions: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.oldest_id, self.oldest_at = self.event.id, self.event.at
        self.actions.add(self.event.action)

    @property
    def event(self) -> AuditEvent:
        event: AuditEvent = self.newest[0]
        return event

    def absorb(self, older: AuditEvent) -> None:
        self.oldest_id, self.oldest_at = older.id, older.at
        self.events += 1
        self.actions.add(older.action)


def run_key(event: AuditEvent) -> tuple[str, int] | None:
    """What a run of events is about (a reading, or the boxes of one), or None for a single event."""
    kind = RUNS.get(event.action)
    if kind is None:
        return None
    examination_id = event.object_id if kind == "reading" else (event.detail or {}).get("examination_id")
    return (kind, int(examination_id)) if isinstance(examination_id, int) else None


@dataclass
class Collapser:
    """Folds raw events, newest first, into at most `limit` entries."""

    limit: int
    entries: list[Entry] = field(default_factory=list)
    open_runs: dict[int | None, Entry] = field(default_factory=dict)  # by user id
    stopped_at: int | None = None  # the id of the first raw event left for the next page

    def add(self, row: Any) -> bool:
        """Take one raw event; False when the page is full (the event starts the next page)."""
        event: AuditEvent = row[0]
        key = run_key(event)
        run = self.open_runs.get(event.user_id)
        if key is not None and run is not None and run.key == key:
            run.absorb(event)
            return True
        if len(self.entries) == self.limit:
            self.stopped_at = event.id
            return False
        entry = Entry(newest=row, key=key)
        self.entries.append(entry)
        if key is None:
            self.open_runs.pop(event.user_id, None)
        else:
            self.open_runs[event.user_id] = entry
        return True
