"""Hold a request inside its work until the test lets it go, so a second request really overlaps it.

In the test's own process (`Hold`), a service function is wrapped: its first call says it is inside
and waits for the release; later calls pass straight through. Across processes, held_server.py
does the same in a server of its own, signalling through a Unix socket. Every wait is bounded by a
deadline and ends on an event, never on a sleep."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

DEADLINE_SECONDS = 60


class Hold:
    def __init__(self) -> None:
        self.inside = asyncio.Event()
        self.release = asyncio.Event()

    def wrap(self, function: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def held(*args: Any, **kwargs: Any) -> Any:
            if not self.inside.is_set():
                self.inside.set()
                await asyncio.wait_for(self.release.wait(), DEADLINE_SECONDS)
            return await function(*args, **kwargs)

        return held

    async def entered(self) -> None:
        """Until the first call is inside (a deadline, not a sleep)."""
        await asyncio.wait_for(self.inside.wait(), DEADLINE_SECONDS)
