"""Shared pieces of the programme ledger's web routers: the session dependency, the
templates and the mapping of service errors to HTTP errors."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from migralex.db.session import make_engine, make_session_factory
from migralex.programmes.common import fmt_money, get_programme
from migralex.programmes.errors import NotFoundError, ProgrammeError
from migralex.programmes.models import Programme

templates = Jinja2Templates(directory=str(resources.files("migralex.programmes") / "templates"))
templates.env.filters["money"] = lambda amount, currency: (
    "" if amount is None else fmt_money(Decimal(str(amount)), currency)
)
templates.env.filters["plain"] = lambda value: format(Decimal(str(value)).normalize(), "f")
_default_engine: dict[str, Engine] = {}


def get_session(request: Request) -> Iterator[Session]:
    """A session on ``app.state.db_engine`` (or the default database); commits only if the route does."""
    engine = getattr(request.app.state, "db_engine", None)
    if engine is None:
        if "engine" not in _default_engine:
            _default_engine["engine"] = make_engine(None)
        engine = _default_engine["engine"]
    with make_session_factory(engine)() as session:
        try:
            yield session
        finally:
            session.rollback()


SessionDep = Annotated[Session, Depends(get_session)]


def _error(exc: ProgrammeError) -> HTTPException:
    status = 404 if isinstance(exc, NotFoundError) else 422
    return HTTPException(status_code=status, detail=exc.as_json())


def _programme(session: Session, code: str) -> Programme:
    try:
        return get_programme(session, code)
    except ProgrammeError as exc:
        raise _error(exc) from None
