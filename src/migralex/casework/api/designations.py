"""Safe-country designations: preview who is affected, record one, list them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import select

from migralex.casework import access, audit, designations
from migralex.casework.api.deps import DbSession, IdemKey, create_once, current_user, needs_role
from migralex.casework.models import SafeDesignation, User
from migralex.casework.schemas import DesignationIn, DesignationOut

router = APIRouter(tags=["safe countries"])


def _out(d: SafeDesignation, affected: list[Any], excluded: list[Any]) -> DesignationOut:
    return DesignationOut(
        id=d.id,
        country=d.country,
        region=d.region,
        safe_from=d.safe_from,
        basis=d.basis,
        affected=affected,
        excluded=excluded,
    )


@router.post("/safe-countries/preview", response_model=DesignationOut)
def preview(
    body: DesignationIn,
    s: DbSession,
    actor: Annotated[User, Depends(needs_role(access.CAN_DESIGNATE, "previewing a designation"))],
) -> DesignationOut:
    """Who a designation would affect and who is excluded (writes nothing); 409 if it is already recorded."""
    designations.refuse_duplicate(s, body)
    affected, excluded = designations.holders(s, body)
    audit.record(s, actor, "designation.preview", "designation", "*", detail={"country": body.country})
    return DesignationOut(
        id=None,
        country=body.country,
        region=body.region,
        safe_from=body.safe_from,
        basis=body.basis,
        affected=affected,
        excluded=excluded,
    )


@router.post("/safe-countries", response_model=DesignationOut, status_code=201)
def designate(
    body: DesignationIn,
    s: DbSession,
    actor: Annotated[User, Depends(needs_role(access.CAN_DESIGNATE, "recording a designation"))],
    key: IdemKey = None,
) -> Any:
    """Record a designation and open a review case for each affected holder (409 if already recorded)."""

    def make() -> DesignationOut:
        d, affected, excluded = designations.designate(s, actor, body)
        return _out(d, affected, excluded)

    return create_once(s, actor, key, "safe-countries", body, make)


@router.get("/safe-countries", response_model=list[DesignationOut], dependencies=[Depends(current_user)])
def designations_list(s: DbSession) -> list[DesignationOut]:
    """Recorded designations (without holder lists)."""
    rows = s.scalars(select(SafeDesignation).order_by(SafeDesignation.id)).all()
    return [_out(d, [], []) for d in rows]
