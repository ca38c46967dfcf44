"""Story entries in words: "Dr Anna Nowak read chest_012.dcm (#12 in Chest X-ray): 2 boxes, Nodule, Mass".

Names are today's (a renamed set reads by its new name); what was deleted since is told from the
event's own detail (a deleted image's file name, a deleted set's name), else said to be deleted.
"""

from dataclasses import dataclass
from typing import Any

from tagmedx.features.audit.repository import Names, WantedNames, full_name
from tagmedx.features.audit.story import Entry


@dataclass(frozen=True)
class Told:
    """An entry's sentence, and what it is about (for links)."""

    text: str
    set_id: int | None = None
    package_id: int | None = None
    sample_id: int | None = None


def wanted_names(entries: list[Entry]) -> WantedNames:
    """Every id the entries' sentences name, to look them up in one go."""
    wanted = WantedNames(set(), set(), set(), set(), set(), set())
    for entry in entries:
        event, detail = entry.event, entry.event.detail or {}
        objects = {
            "set": wanted.sets,
            "sample": wanted.samples,
            "package": wanted.packages,
            "user": wanted.users,
        }
        if event.object_id is not None and event.object_type in objects:
            objects[event.object_type].add(event.object_id)
        if event.object_type == "examination" and event.object_id is not None:
            wanted.readings.add(event.object_id)
        for key, kind in (
            ("set_id", wanted.sets),
            ("sample_id", wanted.samples),
            ("examination_id", wanted.readings),
        ):
            if isinstance(detail.get(key), int):
                kind.add(detail[key])
        for key in ("assignee_id", "previous_assignee_id", "author_id"):
            if isinstance(detail.get(key), int):
                wanted.users.add(detail[key])
        wanted.labels.update(item for item in detail.get("label_ids") or [] if isinstance(item, int))
    return wanted


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}{'es' if word.endswith('x') else 's'}"


class Narrator:
    """Tells the entries of one page, with the names looked up for it."""

    def __init__(self, names: Names) -> None:
        self.names = names

    def who(self, entry: Entry) -> str:
        row = entry.newest
        if row.email:
            return full_name(row.title, row.name, row.surname)
        return "Someone signed out" if entry.event.user_id is None else "A deleted account"

    def person(self, user_id: Any) -> str:
        if user_id is None:
            return "nobody"
        return self.names.users.get(user_id, f"user #{user_id}")

    def set_words(self, set_id: Any, fallback: Any = None) -> str:
        name = self.names.sets.get(set_id) or fallback
        return f"“{name}”" if name else "a set since deleted"

    def sample_words(self, sample_id: Any, detail: dict[str, Any]) -> str:
        sample = self.names.samples.get(sample_id)
        if sample is None:
            filename = detail.get("filename")
            return f"{filename} (since deleted)" if filename else "an image since deleted"
        return f"{sample.filename} (#{sample.number} in {self.set_words(sample.set_id)})"

    def package_words(self, package_id: Any, detail: dict[str, Any]) -> str:
        package = self.names.packages.get(package_id)
        if package is None:
            number = detail.get("number")
            return f"package #{number} (since deleted)" if number else "a package since deleted"
        return f"package #{package.number} of {self.set_words(package.set_id)}"

    def tell(self, entry: Entry) -> Told:
        event, detail = entry.event, entry.event.detail or {}
        who, action = self.who(entry), event.action
        kind = action.split(".", 1)[0]
        if kind in ("examination", "box"):
            return self._reading(entry, who, detail)
        if kind == "package":
            return self._package(event.object_id, action, who, detail)
        if kind in ("sample", "set", "label"):
            return self._content(event.object_type, event.object_id, action, who, detail)
        return Told(self._group(event.object_id, action, who, detail))

    def _reading(self, entry: Entry, who: str, detail: dict[str, Any]) -> Told:
        event = entry.event
        examination_id: Any = (
            event.object_id if event.object_type == "examination" else detail.get("examination_id")
        )
        sample_id: Any = detail.get("sample_id") or self.names.readings.get(examination_id)
        sample = self.sample_words(sample_id, detail)
        link = self.names.samples.get(sample_id)
        told = {"sample_id": sample_id if link else None, "set_id": link.set_id if link else None}
        if event.action == "examination.delete":
            author = detail.get("author_id")
            whose = "their" if author == event.user_id else f"{self.person(author)}'s"
            return Told(f"{who} deleted {whose} reading of {sample}", **told)
        if event.action.startswith("box."):
            return Told(f"{who} changed {_plural(entry.events, 'box')} on {sample}", **told)
        return Told(f"{who} read {sample}: {self._contents(detail)}", **told)

    def _contents(self, detail: dict[str, Any]) -> str:
        boxes = int(detail.get("boxes") or 0)
        names = [
            self.names.labels.get(label_id, "a deleted label") for label_id in detail.get("label_ids") or []
        ]
        parts = ([_plural(boxes, "box")] if boxes else []) + names
        if not parts and detail.get("labels"):
            parts = [_plural(int(detail["labels"]), "label")]
        return ", ".join(parts) if parts else "nothing marked"

    def _package(self, package_id: Any, action: str, who: str, detail: dict[str, Any]) -> Told:
        words = self.package_words(package_id, detail)
        package = self.names.packages.get(package_id)
        told = {"package_id": package_id if package else None, "set_id": package.set_id if package else None}
        verb = {
            "package.claim": f"claimed {words}",
            "package.unassign": f"put {words} back in the pool",
            "package.ready": f"marked {words} ready",
            "package.unready": f"reopened {words}",
            "package.delete": f"deleted {words} and its {_plural(int(detail.get('samples') or 0), 'image')}",
            "package.export": f"exported {words} as {str(detail.get('format', '')).upper()}",
        }.get(action)
        if action == "package.assign":
            previous = detail.get("previous_assignee_id")
            verb = f"assigned {words} to {self.person(detail.get('assignee_id'))}"
            verb += f" (was {self.person(previous)})" if previous else ""
        return Told(f"{who} {verb or action}", **told)

    def _content(
        self, object_type: Any, object_id: Any, action: str, who: str, detail: dict[str, Any]
    ) -> Told:
        set_id = object_id if object_type == "set" else detail.get("set_id")
        if object_type == "sample" and object_id in self.names.samples:
            set_id = self.names.samples[object_id].set_id
        in_set = self.set_words(set_id, detail.get("name") if object_type == "set" else None)
        label = f"“{detail.get('name') or (detail.get('after') or {}).get('name') or 'a label'}”"
        created, refused = int(detail.get("created") or 0), int(detail.get("rejected") or 0)
        verb = {
            "sample.upload": f"uploaded {_plural(created, 'image')} to {in_set}"
            + (f" ({refused} refused)" if refused else ""),
            "sample.delete": f"deleted {self.sample_words(object_id, detail)} from {in_set}",
            "sample.mask": f"masked burned-in text on {self.sample_words(object_id, detail)}",
            "sample.rescan": f"asked for another text scan of {self.sample_words(object_id, detail)}",
            "set.create": f"created the set {in_set}",
            "set.update": f"changed the set {in_set}",
            "set.delete": f"deleted the set {in_set}",
            "set.export": f"exported {in_set} as {str(detail.get('format', '')).upper()}",
            "label.create": f"added the label {label} to {in_set}",
            "label.update": f"changed the label {label} of {in_set}",
            "label.delete": f"deleted the label {label} of {in_set}",
        }.get(action, action)
        alive = set_id in self.names.sets
        sample_id = object_id if object_type == "sample" and object_id in self.names.samples else None
        return Told(f"{who} {verb}", set_id=set_id if alive else None, sample_id=sample_id)

    def _group(self, object_id: Any, action: str, who: str, detail: dict[str, Any]) -> str:
        member = self.person(object_id)
        verb = {
            "member.join": "joined the group",
            "member.leave": "left the group",
            "member.remove": f"removed {member} from the group",
            "member.role_change": f"made {member} {detail.get('to', 'a member')}",
            "group.create": f"created the group “{detail.get('name', '')}”",
            "group.update": "changed the group's " + ", ".join(detail.get("fields") or ["settings"]),
            "group.join_code_rotate": "made a new join code",
        }.get(action, action)
        return f"{who} {verb}"
