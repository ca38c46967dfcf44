"""A TagMedX server in its own process whose uploads and claims can be held inside their work.

    python -m tests.faults.held_server SOCKET PORT     (TAGMEDX_* settings in the environment)

serves the app as `python -m tagmedx serve` does, with the upload's and the claim's service function
wrapped: a call first connects to the Unix socket SOCKET, so the test listening there knows the
request holds its Idempotency-Key and is inside its work, and goes on when the test sends a byte
(or closes, or dies). When nobody listens on SOCKET, calls go straight through. Nothing else of the
app is changed, and no sleep is involved on either side.
"""

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn

from tagmedx.features.packages import service as package_service
from tagmedx.features.samples import service as sample_service


def held(function: Callable[..., Awaitable[Any]], socket_path: str) -> Callable[..., Awaitable[Any]]:
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            reader, writer = await asyncio.open_unix_connection(socket_path)
        except OSError:  # nobody holds this server's requests
            return await function(*args, **kwargs)
        try:
            await reader.read(1)
        finally:
            writer.close()
        return await function(*args, **kwargs)

    return wrapper


def main(socket_path: str, port: int) -> None:
    sample_service.upload_samples = held(sample_service.upload_samples, socket_path)  # type: ignore[assignment]
    package_service.claim_package = held(package_service.claim_package, socket_path)  # type: ignore[assignment]
    uvicorn.run("tagmedx.main:create_app", factory=True, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
