"""Business rules of packages: who sees, assigns, claims, readies and deletes them."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access, Action, can, may_set_ready
from tagmedx.errors import BadRequest, Conflict, Forbidden, NotFound
from tagmedx.features.audit.service import record_for
from tagmedx.features.packages import repository
from tagmedx.features.packages.repository import PackageFilters
from tagmedx.features.packages.schemas import (
    Assignee,
    MyPackageOut,
    MyWorkPackageOut,
    PackageDetail,
    PackageOut,
    PackageSample,
    PackageStatus,
    PackageUpdate,
)
from tagmedx.features.samples.files import queue_files_of
from tagmedx.models import Package, Set, User
from tagmedx.pagination import Page, PageParams, to_page


class AssigneeNotMember(BadRequest):
    code = "assignee_not_member"
    detail = "The assignee must be a member of the package's group."


class PackageUnassigned(Conflict):
    code = "package_unassigned"
    detail = "An unassigned package cannot be marked ready. Assign it first."


class ReadyPackageKeepsReader(Conflict):
    code = "package_ready"
    detail = (
        "This package is ready: it keeps its reader. To put it back in the pool, send is_ready: false "
        "with the change (its readings then leave the default, ready-only export until it is ready again)."
    )


class NoPackageLeft(NotFound):
    code = "no_package_left"
    detail = "Every package of this set with images is already assigned or ready."


def status_of(package: Package) -> PackageStatus:
    if package.is_ready:
        return "ready"
    return "unassigned" if package.assignee_id is None else "in_progress"


def _package_fields(row: Any) -> dict[str, Any]:
    package: Package = row[0]
    assignee = None
    if package.assignee_id is not None and row.assignee_name is not None:
        assignee = Assignee(id=package.assignee_id, name=row.assignee_name, surname=row.assignee_surname)
    return {
        "id": package.id,
        "set_id": package.set_id,
        "number": package.number,
        "assignee_id": package.assignee_id,
        "assignee": assignee,
        "is_ready": package.is_ready,
        "status": status_of(package),
        "sample_count": int(row.sample_count),
        "annotated_count": int(row.annotated_count),
        "created_at": package.created_at,
        "updated_at": package.updated_at,
    }


def _placement(row: Any) -> dict[str, Any]:
    return {
        "set_name": row.set_name,
        "set_type": row.set_type,
        "set_multi_label": bool(row.set_multi_label),
        "group_id": row.group_id,
        "group_name": row.group_name,
    }


async def list_packages(
    session: AsyncSession, access: Access[Set], filters: PackageFilters, page: PageParams
) -> Page[PackageOut]:
    rows, cursor = await repository.list_of_set(session, access.obj.id, filters, page)
    return to_page(rows, cursor, lambda row: PackageOut(**_package_fields(row)))


async def list_my_packages(
    session: AsyncSession, user: User, filters: PackageFilters, page: PageParams
) -> Page[MyWorkPackageOut]:
    rows, cursor = await repository.list_my_work(session, user.id, filters, page)
    return to_page(
        rows,
        cursor,
        lambda row: MyWorkPackageOut(
            **_package_fields(row), **_placement(row), read_by_me=int(row.read_by_me)
        ),
    )


async def get_summary(session: AsyncSession, package_id: int) -> MyPackageOut:
    row = await repository.summary_of(session, package_id)
    return MyPackageOut(**_package_fields(row), **_placement(row))


async def get_package(session: AsyncSession, access: Access[Package]) -> PackageDetail:
    row = await repository.summary_of(session, access.obj.id)
    samples = [
        PackageSample(
            id=sample.id,
            number=sample.number,
            filename=sample.filename,
            annotated_by_me=bool(sample.annotated_by_me),
        )
        for sample in await repository.samples_of(session, access.obj.id, access.user.id)
    ]
    first_open = next((sample.id for sample in samples if not sample.annotated_by_me), None)
    return PackageDetail(
        **_package_fields(row),
        **_placement(row),
        samples=samples,
        first_unannotated_sample_id=first_open,
    )


async def update_package(
    session: AsyncSession, access: Access[Package], changes: PackageUpdate
) -> MyPackageOut:
    package = access.obj
    wanted = changes.changes()
    assignee_id, is_ready = package.assignee_id, package.is_ready
    if "assignee_id" in wanted:
        if not can(access.role, Action.manage_packages):
            raise Forbidden("Only an admin of the group assigns packages.")
        new_assignee = wanted["assignee_id"]
        if new_assignee is not None and not await repository.is_member(
            session, access.group_id, new_assignee
        ):
            raise AssigneeNotMember()
        assignee_id = new_assignee  # readiness stays as it was: finished work is never demoted by a handover
    if "is_ready" in wanted:
        if not may_set_ready(access.role, user_id=access.user.id, assignee_id=package.assignee_id):
            raise Forbidden("Only the package's assignee or an admin marks it ready.")
        is_ready = wanted["is_ready"]
    if is_ready and assignee_id is None:
        raise ReadyPackageKeepsReader() if package.is_ready else PackageUnassigned()
    await _apply(session, access, assignee_id=assignee_id, is_ready=is_ready)
    return await get_summary(session, package.id)


async def _apply(
    session: AsyncSession, access: Access[Package], *, assignee_id: int | None, is_ready: bool
) -> None:
    package = access.obj
    before = (package.assignee_id, package.is_ready)
    if before == (assignee_id, is_ready):
        return
    await repository.update_package(session, package.id, {"assignee_id": assignee_id, "is_ready": is_ready})
    events = []
    if assignee_id != before[0]:
        verb = "unassign" if assignee_id is None else "assign"
        events.append((f"package.{verb}", {"assignee_id": assignee_id, "previous_assignee_id": before[0]}))
    if is_ready != before[1]:
        events.append(("package.ready" if is_ready else "package.unready", {"assignee_id": assignee_id}))
    for action, detail in events:
        await record_for(
            session,
            access,
            action=action,
            object_type="package",
            object_id=package.id,
            detail=detail,
        )


async def claim_package(session: AsyncSession, access: Access[Set]) -> MyPackageOut:
    package_id = await repository.claim_next(session, access.obj.id, access.user.id)
    if package_id is None:
        raise NoPackageLeft()
    await record_for(
        session,
        access,
        action="package.claim",
        object_type="package",
        object_id=package_id,
        detail={"set_id": access.obj.id},
    )
    return await get_summary(session, package_id)


async def delete_package(
    session: AsyncSession,
    access: Access[Package],
) -> None:
    package = access.obj
    await queue_files_of(session, package_id=package.id)
    sample_count = await repository.count_samples(session, package.id)
    await repository.delete_package(session, package.id)
    await record_for(
        session,
        access,
        action="package.delete",
        object_type="package",
        object_id=package.id,
        detail={
            "set_id": package.set_id,
            "number": package.number,
            "samples": sample_count,
            "assignee_id": package.assignee_id,
        },
    )
