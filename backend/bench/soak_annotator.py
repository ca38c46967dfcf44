"""One simulated annotator of `make soak`, the minutes it records and the ledger of every write the
server acknowledged, checked against what the server returns at the end."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from bench import data, wire

REQUEST_SECONDS = 30.0  # an answer slower than this counts as none
CLAIM_EVERY_SECONDS = 120.0
PAGE = 100


@dataclass
class Reading:
    """The last acknowledged state of one annotator's reading of one sample."""

    version: int
    tentative: bool
    comment: str
    boxes: dict[int, tuple[int, float, float, float, float]]  # id -> label, x, y, width, height
    uncertain: bool = False  # a write after it got no answer (or a 5xx): it may or may not have landed

    @classmethod
    def from_answer(cls, body: dict[str, Any]) -> Reading:
        boxes = {
            int(box["id"]): (int(box["label_id"]), box["x"], box["y"], box["width"], box["height"])
            for box in body["boxes"]
        }
        return cls(int(body["version"]), bool(body["tentative"]), str(body["comment"]), boxes)

    def same_as(self, other: Reading) -> bool:
        return (self.version, self.tentative, self.comment, self.boxes) == (
            other.version,
            other.tentative,
            other.comment,
            other.boxes,
        )


@dataclass
class Ledger:
    readings: dict[tuple[int, int], Reading] = field(default_factory=dict)  # (user, sample) -> state
    claims: dict[int, list[int]] = field(default_factory=dict)  # user -> packages claimed (200)
    saves: int = 0
    patches: int = 0
    stale_reads: int = 0  # a read during the run that did not show the last acknowledged write


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


class Minutes:
    """Latencies and errors by the minute (since `started`) in which each request ended."""

    def __init__(self, started: float, count: int) -> None:
        self.started = started
        self.count = count
        self.latencies: list[list[float]] = [[] for _ in range(count)]
        self.saves: list[list[float]] = [[] for _ in range(count)]
        self.errors = [0] * count
        self.first_error = ""

    def record(self, kind: str, elapsed_ms: float, error: str) -> None:
        minute = min(self.count - 1, int((time.monotonic() - self.started) // 60))
        self.latencies[minute].append(elapsed_ms)
        if kind == "save":
            self.saves[minute].append(elapsed_ms)
        if error:
            self.errors[minute] += 1
            self.first_error = self.first_error or error

    def summary(self, minute: int) -> dict[str, float | int]:
        latencies = self.latencies[minute]
        return {
            "requests": len(latencies),
            "errors": self.errors[minute],
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "save_p99_ms": round(percentile(self.saves[minute], 0.99), 1),
        }

    def totals(self, seconds: float) -> dict[str, Any]:
        every = [value for minute in self.latencies for value in minute]
        return {
            "requests": len(every),
            "per_second": round(len(every) / seconds, 1) if seconds else 0.0,
            "errors": sum(self.errors),
            "first_error": self.first_error,
            "p50_ms": round(percentile(every, 0.50), 1),
            "p99_ms": round(percentile(every, 0.99), 1),
            "mean_ms": round(statistics.fmean(every), 2) if every else 0.0,
        }


@dataclass
class Sets:
    work: int  # the set whose package each annotator reads
    browse: int  # the large seeded set: pages and claims
    labels: list[int]


class Annotator:
    def __init__(
        self,
        person: data.Person,
        base_url: str,
        sets: Sets,
        package_id: int,
        samples: list[int],
        *,
        ledger: Ledger,
        minutes: Minutes,
        think_seconds: float,
        claim_offset: float,
    ) -> None:
        self.person = person
        self.connection = wire.Connection(base_url)
        self.sets = sets
        self.package_id = package_id
        self.samples = samples
        self.ledger = ledger
        self.minutes = minutes
        self.think = think_seconds
        self.next_claim = minutes.started + claim_offset
        self.etags: dict[str, str] = {}
        self.cursors: dict[str, str | None] = {}
        self.shapes: dict[int, tuple[str, int, int]] = {}  # sample -> format, width, height
        self.claims_left = True
        ledger.claims.setdefault(person.id, [])

    async def call(
        self,
        kind: str,
        method: str,
        url: str,
        expect: tuple[int, ...] = (200,),
        headers: dict[str, str] | None = None,
        **options: Any,
    ) -> wire.Response | None:
        """One request, timed and counted; None when no answer came."""
        started = time.perf_counter()
        answer: wire.Response | None = None
        error = ""
        try:
            answer = await asyncio.wait_for(
                self.connection.request(
                    method, url, headers={**self.person.headers, **(headers or {})}, **options
                ),
                REQUEST_SECONDS,
            )
            if answer.status_code not in expect:
                error = f"{method} {url}: {answer.status_code} {answer.text[:160]}"
        except (
            TimeoutError,
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            ValueError,
        ) as problem:
            error = f"{method} {url}: no answer ({type(problem).__name__})"
            with contextlib.suppress(Exception):
                await self.connection.aclose()
        self.minutes.record(kind, (time.perf_counter() - started) * 1000, error)
        await asyncio.sleep(self.think)
        return answer

    async def run(self, deadline: float) -> None:
        try:
            visit = 0
            while time.monotonic() < deadline:
                sample = self.samples[visit % len(self.samples)]
                following = self.samples[(visit + 1) % len(self.samples)]
                await self.visit(sample, following, visit)
                if self.claims_left and time.monotonic() >= self.next_claim:
                    self.next_claim += CLAIM_EVERY_SECONDS
                    await self.claim()
                visit += 1
        finally:
            await self.connection.aclose()

    async def visit(self, sample: int, following: int, visit: int) -> None:
        answer = await self.call("sample", "GET", f"/api/samples/{sample}")
        if answer is not None and answer.status_code == 200:
            body = answer.json()
            self.shapes[sample] = (body["format"], int(body["width"]), int(body["height"]))
        if sample not in self.shapes:
            return
        revalidate = visit % 2 == 1
        await self.image(f"/api/samples/{sample}/image", revalidate)
        if self.shapes[sample][0] == "dicom":
            await self.image(f"/api/samples/{sample}/pixels", revalidate)
        await self.image(f"/api/samples/{following}/thumbnail", revalidate)
        await self.read_and_save(sample, visit)
        if visit % 2 == 1:
            await self.patch_box(sample, visit)
        if visit % 4 == 0:
            await self.pages(visit)

    async def image(self, url: str, revalidate: bool) -> None:
        headers = {"If-None-Match": self.etags[url]} if revalidate and url in self.etags else {}
        answer = await self.call("image", "GET", url, expect=(200, 304), headers=headers)
        if answer is not None and "etag" in answer.headers:
            self.etags[url] = answer.headers["etag"]

    async def read_and_save(self, sample: int, visit: int) -> None:
        key = (self.person.id, sample)
        known = self.ledger.readings.get(key)
        expect = (200,) if known is not None else (200, 404)
        answer = await self.call("read", "GET", f"/api/samples/{sample}/examination", expect=expect)
        version = known.version if known is not None else 0
        if answer is not None and answer.status_code == 200:
            server = Reading.from_answer(answer.json())
            if known is not None and not known.uncertain and not server.same_as(known):
                self.ledger.stale_reads += 1
            version = server.version  # after an unanswered write, the server knows best
        body = self.reading_body(sample, visit, version)
        saved = await self.call("save", "PUT", f"/api/samples/{sample}/examination", json=body)
        if saved is not None and saved.status_code == 200:
            self.ledger.readings[key] = Reading.from_answer(saved.json())
            self.ledger.saves += 1
        elif known is not None and (saved is None or saved.status_code >= 500):
            known.uncertain = True

    def reading_body(self, sample: int, visit: int, version: int) -> dict[str, Any]:
        _format, width, height = self.shapes[sample]
        boxes = []
        for index in range(1 + (visit + sample) % 4):
            side = 8 + (visit * 7 + index * 5) % 24
            boxes.append(
                {
                    "label_id": self.sets.labels[(visit + index) % len(self.sets.labels)],
                    "x": float((visit * 13 + index * 37) % (width - side)),
                    "y": float((visit * 11 + index * 29) % (height - side)) + 0.5,
                    "width": float(side),
                    "height": side + 0.25,
                }
            )
        return {
            "tentative": visit % 5 == 0,
            "bad_quality": False,
            "comment": f"soak {self.person.id} visit {visit}",
            "label_ids": [],
            "boxes": boxes,
            "version": version,
        }

    async def patch_box(self, sample: int, visit: int) -> None:
        reading = self.ledger.readings.get((self.person.id, sample))
        if reading is None or reading.uncertain or not reading.boxes:
            return
        box_id = min(reading.boxes)
        _label, _x, _y, width, _height = reading.boxes[box_id]
        x = float((visit * 3) % int(self.shapes[sample][1] - width))
        body = {"x": x, "version": reading.version}
        answer = await self.call("patch", "PATCH", f"/api/boxes/{box_id}", json=body)
        if answer is not None and answer.status_code == 200:
            box = answer.json()
            reading.boxes[box_id] = (int(box["label_id"]), box["x"], box["y"], box["width"], box["height"])
            reading.version = int(box["examination_version"])
            self.ledger.patches += 1
        elif answer is None or answer.status_code >= 500:
            reading.uncertain = True

    async def pages(self, visit: int) -> None:
        await self.walk("browse", f"/api/sets/{self.sets.browse}/samples", {})
        params = {"package_id": str(self.package_id)}
        await self.call("page", "GET", f"/api/sets/{self.sets.work}/samples", params=params)
        if visit % 8 == 0:
            await self.call("page", "GET", f"/api/packages/{self.package_id}")
            await self.walk("packages", f"/api/sets/{self.sets.browse}/packages", {})

    async def walk(self, name: str, url: str, params: dict[str, str]) -> None:
        """The next page of a collection, from its first again after the last."""
        query = {"limit": str(PAGE), **params}
        if self.cursors.get(name):
            query["cursor"] = str(self.cursors[name])
        answer = await self.call("page", "GET", url, params=query)
        if answer is not None and answer.status_code == 200:
            self.cursors[name] = answer.json()["next_cursor"]

    async def claim(self) -> None:
        url = f"/api/sets/{self.sets.browse}/packages/claim"
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        answer = await self.call("claim", "POST", url, expect=(200, 404), headers=headers)
        if answer is None:
            return
        if answer.status_code == 404:
            self.claims_left = False
            return
        if answer.status_code == 200:
            package = int(answer.json()["id"])
            self.ledger.claims[self.person.id].append(package)
            await self.call("page", "GET", f"/api/packages/{package}")


async def verify(base_url: str, people: list[data.Person], ledger: Ledger) -> dict[str, int]:
    """Every acknowledged write against what the server returns now."""
    by_id = {person.id: person for person in people}
    connection = wire.Connection(base_url)
    lost = uncertain = lost_claims = 0
    try:
        for (user, sample), expected in sorted(ledger.readings.items()):
            answer = await connection.request(
                "GET", f"/api/samples/{sample}/examination", headers=by_id[user].headers
            )
            if expected.uncertain:
                uncertain += 1
            elif answer.status_code != 200 or not Reading.from_answer(answer.json()).same_as(expected):
                lost += 1
        owners: dict[int, int] = {}
        twice = 0
        for user, packages in sorted(ledger.claims.items()):
            for package in packages:
                twice += package in owners
                owners[package] = user
                answer = await connection.request(
                    "GET", f"/api/packages/{package}", headers=by_id[user].headers
                )
                if answer.status_code != 200 or answer.json()["assignee_id"] != user:
                    lost_claims += 1
    finally:
        await connection.aclose()
    return {
        "saves": ledger.saves,
        "patches": ledger.patches,
        "claims": sum(len(packages) for packages in ledger.claims.values()),
        "readings": len(ledger.readings),
        "lost": lost,
        "uncertain": uncertain,
        "lost_claims": lost_claims,
        "claimed_twice": twice,
        "stale_reads": ledger.stale_reads,
    }
