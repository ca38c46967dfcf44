"""Issue 21, item 16: `python -m tagmedx backup DEST` while the real server works (annotators saving,
an admin deleting a set of images as soon as the backup's hold is taken), then `restore` into a fresh
database and data folder and a server on it: every sample opens, and every save acknowledged before
the backup began is there. After the backup, the deleted set's files leave the disk."""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests.faults.process import Annotator, arrange, save_body
from tests.faults.stored_stack import Admin, Stack, eventually, running_stack, zip_of

ANNOTATORS = 4
DOOMED_IMAGES = 200
MAX_SAVES_EACH = 2000  # bounded even if nothing stops them


@dataclass
class Saver:
    person: Annotator
    version: int | None = None
    acknowledged: list[int] = field(default_factory=list)


@pytest.fixture
def stack() -> Iterator[Stack]:
    with running_stack() as running:
        yield running


def save_until(stack: Stack, arranged: object, saver: Saver, stop: threading.Event) -> None:
    with httpx.Client(base_url=stack.server.base, headers=saver.person.headers, timeout=30) as http:
        for number in range(MAX_SAVES_EACH):
            if stop.is_set():
                return
            body = save_body(arranged, number, saver.version)  # type: ignore[arg-type]
            answer = http.put(f"/api/samples/{saver.person.sample_id}/examination", json=body)
            if answer.status_code == 200:
                saver.version = answer.json()["version"]
                saver.acknowledged.append(saver.version)


def hold_taken(stack: Stack) -> bool:
    engine = sa.create_engine(stack.sync_url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(sa.text("SELECT COUNT(*) FROM storage_holds")).scalar())
    finally:
        engine.dispose()


def test_a_backup_under_load_restores_every_sample_and_every_acknowledged_save(
    stack: Stack, tmp_path: Path
) -> None:
    with httpx.Client(base_url=stack.server.base, timeout=60) as http:
        arranged = arrange(http, stack.sync_url, annotators=ANNOTATORS)
    admin = Admin(stack)
    doomed = admin.new_set()
    assert admin.upload(doomed, "doomed.zip", zip_of(DOOMED_IMAGES)).status_code == 201
    savers = [Saver(person) for person in arranged.annotators]
    stop = threading.Event()
    destination = tmp_path / "backup"
    with ThreadPoolExecutor(ANNOTATORS + 1) as pool:
        saving = [pool.submit(save_until, stack, arranged, saver, stop) for saver in savers]
        eventually(lambda: all(len(saver.acknowledged) >= 5 for saver in savers), "saves are acknowledged")
        before_backup = {saver.person.sample_id: saver.acknowledged[-1] for saver in savers}
        backing_up = pool.submit(stack.server.command, "backup", str(destination))
        eventually(lambda: hold_taken(stack) or backing_up.done(), "the backup holds storage")
        assert admin.http.delete(f"/api/sets/{doomed}").status_code == 204  # while it copies files
        result = backing_up.result(timeout=300)
        stop.set()
        for future in saving:
            future.result(timeout=60)
    assert result.returncode == 0, result.stderr
    assert "backed up" in result.stdout
    eventually(lambda: stack.files_on_disk() == stack.keys_in_use(), "the deleted set's files go after it")

    with running_stack(start=False) as fresh:
        restored = fresh.server.command("restore", str(destination))
        assert restored.returncode == 0, restored.stderr
        fresh.restart()
        with httpx.Client(base_url=fresh.server.base, headers=arranged.admin, timeout=60) as http:
            samples = http.get(f"/api/sets/{arranged.set_id}/samples").json()["items"]
            assert len(samples) == ANNOTATORS + 1
            for saver in savers:
                reading = http.get(f"/api/samples/{saver.person.sample_id}/examinations").json()["items"]
                assert reading and reading[0]["version"] >= before_backup[saver.person.sample_id]
        assert Admin(fresh, arranged.admin).broken([sample["id"] for sample in samples]) == []
        restored_admin = Admin(fresh, admin.headers)  # the deleted set: there if the snapshot came first
        assert restored_admin.broken(restored_admin.sample_ids(doomed)) == []
        assert fresh.files_on_disk() == fresh.keys_in_use()
