"""Several worker processes, each with its own listening socket on the same port (SO_REUSEPORT).

uvicorn's `--workers` shares one socket between its processes, and whichever wakes first accepts
every connection that is waiting: browsers and scripts keep their connections open, so one worker
could serve all of them while the other sat idle (measured with `make bench`: a whole workload on
one of two workers). With a socket each, the kernel spreads new connections over the workers.
A worker that dies is started again on its socket, as uvicorn's supervisor does.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
from multiprocessing.process import BaseProcess
from types import FrameType

from tagmedx.config import Settings

CHECK_SECONDS = 0.5
STOP_SECONDS = 30
log = logging.getLogger("tagmedx.workers")


def supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _serve_one(sock: socket.socket) -> None:  # the body of each worker process
    import uvicorn

    config = uvicorn.Config(
        "tagmedx.main:create_app",
        factory=True,
        proxy_headers=True,  # trusted proxies: uvicorn's FORWARDED_ALLOW_IPS (default 127.0.0.1)
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


def run(settings: Settings) -> None:
    """Serve with `settings.workers` processes until SIGINT or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    context = multiprocessing.get_context("spawn")
    sockets = [listening_socket(settings.host, settings.port) for _ in range(settings.workers)]
    stopping = threading.Event()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    def start(sock: socket.socket) -> BaseProcess:
        process = context.Process(target=_serve_one, args=(sock,), daemon=False)
        process.start()
        return process

    log.info(
        "TagMedX on http://%s:%d with %d worker processes (a socket each)",
        settings.host,
        settings.port,
        settings.workers,
    )
    processes = [start(sock) for sock in sockets]
    while not stopping.wait(CHECK_SECONDS):
        for index, process in enumerate(processes):
            if not process.is_alive():
                log.warning(
                    "worker %d (pid %s) exited with %s; starting it again",
                    index,
                    process.pid,
                    process.exitcode,
                )
                processes[index] = start(sockets[index])
    for process in processes:
        process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
    for sock in sockets:
        sock.close()
