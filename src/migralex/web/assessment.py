"""The guided assessment of a case, the decision form and the decision page.

``/cases/{id}/assess`` starts on the program that fits the case (a spouse case on the spouse program) and
asks one subject's questions per page, only those the engine says can still change the outcome; then
"check your answers", then the result with the decision form, preselected as the outcome supports.
Answers are kept in the case's stored draft (one per case and caseworker), so nothing typed is lost: an
error re-renders the page with every input kept and an error summary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from migralex.casework import access, drafts, lifecycle, queries
from migralex.casework.errors import CaseworkError, InvalidInput
from migralex.casework.models import Case, User
from migralex.casework.schemas import AssessmentIn, DecisionIn
from migralex.casework.transactions import rollback_keeping_audit
from migralex.engine import Program, Reform
from migralex.engine.program import Decision as EngineDecision
from migralex.i18n import N_, term
from migralex.rules.registry import get_reform
from migralex.ui.templating import translator
from migralex.web.api_assess import router as api_router
from migralex.web.assessment_flow import Draft, change_group, next_group, read_answers
from migralex.web.assessment_render import Flow, check_page, day_text, question_page, render, result_context
from migralex.web.assessment_views import fact_answers, fact_questions, node_label, shown, supported_kind
from migralex.web.check_pages import router as check_router
from migralex.web.pages.deps import Form, PageId, SignedIn, Viewer, check_csrf

pages = APIRouter(include_in_schema=False)


# --- the case's draft (kept by the casework drafts service) --------------------------------------
def load_draft(s: Session, case: Case, user: User) -> Draft | None:
    """The caseworker's saved answers on this case, if any."""
    text = drafts.load(s, case, user)
    return Draft.from_json(text) if text is not None else None


def save_draft(s: Session, case: Case, user: User, draft: Draft) -> None:
    """Keep the answers (replacing the previous draft of this caseworker on this case)."""
    drafts.save(s, case, user, draft.as_json())


# --- helpers ------------------------------------------------------------------------------------
def _flow(viewer: Viewer, case: Case) -> Flow:
    return Flow(
        base=f"/cases/{case.id}/assess",
        title=case.reference,
        can_decide=access.can_change_case(viewer.user, case),
        person=queries.person(viewer.session, case.person_id),
        case=case,
    )


def _reform(draft: Draft, program: Program) -> Reform | None:
    if not draft.reform:
        return None
    reform = get_reform(draft.reform)
    return reform if reform.applies_to(program) else None


def _evaluate(s: Session, case: Case, draft: Draft) -> tuple[EngineDecision, dict[str, Any]]:
    return lifecycle.evaluate(s, case, draft.program, draft.on, draft.facts, draft.reform)


def _restart(case: Case) -> Response:
    """No saved answers (yet, or any more): back to choosing the program."""
    return RedirectResponse(f"/cases/{case.id}/assess", status_code=303)


def _kinds(case: Case) -> list[lifecycle.DecisionKind]:
    return [k for k in lifecycle.DECISION_KINDS.values() if case.kind in k.case_kinds]


def _date_from(form: dict[str, Any], prefix: str) -> date | None:
    parts = [str(form.get(f"{prefix}-{p}", "")).strip() for p in ("day", "month", "year")]
    if not any(parts):
        return None
    try:
        day, month, year = (int(p) for p in parts)
        return date(year, month, day)
    except ValueError:
        raise InvalidInput("The decision date must be a real date, like 1 3 2025", "date") from None


#: How the safeguard form's fields are labelled on the case page.
ASSESSMENT_LABELS = {"kind": N_("Safeguard"), "conclusion": N_("Conclusion"), "reasons": N_("Reasons")}


# --- routes -------------------------------------------------------------------------------------
@pages.get("/cases/{case_id}/assess", response_class=HTMLResponse)
def start_page(request: Request, case_id: PageId, viewer: SignedIn) -> Response:
    """Choose the program (those fitting the case, the likeliest first) and the date; a program and date
    in the query (the case page's form) start at once."""
    s, user = viewer.session, viewer.user
    case = lifecycle.load_case(s, user, case_id)
    fitting = queries.programs_for(s, case)
    query = request.query_params
    if not query.get("program"):
        return _start(request, viewer, case, fitting, {}, {})
    errors: dict[str, str] = {}
    try:
        on = date.fromisoformat(query.get("date") or date.today().isoformat())
    except ValueError:
        errors["date"] = "The decision date must be a real date, like 1 3 2025"
    if query["program"] not in {p.id for p in fitting}:
        errors["program"] = "Choose the rules to assess against"
    if errors:
        return _start(request, viewer, case, fitting, {}, errors)
    save_draft(s, case, user, Draft(query["program"], on, query.get("reform") or None))
    return RedirectResponse(f"/cases/{case_id}/assess/questions", status_code=303)


def _start(
    request: Request,
    viewer: Viewer,
    case: Case,
    fitting: list[Program],
    values: dict[str, Any],
    errors: dict[str, str],
) -> Response:
    draft = load_draft(viewer.session, case, viewer.user)
    chosen = values.get("program") or (draft.program if draft else (fitting[0].id if fitting else None))
    if not values:
        on = draft.on if draft else date.today()
        values = {"date-day": str(on.day), "date-month": str(on.month), "date-year": str(on.year)}
    t = translator(request)
    flow = _flow(viewer, case)
    return render(
        request,
        "start.html",
        {
            "user": viewer.user,
            "csrf": viewer.csrf,
            "flow": flow,
            "person": flow.person,
            "programs": fitting,
            "chosen": chosen,
            "draft": draft,
            "values": values,
            "errors": errors,
            "error_items": [(f"{k}-group", t.gettext(v)) for k, v in errors.items()],
        },
        422 if errors else 200,
    )


@pages.post("/cases/{case_id}/assess/start", response_class=HTMLResponse)
def start(request: Request, case_id: PageId, form: Form, viewer: SignedIn) -> Response:
    """Start (or restart) the assessment on the chosen program and date."""
    check_csrf(form, viewer)
    s, user = viewer.session, viewer.user
    case = lifecycle.load_case(s, user, case_id, write=True)
    fitting = queries.programs_for(s, case)
    errors: dict[str, str] = {}
    program = str(form.get("program") or "")
    if program not in {p.id for p in fitting}:
        errors["program"] = "Choose the rules to assess against"
    on = None
    try:
        on = _date_from(form, "date")
        if on is None:
            errors["date"] = "Enter the decision date"
    except InvalidInput as exc:
        errors["date"] = exc.message
    if errors or on is None:
        return _start(request, viewer, case, fitting, form, errors)
    old = load_draft(s, case, user)
    keep = old.facts if old is not None and old.program == program else {}
    not_known = list(old.not_known) if keep and old else []
    save_draft(s, case, user, Draft(program, on, None, dict(keep), not_known))
    return RedirectResponse(f"/cases/{case_id}/assess/questions", status_code=303)


@pages.api_route("/cases/{case_id}/assess/questions", methods=["GET", "POST"], response_class=HTMLResponse)
def questions(request: Request, case_id: PageId, posted: Form, viewer: SignedIn) -> Response:
    """The next subject's questions (or the one answer to change); answers are saved to the draft."""
    form = posted if request.method == "POST" else None
    s, user = viewer.session, viewer.user
    case = lifecycle.load_case(s, user, case_id, write=form is not None)
    draft = load_draft(s, case, user)
    if draft is None:
        return _restart(case)
    decision, facts = _evaluate(s, case, draft)
    reform = _reform(draft, decision.program)
    change = request.query_params.get("change")
    group = change_group(decision.program, reform, change) if change else next_group(decision, reform, draft)
    flow = _flow(viewer, case)
    if group is None:
        return RedirectResponse(flow.check_url, status_code=303)
    known = {k: v for k, v in facts.items() if k not in draft.facts}
    if form is None:
        return question_page(request, flow, viewer, draft, decision, known, group, change=change)
    check_csrf(form, viewer)
    answers = read_answers(group.questions, form)
    if answers.errors:
        return question_page(request, flow, viewer, draft, decision, known, group, answers, change)
    draft.answer(answers.values, answers.not_known)
    try:
        _evaluate(s, case, draft)
    except InvalidInput as exc:  # a value the program rejects in combination: shown, input kept
        answers.errors[group.questions[0].fact.id] = exc.message  # a message naming the fact, translated
        return question_page(request, flow, viewer, draft, decision, known, group, answers, change)
    save_draft(s, case, user, draft)
    return RedirectResponse(flow.check_url if change else flow.questions_url, status_code=303)


@pages.get("/cases/{case_id}/assess/check-answers", response_class=HTMLResponse)
def check_answers(request: Request, case_id: PageId, viewer: SignedIn) -> Response:
    """Check your answers: each answer with a Change link, grouped by subject."""
    case = lifecycle.load_case(viewer.session, viewer.user, case_id)
    draft = load_draft(viewer.session, case, viewer.user)
    if draft is None:
        return _restart(case)
    decision, facts = _evaluate(viewer.session, case, draft)
    reform = _reform(draft, decision.program)
    return check_page(request, _flow(viewer, case), viewer, draft, decision, reform, facts)


def _result(
    request: Request,
    viewer: Viewer,
    case: Case,
    draft: Draft,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    decision, facts = _evaluate(viewer.session, case, draft)
    reform = _reform(draft, decision.program)
    ctx = result_context(request, _flow(viewer, case), viewer, draft, decision, reform, facts)
    kinds = _kinds(case)
    ctx.update(
        {"case": case, "kinds": kinds, "preselected": supported_kind(decision, kinds), "use_assessment": True}
    )
    ctx.update(extra or {})
    return render(request, "result.html", ctx, status)


@pages.get("/cases/{case_id}/assess/result", response_class=HTMLResponse)
def result(request: Request, case_id: PageId, viewer: SignedIn) -> Response:
    """The outcome, what would change it, the explanation with the law, and the decision form."""
    case = lifecycle.load_case(viewer.session, viewer.user, case_id)
    draft = load_draft(viewer.session, case, viewer.user)
    if draft is None:
        return _restart(case)
    return _result(request, viewer, case, draft)


_DECIDE_FIELDS = {
    "kind": "kind",
    "reasons": "reasons",
    "decision_date": "date",
    "facts": "kind",
    "program": "kind",
}


@pages.post("/cases/{case_id}/decide", response_class=HTMLResponse)
def decide(request: Request, case_id: PageId, form: Form, viewer: SignedIn) -> Response:
    """Record the decision: with the saved assessment (its facts come from the draft, never from the
    browser) or without a program. An error shows the form again with everything kept."""
    check_csrf(form, viewer)
    s, user = viewer.session, viewer.user
    case = lifecycle.load_case(s, user, case_id, write=True)
    draft = load_draft(s, case, user) if form.get("use_assessment") else None
    if form.get("use_assessment") and draft is None:
        raise InvalidInput(
            "The saved answers are no longer there: the decision may already be recorded. Open the case.",
            "draft",
        )
    kept = {k: form.get(k, "") for k in ("kind", "reasons", "separates_family", "date")}
    try:
        data = _decision_in(form, draft)
        d = lifecycle.decide(s, user, case, data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first.get("loc", ("kind",))[0])
        plain = {"reasons": "Give the reasons for the decision", "kind": "Choose a decision"}
        message = plain.get(field, str(first.get("msg")))
        errors = {_DECIDE_FIELDS.get(field, "kind"): message}
        return _decide_again(request, viewer, case, draft, kept, errors, [], 422)
    except CaseworkError as exc:
        rollback_keeping_audit(s)
        blocks = list(exc.extra.get("blocks", []))
        field = _DECIDE_FIELDS.get((exc.field or "kind").split(".")[0], "kind")
        message = translator(request).gettext(exc.message)
        if draft is not None and exc.field == "kind" and not blocks:
            message = "The result of the assessment does not support this decision"
        return _decide_again(request, viewer, case, draft, kept, {field: message}, blocks, exc.status)
    if draft is not None:
        drafts.clear(s, case, user)
    return RedirectResponse(f"/decisions/{d.id}", status_code=303)


def _decision_in(form: dict[str, Any], draft: Draft | None) -> DecisionIn:
    if draft is not None:
        return DecisionIn(
            kind=form.get("kind") or "",
            decision_date=draft.on,
            reasons=str(form.get("reasons", "")).strip(),
            program=draft.program,
            facts=draft.facts,
            reform=draft.reform,
            separates_family=form.get("separates_family") == "on",
        )
    return DecisionIn(
        kind=form.get("kind") or "",
        decision_date=form.get("date") or date.today(),
        reasons=str(form.get("reasons", "")).strip(),
        separates_family=form.get("separates_family") == "on",
    )


def _decide_again(
    request: Request,
    viewer: Viewer,
    case: Case,
    draft: Draft | None,
    kept: dict[str, Any],
    errors: dict[str, str],
    blocks: list[dict[str, Any]],
    status: int,
) -> Response:
    t = translator(request)
    items = [(f"{k}-group" if k != "date" else "decide-date", t.gettext(v)) for k, v in errors.items()]
    extra = {"decide_values": kept, "decide_errors": errors, "error_items": items, "blocks": blocks}
    if draft is not None:
        return _result(request, viewer, case, draft, extra, status)
    ctx = {
        "user": viewer.user,
        "csrf": viewer.csrf,
        "case": case,
        "person": queries.person(viewer.session, case.person_id),
        "kinds": _kinds(case),
        "preselected": None,
        "use_assessment": False,
        **extra,
    }
    return render(request, "decide.html", ctx, status)


@pages.get("/decisions/{decision_id}", response_class=HTMLResponse)
def decision_page(request: Request, decision_id: PageId, viewer: SignedIn) -> Response:
    """The decision as made: outcome, explanation with the law, safeguards met, re-run check."""
    s, user = viewer.session, viewer.user
    d = lifecycle.load_decision(s, user, decision_id)
    case = queries.case_of(s, d)
    program = lifecycle.find_program(d.program_id) if d.program_id else None
    reform = get_reform(d.reform_id) if d.reform_id and program else None
    result = d.result or {}
    t = translator(request)
    outputs = [
        {"label": node_label(o.get("explanation") or o, t), "value": o.get("value"), "unit": o.get("unit")}
        for o in (result.get("outputs") or {}).values()
    ]
    kind = lifecycle.DECISION_KINDS.get(d.kind)
    return render(
        request,
        "decision.html",
        {
            "user": user,
            "csrf": viewer.csrf,
            "d": d,
            "case": case,
            "person": queries.person(s, case.person_id),
            "program": program,
            "kind_label": kind.label if kind else d.kind,
            "outcome_text": result.get("outcome_text") or shown(d.outcome, t.gettext),
            "on_text": day_text(request, d.decision_date),
            "outputs": outputs,
            "fq": fact_questions(program, reform) if program else (lambda _fid: None),
            "fa": (fact_answers(program, reform, t) if program else (lambda _fid, v: shown(v, t.gettext))),
            "node_ids": [],
            "rerun": lifecycle.rerun(s, user, d) if d.program_id else None,
            "statuses": queries.statuses_from(s, d.id),
        },
    )


@pages.post("/cases/{case_id}/assessments", response_class=HTMLResponse)
def add_assessment(case_id: PageId, form: Form, viewer: SignedIn) -> Response:
    """Record a safeguard assessment from the case page."""
    check_csrf(form, viewer)
    case = lifecycle.load_case(viewer.session, viewer.user, case_id, write=True)
    try:
        data = AssessmentIn(
            kind=form.get("kind"), conclusion=form.get("conclusion"), reasons=form.get("reasons", "")
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str((first.get("loc") or ("form",))[0])
        label = term(ASSESSMENT_LABELS.get(field, field))
        raise InvalidInput(
            N_("%(label)s: the answer is missing, too short or not one of the choices", label=label), field
        ) from None
    lifecycle.record_assessment(viewer.session, viewer.user, case, data)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


#: Everything this part serves: the case pages, the stateless check and parameter pages, and the API.
router = APIRouter()
router.include_router(pages)
router.include_router(check_router)
router.include_router(api_router)
