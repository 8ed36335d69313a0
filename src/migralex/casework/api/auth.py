"""Signing in, and the signed-in user's own account: ``/auth/token``, ``/me``, tokens, password."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from migralex.casework import access
from migralex.casework.api.convert import model
from migralex.casework.api.deps import Actor, DbSession, Id, client_address
from migralex.casework.errors import Forbidden
from migralex.casework.schemas import PasswordChange, TokenIn, TokenInfo, TokenOut, UserOut

#: ``/auth/token``: reachable without a token.
public = APIRouter(tags=["auth"])
router = APIRouter(tags=["auth"])


@public.post("/auth/token", response_model=TokenOut)
def token(request: Request, body: TokenIn, s: DbSession) -> TokenOut:
    """Exchange username and password for a bearer token (valid 7 days).

    ``notice`` tells the account holder of failed sign-in attempts since their last sign-in.
    """
    result = access.sign_in(s, body.username, body.password, client_address(request))
    return TokenOut(access_token=access.issue_token(s, result.user, "api"), notice=result.notice)


@router.get("/me", response_model=UserOut)
async def me(actor: Actor) -> UserOut:
    """The signed-in user (already loaded with the token check: no I/O, so on the event loop)."""
    return model(UserOut, actor)


@router.get("/me/tokens", response_model=list[TokenInfo])
def my_tokens(s: DbSession, actor: Actor) -> list[TokenInfo]:
    """Your live tokens (web sessions and API tokens), newest first."""
    return [model(TokenInfo, t) for t in access.tokens_of(s, actor.id)]


@router.delete("/me/tokens/{token_id}", status_code=204)
def revoke_my_token(token_id: Id, s: DbSession, actor: Actor) -> Response:
    """Revoke one of your tokens (e.g. a lost device's session)."""
    access.revoke_token_id(s, actor, actor.id, token_id)
    return Response(status_code=204)


@router.post("/me/password", response_model=TokenOut)
def change_my_password(body: PasswordChange, s: DbSession, actor: Actor) -> TokenOut:
    """Change your password: every token of yours is revoked; a new API token is returned."""
    if not access.verify_password(actor, body.current_password):
        raise Forbidden("the current password is wrong", "current_password")
    access.set_password(s, actor, actor, body.new_password)
    return TokenOut(access_token=access.issue_token(s, actor, "api"))
