"""The pages of the guided questions, shared by a case's assessment and the stateless check.

Routes (in :mod:`migralex.web.assessment` and :mod:`migralex.web.check_pages`) use the page dependencies
of :mod:`migralex.web.pages.deps`; this module only renders: the question, check-answers and result pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from babel.dates import format_date
from fastapi import Request
from fastapi.responses import HTMLResponse

from migralex.engine import Program, Reform
from migralex.engine.program import Decision as EngineDecision
from migralex.i18n import LOCALES
from migralex.rules.questions import SUBJECT_ORDER
from migralex.ui.templating import make_templates, page_language, translator
from migralex.ui.templating import render as shell_render
from migralex.web.assessment_flow import Answers, Draft, Group, current_inputs, input_name
from migralex.web.assessment_views import (
    code_text,
    fact_answers,
    fact_questions,
    node_label,
    shown,
    summary_rows,
    unknown_parameters,
    what_would_change,
)
from migralex.web.pages.deps import Viewer

templates = make_templates("migralex.web", "templates/assessment")


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page of this part inside the shell, with ``shown`` (values in words, "not known" for None),
    ``code_text`` (a code answer's label in the page's language) and ``label_of`` (an explanation node's
    label in the page's language, filled with the values the rules used)."""
    t = translator(request)
    helpers = {
        "shown": lambda v: shown(v, t.gettext),
        "code_text": lambda c: code_text(c, t),
        "label_of": lambda node: node_label(node, t),
    }
    return shell_render(templates, request, name, {**helpers, **ctx}, status)


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


def _common(flow: Flow, program: Program, viewer: Viewer) -> dict[str, Any]:
    return {"flow": flow, "program": program, "user": viewer.user, "csrf": viewer.csrf, "person": flow.person}


def question_page(
    request: Request,
    flow: Flow,
    viewer: Viewer,
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
        **_common(flow, decision.program, viewer),
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
    viewer: Viewer,
    draft: Draft,
    decision: EngineDecision,
    reform: Reform | None,
    facts: dict[str, Any],
) -> HTMLResponse:
    """Check your answers: every answer by subject with a Change link."""
    t = translator(request)
    rows = summary_rows(decision.program, reform, facts, draft.not_known, draft.facts, t)
    groups = [(s, [r for r in rows if r.question.subject is s]) for s in SUBJECT_ORDER]
    ctx = {
        **_common(flow, decision.program, viewer),
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
    viewer: Viewer,
    draft: Draft,
    decision: EngineDecision,
    reform: Reform | None,
    facts: dict[str, Any],
) -> dict[str, Any]:
    """What the result page shows: outcome, what would change it, the explanation, the open values."""
    result = decision.to_json()
    t = translator(request)
    outputs = [
        {"label": node_label(o.get("explanation") or o, t), "value": o["value"], "unit": o["unit"]}
        for o in result["outputs"].values()
    ]
    return {
        **_common(flow, decision.program, viewer),
        "decision": decision,
        "result": result,
        "on_text": day_text(request, decision.date),
        "changes": what_would_change(decision, reform, t),
        "remaining": [m for m in decision.missing_facts if m not in draft.not_known],
        "unknown_parameters": unknown_parameters(decision),
        "fq": fact_questions(decision.program, reform),
        "fa": fact_answers(decision.program, reform, t),
        "outputs": outputs,
        "facts": facts,
        "not_known": draft.not_known,
        "node_ids": [r.node.id for r in decision.all_results()],
        "error_items": [],
        "decide_errors": {},
        "decide_values": {},
        "blocks": [],
    }
