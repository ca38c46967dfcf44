"""A fixed-concurrency load generator: `concurrency` tasks share one bounded request budget."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

# make(worker, iteration) -> the response of one request
MakeRequest = Callable[[int, int], Awaitable[httpx.Response]]


@dataclass
class Result:
    name: str
    concurrency: int
    count: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    first_error: str = ""

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
        }


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
    result.seconds = await phase(count, True)
    return result


def client(base_url: str, concurrency: int, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        base_url=base_url,
        headers=headers,
        timeout=120,
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
    )
