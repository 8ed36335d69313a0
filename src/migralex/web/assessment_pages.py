"""Plumbing and rendering shared by the guided assessment of a case and the stateless check.

Routes are plain functions run in the threadpool (:func:`page`): the form is read on the event loop first,
so no await happens while a transaction is open. A missing sign-in redirects to ``/login``; a service
error becomes an HTML page inside the shell (never JSON, never a lost form where the page can keep it).
"""

from __future__ import annotations

import functools
import hmac
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from babel.dates import format_date
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from migralex.casework import access
from migralex.casework.api import transaction
from migralex.casework.errors import CaseworkError, Forbidden, Unauthenticated
from migralex.casework.models import User
from migralex.engine import Program, Reform
from migralex.engine.program import Decision as EngineDecision
from migralex.i18n import LOCALES, Translator
from migralex.rules.questions import SUBJECT_ORDER
from migralex.ui.templating import PAGE_DOMAINS, make_templates, page_language
from migralex.ui.templating import render as shell_render
from migralex.web.assessment_flow import Answers, Draft, Group, current_inputs, input_name
from migralex.web.assessment_views import (
    fact_answers,
    fact_questions,
    shown,
    summary_rows,
    unknown_parameters,
    what_would_change,
)
from migralex.web.security import COOKIE, csrf_token

templates = make_templates("migralex.web", "templates/assessment")


class Redirect(Exception):
    """Leave the page for ``url`` (303)."""

    def __init__(self, url: str) -> None:
        self.url = url


@contextmanager
def signed_in(request: Request) -> Iterator[tuple[Session, User, str]]:
    """A transaction with the signed-in user and their CSRF token; redirects to /login without one."""
    with transaction(request) as s:
        key: bytes = request.app.state.secret_key
        raw = access.unsign(key, request.cookies.get(COOKIE, ""))
        if raw is None:
            raise Redirect("/login")
        try:
            user = access.user_for_token(s, raw, "web")
        except Unauthenticated:
            raise Redirect("/login") from None
        # what the shell shows of the user, readable after the transaction (an error page renders then)
        request.state.user = SimpleNamespace(id=user.id, role=user.role, display_name=user.display_name)
        request.state.csrf = csrf_token(key, raw)
        yield s, user, request.state.csrf


def check_csrf(form: dict[str, Any], csrf: str) -> None:
    """:class:`Forbidden` unless the form carries this session's CSRF token."""
    if not hmac.compare_digest(str(form.get("csrf", "")), csrf):
        raise Forbidden("The form has expired or did not come from this site; reload the page.", "csrf")


async def _read_form(request: Request) -> dict[str, Any] | None:
    if request.method != "POST":
        return None
    form = await request.form()
    data: dict[str, Any] = {}
    for k in form:
        values = [v for v in form.getlist(k) if isinstance(v, str)]
        data[k] = values if len(values) > 1 else (values[0] if values else "")
    return data


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page of this part inside the shell, with ``shown`` (values in words, "not known" for None)."""
    t = translator(request)
    return shell_render(templates, request, name, {"shown": lambda v: shown(v, t.gettext), **ctx}, status)


def translator(request: Request) -> Translator:
    """gettext in the page's language over the page catalogues."""
    return Translator(page_language(request), domains=PAGE_DOMAINS)


def error_page(request: Request, exc: CaseworkError, back: str = "/") -> HTMLResponse:
    """A service error as a page of the shell (never JSON in the browser)."""
    return render(request, "error.html", {"message": exc.message, "back": back}, exc.status)


def page(fn: Callable[..., Response]) -> Callable[..., Any]:
    """Make a page route from ``fn(request, form, ...)``, run in the threadpool."""

    @functools.wraps(fn)
    async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            form = await _read_form(request)
            return await run_in_threadpool(fn, request, form, *args, **kwargs)
        except Redirect as r:
            return RedirectResponse(r.url, status_code=303)
        except CaseworkError as exc:
            return error_page(request, exc, request.headers.get("referer", "/"))

    sig = inspect.signature(fn)
    wrapper.__signature__ = sig.replace(  # type: ignore[attr-defined]
        parameters=[p for p in sig.parameters.values() if p.name != "form"]
    )
    return wrapper


def day_text(request: Request, on: date) -> str:
    """A date in words in the page's language."""
    return format_date(on, "long", locale=LOCALES[page_language(request)])


# --- the flow's pages ---------------------------------------------------------------------------
@dataclass
class Flow:
    """Where the flow's pages live (a case's assessment or the stateless check) and what it may do."""

    base: str
    title: str
    state: str | None = None
    can_decide: bool = False
    person: Any = None
    case: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def _url(self, path: str, **params: str) -> str:
        if self.state:
            params["state"] = self.state
        query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
        return f"{self.base}{path}" + (f"?{query}" if query else "")

    @property
    def questions_url(self) -> str:
        """The next question page."""
        return self._url("/questions")

    @property
    def check_url(self) -> str:
        """The check-answers page."""
        return self._url("/check-answers")

    @property
    def result_url(self) -> str:
        """The result page."""
        return self._url("/result")

    def change_url(self, fact_id: str) -> str:
        """The page that changes one answer."""
        return self._url("/questions", change=fact_id)


def _common(flow: Flow, program: Program, user: User, csrf: str) -> dict[str, Any]:
    return {"flow": flow, "program": program, "user": user, "csrf": csrf, "person": flow.person}


def question_page(
    request: Request,
    flow: Flow,
    user: User,
    csrf: str,
    draft: Draft,
    decision: EngineDecision,
    known: dict[str, Any],
    group: Group,
    answers: Answers | None = None,
    change: str | None = None,
) -> HTMLResponse:
    """One subject's questions; on a failed answer the inputs come back as typed, with the errors."""
    t = translator(request)
    if answers is None:
        values: dict[str, Any] = {}
        for q in group.questions:
            values.update(current_inputs(q, draft, known))
        errors: dict[str, str] = {}
    else:
        values, errors = answers.inputs, answers.errors
    items = [
        (f"{input_name(q)}-group", t.gettext(errors[q.fact.id]))
        for q in group.questions
        if q.fact.id in errors
    ]
    ctx = {
        **_common(flow, decision.program, user, csrf),
        "group": group,
        "values": values,
        "errors": errors,
        "error_items": items,
        "change": change,
        "back": flow.check_url if change else flow.base,
        "unknown_parameters": unknown_parameters(decision),
    }
    return render(request, "question.html", ctx, 422 if errors else 200)


def check_page(
    request: Request,
    flow: Flow,
    user: User,
    csrf: str,
    draft: Draft,
    decision: EngineDecision,
    reform: Reform | None,
    facts: dict[str, Any],
) -> HTMLResponse:
    """Check your answers: every answer by subject with a Change link."""
    t = translator(request)
    rows = summary_rows(
        decision.program, reform, facts, draft.not_known, draft.facts, t.gettext, page_language(request)
    )
    groups = [(s, [r for r in rows if r.question.subject is s]) for s in SUBJECT_ORDER]
    ctx = {
        **_common(flow, decision.program, user, csrf),
        "groups": [(s, rs) for s, rs in groups if rs],
        "remaining": [m for m in decision.missing_facts if m not in draft.not_known],
        "unknown_parameters": unknown_parameters(decision),
        "facts": facts,
        "not_known": draft.not_known,
    }
    return render(request, "check.html", ctx)


def result_context(
    request: Request,
    flow: Flow,
    user: User,
    csrf: str,
    draft: Draft,
    decision: EngineDecision,
    reform: Reform | None,
    facts: dict[str, Any],
) -> dict[str, Any]:
    """What the result page shows: outcome, what would change it, the explanation, the open values."""
    result = decision.to_json()
    outputs = [
        {"label": o["label"], "value": o["value"], "unit": o["unit"]} for o in result["outputs"].values()
    ]
    return {
        **_common(flow, decision.program, user, csrf),
        "decision": decision,
        "result": result,
        "on_text": day_text(request, decision.date),
        "changes": what_would_change(decision, reform),
        "remaining": [m for m in decision.missing_facts if m not in draft.not_known],
        "unknown_parameters": unknown_parameters(decision),
        "fq": fact_questions(decision.program, reform),
        "fa": fact_answers(decision.program, reform, translator(request).gettext, page_language(request)),
        "outputs": outputs,
        "facts": facts,
        "not_known": draft.not_known,
        "node_ids": [r.node.id for r in decision.all_results()],
        "error_items": [],
        "decide_errors": {},
        "decide_values": {},
        "blocks": [],
    }
