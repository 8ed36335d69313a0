""" "Check eligibility" without a case, and the parameter browser.

``/check`` runs the same guided questions as a case's assessment, but keeps the answers in a signed hidden
field (and the links' ``state``), never in the database. ``/parameters`` lists every parameter of every
rule pack and reform; ``/parameters/{id}`` shows its values over time with status, unit and source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from migralex.casework import lifecycle
from migralex.casework.errors import InvalidInput, NotFound
from migralex.casework.messages import engine_error
from migralex.engine import Parameter, Program, Reform, assess
from migralex.engine.errors import MigralexError, UnknownProgramError
from migralex.engine.program import Decision as EngineDecision
from migralex.i18n import N_
from migralex.rules.registry import get_reform, packs, programs, reforms
from migralex.ui.templating import translator
from migralex.web.assessment_flow import Draft, change_group, next_group, read_answers, sign, unsign
from migralex.web.assessment_render import Flow, check_page, day_text, question_page, render, result_context
from migralex.web.pages.deps import Form, SignedIn, Viewer, check_csrf

router = APIRouter(include_in_schema=False)
ParamId = Annotated[str, Path(min_length=3, max_length=200, pattern=r"^[a-z0-9_.]+$")]


def _evaluate(draft: Draft) -> tuple[EngineDecision, Reform | None, dict[str, Any]]:
    """Assess the check's answers (no case: nothing is prefilled)."""
    program = lifecycle.find_program(draft.program)
    try:
        reform = get_reform(draft.reform) if draft.reform else None
    except UnknownProgramError:
        raise InvalidInput(N_("no reform %(id)s is registered", id=draft.reform), "reform") from None
    if reform is not None and not reform.applies_to(program):
        reform = None
    try:
        facts = program.parse_facts(draft.facts, reform)
        return assess(program, facts, draft.on, reform), reform, dict(draft.facts)
    except MigralexError as exc:  # by its type: the fact, parameter or condition at fault, in words
        specs = program.fact_specs(reform.replacements if reform else None)
        raise InvalidInput(*engine_error(exc, specs, draft.facts)) from None


def _flow(request: Request, draft: Draft) -> Flow:
    return Flow(
        base="/check",
        title=translator(request).gettext("Check eligibility"),
        state=sign(_key(request), draft),
    )


def _key(request: Request) -> bytes:
    key: bytes = request.app.state.secret_key
    return key


def _state(request: Request, form: dict[str, Any] | None) -> Draft | None:
    """The check's answers carried by the form or the link (None: the check has not begun)."""
    raw = (form or {}).get("state") or request.query_params.get("state")
    return unsign(_key(request), str(raw)) if raw else None


def _restart() -> Response:
    return RedirectResponse("/check", status_code=303)


def _start(request: Request, viewer: Viewer, values: dict[str, Any], errors: dict[str, str]) -> Response:
    t = translator(request)
    listed = sorted(programs().values(), key=lambda p: (p.jurisdiction, t.gettext(p.title)))
    return render(
        request,
        "check_start.html",
        {
            "user": viewer.user,
            "csrf": viewer.csrf,
            "programs": listed,
            "values": values,
            "errors": errors,
            "error_items": [(f"{k}-group", t.gettext(v)) for k, v in errors.items()],
        },
        422 if errors else 200,
    )


@router.get("/check", response_class=HTMLResponse)
def check_start(request: Request, viewer: SignedIn) -> Response:
    """Choose the rules and the date; nothing is stored."""
    today = date.today()
    values = {"date-day": str(today.day), "date-month": str(today.month), "date-year": str(today.year)}
    return _start(request, viewer, values, {})


@router.post("/check/start", response_class=HTMLResponse)
def check_begin(request: Request, form: Form, viewer: SignedIn) -> Response:
    """Begin a check: the answers travel with the pages from here on."""
    check_csrf(form, viewer)
    errors: dict[str, str] = {}
    program = str(form.get("program") or "")
    if program not in programs():
        errors["program"] = "Choose the rules to check against"
    on: date | None = None
    try:
        on = date(
            int(form.get("date-year", "")), int(form.get("date-month", "")), int(form.get("date-day", ""))
        )
    except ValueError:
        errors["date"] = "The decision date must be a real date, like 1 3 2025"
    if errors or on is None:
        return _start(request, viewer, form, errors)
    return RedirectResponse(_flow(request, Draft(program, on)).questions_url, status_code=303)


@router.api_route("/check/questions", methods=["GET", "POST"], response_class=HTMLResponse)
def check_questions(request: Request, posted: Form, viewer: SignedIn) -> Response:
    """The next subject's questions of the check."""
    form = posted if request.method == "POST" else None
    draft = _state(request, form)
    if draft is None:
        return _restart()
    decision, reform, _facts = _evaluate(draft)
    change = request.query_params.get("change")
    group = change_group(decision.program, reform, change) if change else next_group(decision, reform, draft)
    flow = _flow(request, draft)
    if group is None:
        return RedirectResponse(flow.check_url, status_code=303)
    if form is None:
        return question_page(request, flow, viewer, draft, decision, {}, group, change=change)
    check_csrf(form, viewer)
    answers = read_answers(group.questions, form)
    if answers.errors:
        return question_page(request, flow, viewer, draft, decision, {}, group, answers, change)
    draft.answer(answers.values, answers.not_known)
    after = _flow(request, draft)
    return RedirectResponse(after.check_url if change else after.questions_url, status_code=303)


@router.get("/check/check-answers", response_class=HTMLResponse)
def check_answers(request: Request, viewer: SignedIn) -> Response:
    """Check your answers (with Change links carrying the answers)."""
    draft = _state(request, None)
    if draft is None:
        return _restart()
    decision, reform, facts = _evaluate(draft)
    return check_page(request, _flow(request, draft), viewer, draft, decision, reform, facts)


@router.get("/check/result", response_class=HTMLResponse)
def check_result(request: Request, viewer: SignedIn) -> Response:
    """The outcome with the law and what would change it; no decision is made from a check."""
    draft = _state(request, None)
    if draft is None:
        return _restart()
    decision, reform, facts = _evaluate(draft)
    ctx = result_context(request, _flow(request, draft), viewer, draft, decision, reform, facts)
    return render(request, "result.html", ctx)


# --- parameters ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Listed:
    """A parameter with where it comes from (a pack or a reform)."""

    parameter: Parameter
    origin: str


def _all_parameters() -> dict[str, Listed]:
    out: dict[str, Listed] = {}
    for pack in packs().values():
        for p in pack.parameters:
            out[p.id] = Listed(p, pack.title)
    for reform in reforms().values():
        for p in reform.parameters:
            out.setdefault(p.id, Listed(p, reform.title))
    return out


def _program_of(param_id: str) -> Program | None:
    for program in programs().values():
        if param_id in program.parameter_ids():
            return program
    return None


@router.get("/parameters", response_class=HTMLResponse)
def parameters(request: Request, viewer: SignedIn) -> Response:
    """Every parameter with the value in force today, its status and unit."""
    today = date.today()
    rows = []
    for pid, listed in sorted(_all_parameters().items()):
        now = listed.parameter.value_on(today)
        rows.append({"id": pid, "p": listed.parameter, "origin": listed.origin, "now": now})
    return render(
        request,
        "parameters.html",
        {"user": viewer.user, "csrf": viewer.csrf, "rows": rows, "today": day_text(request, today)},
    )


@router.get("/parameters/{param_id}", response_class=HTMLResponse)
def parameter(request: Request, param_id: ParamId, viewer: SignedIn) -> Response:
    """One parameter's values over time: from, until, value, status, unit and primary source."""
    listed = _all_parameters().get(param_id)
    if listed is None:
        raise NotFound("There is no parameter with that name.", "param_id")
    values = sorted(listed.parameter.values, key=lambda v: (v.start, v.status))
    program = _program_of(param_id)
    return render(
        request,
        "parameter.html",
        {
            "user": viewer.user,
            "csrf": viewer.csrf,
            "p": listed.parameter,
            "origin": listed.origin,
            "program": program,
            "values": [
                {
                    "v": v,
                    "from": day_text(request, v.start),
                    "until": day_text(request, v.end) if v.end else None,
                }
                for v in values
            ],
        },
    )
