"""What every page route shares: the templates, the request's transaction, the signed-in viewer, the form.

Routes are plain ``def`` functions (FastAPI runs them in the threadpool, so database work never blocks
the event loop); forms and uploads are read by async dependencies before the handler starts, so nothing
is awaited while a transaction (and, on SQLite, the write lock) is held.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.responses import HTMLResponse
from jinja2 import pass_context
from pydantic import ValidationError
from sqlalchemy.orm import Session

from migralex.casework import access
from migralex.casework.errors import Forbidden, Unauthenticated
from migralex.casework.messages import read_back
from migralex.casework.models import User
from migralex.casework.transactions import transaction
from migralex.i18n import N_, Message, Translator
from migralex.ui.templating import make_templates, translator
from migralex.ui.templating import render as shell_render
from migralex.web.security import COOKIE, csrf_token

PageId = Annotated[int, Path(ge=1, le=2**31 - 1)]
templates = make_templates("migralex.web")


@pass_context
def stored_text(ctx: Any, text: str) -> str:
    """Filter ``stored``: a text a service stored in English, in the page's language (typed text as is)."""
    found = read_back(text or "")
    return str(ctx["_"](found)) if isinstance(found, Message) else text


templates.env.filters["stored"] = stored_text


class SignInRequired(Exception):
    """No valid web session: the browser is sent to the sign-in page."""


def page_session(request: Request) -> Iterator[Session]:
    """The request's transaction: committed when the route returns, rolled back (keeping the audit of
    reads and refusals) when it raises."""
    with transaction(request.app.state.sessions) as session:
        yield session


DB = Annotated[Session, Depends(page_session, scope="function")]


@dataclass(frozen=True)
class ShellUser:
    """What the shell shows of the signed-in user (a copy: it outlives the request's transaction)."""

    id: int
    username: str
    display_name: str
    role: str

    @classmethod
    def of(cls, user: User) -> ShellUser:
        """A copy of ``user``'s shown attributes."""
        return cls(user.id, user.username, user.display_name, user.role)


@dataclass(frozen=True)
class Viewer:
    """The signed-in user of a page request, their CSRF token and the request's session."""

    session: Session
    user: User
    csrf: str


def signed_in(request: Request, session: DB) -> Viewer:
    """The signed-in viewer (sign-in page otherwise); the shell learns the user and their language."""
    key: bytes = request.app.state.secret_key
    raw = access.unsign(key, request.cookies.get(COOKIE, ""))
    if raw is None:
        raise SignInRequired
    try:
        user = access.user_for_token(session, raw, "web")
    except Unauthenticated:
        raise SignInRequired from None
    csrf = csrf_token(key, raw)
    request.state.user = ShellUser.of(user)
    request.state.csrf = csrf
    if user.language:  # chosen on the language switch
        request.state.language = user.language
    return Viewer(session, user, csrf)


SignedIn = Annotated[Viewer, Depends(signed_in)]


async def posted_form(request: Request) -> dict[str, Any]:
    """The submitted form fields (a field sent more than once, or named ``x[]``, is a list)."""
    form = await request.form()
    data: dict[str, Any] = {}
    for k in form:
        values = [v for v in form.getlist(k) if isinstance(v, str)]
        data[k] = values if len(values) > 1 or k.endswith("[]") else (values[0] if values else "")
    return data


Form = Annotated[dict[str, Any], Depends(posted_form)]


def check_csrf(form: Mapping[str, Any], viewer: Viewer) -> None:
    """:class:`Forbidden` unless the form carries this session's CSRF token."""
    if not hmac.compare_digest(str(form.get("csrf", "")), viewer.csrf):
        raise Forbidden(N_("the form has expired or did not come from this site; reload the page"), "csrf")


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a casework template inside the shell."""
    return shell_render(templates, request, name, ctx, status)


def _message(tr: Translator, error: Mapping[str, Any], label: str) -> str:
    """One pydantic error in plain words, naming the field by its label."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    words = {"label": label, "lower": label[:1].lower() + label[1:]}
    if kind == "missing" or (kind == "string_too_short" and int(ctx.get("min_length", 1)) <= 1):
        return tr.gettext("Enter %(lower)s") % words
    if kind == "string_too_short":
        return tr.gettext("%(label)s must be at least %(n)s characters") % {
            **words,
            "n": ctx.get("min_length"),
        }
    if kind in ("string_too_long", "too_long"):
        n = ctx.get("max_length", "")
        return tr.gettext("%(label)s must be %(n)s characters or fewer") % {**words, "n": n}
    if kind.startswith("date"):
        return tr.gettext("%(label)s must be a real date") % words
    if kind.startswith("int"):
        return tr.gettext("%(label)s must be a whole number") % words
    if kind in ("literal_error", "enum"):
        return tr.gettext("Select %(lower)s from the list") % words
    if kind == "string_pattern_mismatch":
        return tr.gettext("%(label)s is not in the expected format") % words
    if kind == "value_error":
        problem = str(ctx.get("error", error.get("msg", "")))
        return tr.gettext("Check %(lower)s: %(problem)s") % {**words, "problem": problem}
    return tr.gettext("Check %(lower)s") % words


def field_errors(request: Request, exc: ValidationError, labels: Mapping[str, str]) -> dict[str, str]:
    """``{field: message}`` for a form: plain-language messages naming each field by its label."""
    tr = translator(request)
    out: dict[str, str] = {}
    for error in exc.errors():
        loc = error.get("loc", ())
        field = str(loc[0]) if loc else "form"
        if field not in out:
            out[field] = _message(tr, error, tr.gettext(labels.get(field, field.replace("_", " "))))
    return out


def service_error(
    request: Request, message: str, field: str | None, labels: Mapping[str, str]
) -> dict[str, str]:
    """A service's refusal (:class:`InvalidInput`, a conflict...) as a form error on its field, in the
    page's language (the service's message is a :class:`~migralex.i18n.Message`)."""
    tr = translator(request)
    problem = tr.gettext(message)
    if field and field in labels:
        return {
            field: tr.gettext("%(label)s: %(problem)s")
            % {"label": tr.gettext(labels[field]), "problem": problem}
        }
    return {"form": problem}
