"""Shared pieces of the programme ledger's web routers: the session dependency, the
templates (rendered inside the shared shell, :mod:`migralex.ui`) and the mapping of service errors to
HTTP errors."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import pass_context
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from migralex.db.session import make_engine, make_session_factory
from migralex.i18n import N_, Message
from migralex.programmes.common import fmt_money, get_programme
from migralex.programmes.errors import NotFoundError, ProgrammeError
from migralex.programmes.models import Programme
from migralex.ui.templating import make_templates, render

NOT_KNOWN = N_("not known")
templates = make_templates("migralex.programmes")


@pass_context
def _money(ctx: Any, amount: Any, currency: str) -> str:
    """Filter ``money``: an amount with its currency ("not known", in the page's language, for none)."""
    return str(ctx["_"](NOT_KNOWN)) if amount is None else fmt_money(Decimal(str(amount)), currency)


@pass_context
def _plain(ctx: Any, value: Any) -> str:
    """Filter ``plain``: a number as written ("not known", in the page's language, for none)."""
    return str(ctx["_"](NOT_KNOWN)) if value is None else format(Decimal(str(value)).normalize(), "f")


templates.env.filters["money"] = _money
templates.env.filters["plain"] = _plain


@pass_context
def _message(ctx: Any, value: Any) -> Any:
    """Filter ``message``: a service's :class:`~migralex.i18n.Message` in the page's language; any other
    value (a list of country codes, a name) as it is."""
    return ctx["_"](value) if isinstance(value, Message) else value


templates.env.filters["message"] = _message
#: How a donor agreement's role is shown (translated in programmes.po).
ROLES = {"lead": N_("lead"), "co_donor": N_("co-donor")}


def page(request: Request, name: str, ctx: dict[str, Any]) -> HTMLResponse:
    """A programme ledger page inside the shell (navigation by role, sign-out, language)."""
    return render(templates, request, name, {"roles": ROLES, **ctx})


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
