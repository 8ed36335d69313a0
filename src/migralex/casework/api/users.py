"""User administration: ``/users`` (administrators; auditors may list)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from migralex.casework import access
from migralex.casework.api.convert import model
from migralex.casework.api.deps import DbSession, Id, IdemKey, Limit, Offset, create_once, needs_role
from migralex.casework.errors import NotFound
from migralex.casework.models import User
from migralex.casework.schemas import Page, PasswordSet, TokenInfo, UserActive, UserIn, UserOut

router = APIRouter(tags=["users"])

Manager = Annotated[User, Depends(needs_role(("administrator",), "managing users"))]


def _managed(s: Session, user_id: int) -> User:
    """The user ``user_id`` (404 otherwise)."""
    user = s.get(User, user_id)
    if user is None:
        raise NotFound("no such user", "user_id")
    return user


@router.post("/users", response_model=UserOut, status_code=201)
def add_user(
    body: UserIn,
    s: DbSession,
    actor: Annotated[User, Depends(needs_role(("administrator",), "adding users"))],
    key: IdemKey = None,
) -> Any:
    """Add a user (administrators)."""
    return create_once(
        s,
        actor,
        key,
        "users",
        body,
        lambda: model(
            UserOut, access.create_user(s, actor, body.username, body.password, body.role, body.display_name)
        ),
    )


@router.get(
    "/users",
    response_model=Page[UserOut],
    dependencies=[Depends(needs_role(access.CAN_READ_AUDIT, "listing users"))],
)
def users(s: DbSession, limit: Limit = 50, offset: Offset = 0) -> Page[UserOut]:
    """Users (administrators and auditors)."""
    rows = s.scalars(select(User).order_by(User.id).limit(limit).offset(offset)).all()
    total = s.scalar(select(func.count()).select_from(User)) or 0
    return Page[UserOut](items=[model(UserOut, u) for u in rows], total=total, limit=limit, offset=offset)


@router.get("/users/{user_id}/tokens", response_model=list[TokenInfo])
def user_tokens(user_id: Id, s: DbSession, _admin: Manager) -> list[TokenInfo]:
    """A user's live tokens (administrators)."""
    return [model(TokenInfo, t) for t in access.tokens_of(s, _managed(s, user_id).id)]


@router.delete("/users/{user_id}/tokens/{token_id}", status_code=204)
def revoke_user_token(user_id: Id, token_id: Id, s: DbSession, actor: Manager) -> Response:
    """Revoke one of a user's tokens (administrators)."""
    access.revoke_token_id(s, actor, _managed(s, user_id).id, token_id)
    return Response(status_code=204)


@router.post("/users/{user_id}/password", response_model=UserOut)
def set_user_password(user_id: Id, body: PasswordSet, s: DbSession, actor: Manager) -> UserOut:
    """Set a user's password (administrators); all the user's tokens are revoked."""
    user = _managed(s, user_id)
    access.set_password(s, actor, user, body.new_password)
    return model(UserOut, user)


@router.post("/users/{user_id}/active", response_model=UserOut)
def set_user_active(user_id: Id, body: UserActive, s: DbSession, actor: Manager) -> UserOut:
    """Enable or disable a user (administrators); disabling revokes all the user's tokens."""
    user = _managed(s, user_id)
    access.set_active(s, actor, user, body.active)
    return model(UserOut, user)
