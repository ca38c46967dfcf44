"""Routes of packages: list, my packages, detail, assign / ready, claim, delete."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, status
from fastapi.responses import JSONResponse

from tagmedx import idempotency
from tagmedx.authz import Access, Action, guard
from tagmedx.db import Session
from tagmedx.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    error_responses,
)
from tagmedx.features.auth.dependencies import CurrentUser
from tagmedx.features.packages import service
from tagmedx.features.packages.repository import PackageFilters
from tagmedx.features.packages.schemas import (
    MyPackageOut,
    MyWorkPackageOut,
    PackageDetail,
    PackageOut,
    PackageStatus,
    PackageUpdate,
)
from tagmedx.features.samples.files import reclaim_after_response
from tagmedx.ids import MAX_ID
from tagmedx.models import Package, Set
from tagmedx.pagination import Page, Pagination
from tagmedx.storage.factory import AppStorage

router = APIRouter(tags=["packages"])

SetPackagesViewer = Annotated[Access[Set], Depends(guard("set_id", Action.view_packages))]
SetClaimer = Annotated[Access[Set], Depends(guard("set_id", Action.claim_package))]
PackageMember = Annotated[Access[Package], Depends(guard("package_id", Action.view_packages))]
PackageAdmin = Annotated[Access[Package], Depends(guard("package_id", Action.manage_packages))]


@router.get(
    "/sets/{set_id}/packages",
    response_model=Page[PackageOut],
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
)
async def list_packages(
    session: Session,
    access: SetPackagesViewer,
    page: Pagination,
    assignee_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only packages of this assignee")
    ] = None,
    status: Annotated[PackageStatus | None, Query(description="unassigned, in_progress or ready")] = None,
) -> Page[PackageOut]:
    filters = PackageFilters(assignee_id=assignee_id, status=status)
    return await service.list_packages(session, access, filters, page)


@router.get(
    "/packages",
    response_model=Page[MyWorkPackageOut],
    responses=error_responses(NotAuthenticated),
)
async def list_my_packages(
    session: Session,
    user: CurrentUser,
    page: Pagination,
    is_ready: Annotated[bool | None, Query(description="Only ready (true) or open (false) packages")] = None,
) -> Page[MyWorkPackageOut]:
    """The caller's work across every group they belong to: the packages assigned to them, and the
    ready packages they read that were handed to someone else since (`assignee_id` tells which)."""
    return await service.list_my_packages(session, user, PackageFilters(is_ready=is_ready), page)


@router.get(
    "/packages/{package_id}",
    response_model=PackageDetail,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
)
async def get_package(session: Session, access: PackageMember) -> PackageDetail:
    return await service.get_package(session, access)


@router.patch(
    "/packages/{package_id}",
    response_model=MyPackageOut,
    responses=error_responses(BadRequest, NotAuthenticated, Forbidden, NotFound, Conflict),
)
async def update_package(session: Session, access: PackageMember, body: PackageUpdate) -> MyPackageOut:
    """Assign (`assignee_id`: admins only; null unassigns) and mark ready (`is_ready`: assignee or admin).

    **Reassigning never demotes finished work.** A package keeps its readiness when its assignee
    changes: a ready package handed to someone else stays ready, so the readings already made in it
    stay finished, stay attributed to their reader (a reading belongs to its author, whoever holds the
    package), stay in the default (`scope=ready`) export, and stay in their reader's `GET /api/packages`.
    The new assignee receives it as ready; to have them read it again, send `is_ready: false` (in the
    same request or later): only then do the package's readings leave the ready-only export, until
    it is marked ready again. A ready package cannot go back to the pool on its own: unassigning it
    answers 409 `package_ready` unless `is_ready: false` is sent with it. Every change is in the
    audit trail (`package.assign`, `package.unready`, ...).
    """
    return await service.update_package(session, access, body)


@router.post(
    "/sets/{set_id}/packages/claim",
    response_model=MyPackageOut,
    responses=error_responses(
        NotAuthenticated, Forbidden, NotFound, idempotency.KeyInProgress, idempotency.KeyReused
    ),
)
async def claim_package(
    idempotent: idempotency.IdempotencyGuard,
    request: Request,
    session: Session,
    access: SetClaimer,
    background: BackgroundTasks,
) -> MyPackageOut | JSONResponse:
    """Take the next unassigned, not-ready package with images (lowest id); 404 `no_package_left`.

    With an `Idempotency-Key` (a double click, a retried script) the same key answers the first
    claim's package again instead of claiming another; 409 `idempotency_in_progress` while the first
    is still being processed."""
    replay = await idempotent.start(access.user.id, idempotency.fingerprint("claim", access.obj.id))
    if replay is not None:
        return replay
    claimed = await service.claim_package(session, access)
    if await idempotent.keep(session, 200, claimed):
        background.add_task(idempotency.prune_expired, request.app.state.sessionmaker)
    return claimed


@router.delete(
    "/packages/{package_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
)
async def delete_package(
    request: Request,
    session: Session,
    access: PackageAdmin,
    background: BackgroundTasks,
    storage: AppStorage,
) -> None:
    """Delete the package with its samples, their examinations and, after the commit, their files."""
    await service.delete_package(session, access)
    reclaim_after_response(background, request.app.state.sessionmaker, storage)
