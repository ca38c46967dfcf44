"""create_app(): settings, database, routers, error handlers and the built SPA."""

import gc
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from tagmedx import __version__
from tagmedx.config import Settings, get_settings
from tagmedx.db import DeadlockRetry, create_engine, create_sessionmaker
from tagmedx.errors import InternalErrors, install_error_handlers
from tagmedx.features.redaction.scanner import TextScanner, ocr_enabled
from tagmedx.features.storage.reclaimer import Reclaimer
from tagmedx.limits import BodySizeLimit
from tagmedx.shared_answers import document_shared_answers
from tagmedx.storage.cache import FileCache
from tagmedx.storage.factory import create_storage
from tagmedx.web import SecurityHeaders, mount_api_docs, mount_spa

API_DESCRIPTION = """TagMedX: doctors annotate medical images (classification and bounding boxes) for AI.

Authenticate with `Authorization: Bearer <token>` (the `access_token` from login, or a personal
API token from `POST /api/users/me/tokens`), or with the session cookie that login sets plus its
`X-CSRF-Token` header on state-changing requests. Errors are `{"detail": ..., "code": ...}`; an
unexpected one is 500 `internal_error` with an `error_id` that is also in the server's log. A busy or
unreachable database is 503 (`database_busy`, `database_unavailable`) with `Retry-After`; a full disk
is 507 `storage_full`, without: someone must free space first.
"""


# Each feature folder holds a controller.py with a `router` (tagged with the feature's name). This is
# the order of the API documentation.
FEATURES = (
    "health",
    "auth",
    "users",
    "groups",
    "members",
    "stats",
    "audit",
    "sets",
    "labels",
    "samples",
    "packages",
    "examinations",
    "exports",
    "redaction",
    "storage",
    "overview",
)
# FastAPI tries the routes one by one: the busiest features are mounted first (the editor's saves and
# images, the pages of samples and packages). No route of one feature matches a path of another.
MOUNT_ORDER = (
    "examinations",
    "samples",
    "packages",
    *(f for f in FEATURES if f not in ("examinations", "samples", "packages")),
)


def include_features(app: FastAPI) -> None:
    """Each feature's router straight on the app under /api: FastAPI matches a request against every
    route of each level of routers it passes through, so one level less is a third fewer matches."""
    for feature in MOUNT_ORDER:
        module = importlib.import_module(f"tagmedx.features.{feature}.controller")
        app.include_router(module.router, prefix="/api")


def settle_garbage_collector() -> None:
    """Once the server has started: what exists by then (modules, routes, models, prebuilt statements;
    about 180,000 objects) lives as long as the process, so it is moved out of the garbage collector's
    sight. Otherwise each full collection walks it all again: a 75 ms pause every thousand saves or
    so, which every request in flight waits out (W2's p99 in docs/PERFORMANCE.md)."""
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settle_garbage_collector()
        app.state.text_scanner.start()  # resumes the OCR queue's pending samples
        app.state.reclaimer.start()  # deletes what deletes before a restart left queued, then scans
        yield
        await app.state.reclaimer.stop()
        await app.state.text_scanner.stop()
        await app.state.engine.dispose()

    app = FastAPI(
        title="TagMedX API",
        version=__version__,
        description=API_DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,  # served by mount_api_docs, without a CDN
        redoc_url=None,
        lifespan=lifespan,
        openapi_tags=[{"name": feature} for feature in FEATURES],
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app.state.settings = settings
    app.state.engine = create_engine(
        settings.resolved_database_url,
        lock_wait_seconds=settings.database_lock_wait_seconds,
        statement_timeout_seconds=settings.database_timeout_seconds,
    )
    app.state.sessionmaker = create_sessionmaker(app.state.engine)
    app.state.storage = create_storage(settings)
    app.state.file_cache = FileCache(settings.image_cache_mb * 1024 * 1024)
    app.state.text_scanner = TextScanner(
        app.state.sessionmaker, app.state.storage, enabled=ocr_enabled(settings)
    )
    app.state.reclaimer = Reclaimer(
        app.state.sessionmaker,
        app.state.storage,
        period_seconds=settings.reclaim_period_seconds,
        unfinished_write_seconds=settings.unfinished_write_seconds,
    )
    install_error_handlers(app)
    include_features(app)
    document_shared_answers(app)
    mount_api_docs(app)
    mount_spa(app, settings.frontend_dist)
    # The last added runs first: headers on every answer, then JSON for any error nothing else
    # answered, then body limits, then deadlock replay.
    app.add_middleware(DeadlockRetry, max_replay_bytes=settings.max_json_bytes)
    app.add_middleware(
        BodySizeLimit,
        max_json_bytes=settings.max_json_bytes,
        max_request_bytes=settings.resolved_max_request_bytes,
    )
    app.add_middleware(InternalErrors)
    app.add_middleware(SecurityHeaders)
    return app
