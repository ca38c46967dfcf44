"""Issue 21, items 1 and 3, against the real server in its own process (`python -m tagmedx serve`):

- a ZIP of a few hundred PNGs is uploaded into a set, the set is deleted while the same ZIP goes into a
  new set, round after round: every sample of the last set serves its image, thumbnail and original;
- the server is killed (SIGKILL) in the middle of a ZIP import: after a restart nothing of it is left
  on disk once the import's lease has ended and the reclaimer passed;
- the server is killed right after a set delete's 204: after a restart the set's files are gone.
In each, every other sample still opens. Short leases and reclaim periods keep the waits short; every
wait is bounded by a deadline and the test asserts what it finds, never how long it took."""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.faults.stored_stack import Admin, Stack, eventually, running_stack, zip_of

IMAGES = 300
ROUNDS = 6  # back to back: more than the 15 s the former grace period waited


@pytest.fixture
def stack() -> Iterator[Stack]:
    with running_stack() as running:
        yield running


def test_deleting_a_set_while_the_same_zip_goes_into_a_new_one_breaks_nothing(stack: Stack) -> None:
    admin = Admin(stack)
    archive = zip_of(IMAGES)
    current = admin.new_set()
    first = admin.upload(current, "scans.zip", archive)
    assert first.status_code == 201, first.text
    for _ in range(ROUNDS):
        previous, current = current, admin.new_set()
        with ThreadPoolExecutor(2) as pool:
            deleted = pool.submit(admin.http.delete, f"/api/sets/{previous}")
            uploaded = pool.submit(admin.upload, current, "scans.zip", archive)
            assert deleted.result().status_code == 204
            answer = uploaded.result()
        assert answer.status_code == 201, answer.text
        created = [item["id"] for item in answer.json()["created"]]
        assert len(created) == IMAGES
        assert admin.broken(created, ("thumbnail",)) == []  # each round's set, before the next deletes it
    samples = admin.sample_ids(current)
    assert len(samples) == IMAGES
    assert admin.broken(samples) == []
    eventually(lambda: stack.files_on_disk() == stack.keys_in_use(), "only the last set's files are left")


def test_a_zip_import_killed_mid_way_leaves_nothing_after_a_restart(stack: Stack) -> None:
    admin = Admin(stack)
    kept = admin.new_set()
    assert admin.upload(kept, "kept.zip", zip_of(5, first_seed=10_000)).status_code == 201
    before = stack.files_on_disk()
    target = admin.new_set()
    failures: list[BaseException] = []

    def import_and_be_killed() -> None:
        try:
            admin.upload(target, "killed.zip", zip_of(IMAGES))
        except httpx.HTTPError as error:  # the server dies under it
            failures.append(error)

    uploading = threading.Thread(target=import_and_be_killed)
    uploading.start()
    eventually(lambda: len(stack.files_on_disk()) >= len(before) + 30, "the import writes files")
    stack.kill()
    uploading.join(timeout=60)
    assert failures, "the import should have been cut off"
    assert len(stack.files_on_disk()) > len(before)
    stack.restart()
    eventually(lambda: stack.files_on_disk() == before, "the killed import's files are reclaimed")
    assert admin.sample_ids(target) == []
    assert admin.broken(admin.sample_ids(kept)) == []


def test_a_set_deleted_just_before_the_server_died_leaves_no_files(stack: Stack) -> None:
    admin = Admin(stack)
    kept, doomed = admin.new_set(), admin.new_set()
    assert admin.upload(kept, "kept.zip", zip_of(5, first_seed=20_000)).status_code == 201
    kept_files = stack.files_on_disk()
    assert admin.upload(doomed, "doomed.zip", zip_of(IMAGES)).status_code == 201
    assert admin.http.delete(f"/api/sets/{doomed}").status_code == 204
    stack.kill()  # at once: its cleanup after the response is cut off
    stack.restart()
    eventually(lambda: stack.files_on_disk() == kept_files, "the deleted set's files are reclaimed")
    assert admin.broken(admin.sample_ids(kept)) == []
