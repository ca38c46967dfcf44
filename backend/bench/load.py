"""A fixed-concurrency load generator: `concurrency` tasks share one bounded request budget."""

from __future__ import annotations

import contextvars
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from bench import wire


class Answer(Protocol):
    """What the runner reads of a response (httpx's or bench/wire.py's)."""

    status_code: int

    @property
    def text(self) -> str: ...


# make(worker, iteration) -> the response of one request
MakeRequest = Callable[[int, int], Awaitable[Answer]]
# CPU seconds used so far by the server's processes (set by the runner once the server is up)
SERVER_CPU: Callable[[], float] | None = None


@dataclass
class Result:
    name: str
    concurrency: int
    count: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    first_error: str = ""
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
        return ordered[index]

    def summary(self) -> dict[str, float | int | str]:
        return {
            "name": self.name,
            "concurrency": self.concurrency,
            "requests": self.count,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.rate, 1),
            "p50_ms": round(self.percentile(0.50), 2),
            "p95_ms": round(self.percentile(0.95), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else 0.0,
            "first_error": self.first_error,
            # CPU per request, server (all workers) and this load generator: what the work costs,
            # whatever else the machine was doing
            "server_cpu_ms": round(1000 * self.server_cpu_s / self.count, 3) if self.count else 0.0,
            "client_cpu_ms": round(1000 * self.client_cpu_s / self.count, 3) if self.count else 0.0,
        }


# which worker of `run` the current task is: Clients sends its requests on that worker's connection
WORKER: contextvars.ContextVar[int] = contextvars.ContextVar("bench_worker", default=0)


class Clients:
    """One lean keep-alive connection (bench/wire.py) per concurrent worker. httpx cost the load
    generator about 1 ms of CPU a request on this machine, as much as the server's cheapest answer,
    and one httpx client with a pool of 32 connections 2.6 ms: the client, not the server, set the
    figures."""

    def __init__(self, base_url: str, concurrency: int) -> None:
        self.connections = [wire.Connection(base_url) for _ in range(concurrency)]

    def _pick(self) -> wire.Connection:
        return self.connections[WORKER.get() % len(self.connections)]

    async def get(self, url: str, **options: Any) -> wire.Response:
        return await self._pick().request("GET", url, **options)

    async def put(self, url: str, **options: Any) -> wire.Response:
        return await self._pick().request("PUT", url, **options)

    async def post(self, url: str, **options: Any) -> wire.Response:
        return await self._pick().request("POST", url, **options)

    async def __aenter__(self) -> Clients:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        for each in self.connections:
            await each.aclose()


async def run(
    name: str,
    make: MakeRequest,
    *,
    count: int,
    concurrency: int,
    expect: tuple[int, ...] = (200,),
    warmup: int = 0,
) -> Result:
    """`count` requests, `concurrency` in flight at a time; warm-up requests are not measured."""
    import anyio

    result = Result(name=name, concurrency=concurrency)
    next_index = 0

    async def worker(worker_id: int, budget: int, measured: bool) -> None:
        nonlocal next_index
        WORKER.set(worker_id)
        iteration = 0
        while True:
            if next_index >= budget:
                return
            next_index += 1
            started = time.perf_counter()
            response = await make(worker_id, iteration)
            elapsed = (time.perf_counter() - started) * 1000
            iteration += 1
            if not measured:
                continue
            result.count += 1
            result.latencies_ms.append(elapsed)
            if response.status_code not in expect:
                result.errors += 1
                if not result.first_error:
                    result.first_error = f"{response.status_code} {response.text[:200]}"

    async def phase(budget: int, measured: bool) -> float:
        nonlocal next_index
        next_index = 0
        started = time.perf_counter()
        async with anyio.create_task_group() as group:
            for worker_id in range(concurrency):
                group.start_soon(worker, worker_id, budget, measured)
        return time.perf_counter() - started

    if warmup:
        await phase(warmup, False)
    server_before = SERVER_CPU() if SERVER_CPU else 0.0
    client_before = time.process_time()
    result.seconds = await phase(count, True)
    result.client_cpu_s = time.process_time() - client_before
    result.server_cpu_s = (SERVER_CPU() - server_before) if SERVER_CPU else 0.0
    return result


def client(base_url: str, concurrency: int, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        base_url=base_url,
        headers=headers,
        timeout=120,
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
    )
