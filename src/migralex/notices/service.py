"""Issue notices of stored decisions, record appeals, and make decisions final when time runs out.

A notice is rendered from the stored decision (never a re-evaluation) and stored with it, HTML and PDF
with their sha256; each issue is audited. A decision has one notification: every notice of it states the
same notification date and appeal inputs (a different one is a conflict), and the first one that has an
appeal deadline puts it on the case (``cw_deadline`` kind ``appeal``) and so in the work queue.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.casework import audit, lifecycle
from migralex.casework.access import CAN_WRITE_CASES, require_role
from migralex.casework.errors import Conflict, InvalidInput, NotFound
from migralex.casework.messages import APPEAL_DEADLINE as APPEAL_DEADLINE_LABEL
from migralex.casework.messages import SOURCE_APPEAL, runs_from_term, unit_term
from migralex.casework.models import Case, Deadline, Decision, Person, User
from migralex.i18n import N_, Language
from migralex.notices import content, render
from migralex.notices.models import Appeal, DecisionFinal, Notice
from migralex.notices.schemas import NoticeIn
from migralex.rules.appeals import AppealInputError, AppealQuery, AppealRoute, appeal_route
from migralex.rules.families import family_of
from migralex.rules.registry import packs, programs

APPEAL_DEADLINE = "appeal"


def _route(decision: Decision, body: NoticeIn) -> AppealRoute:
    program = programs().get(decision.program_id or "")
    query = AppealQuery(
        decision_kind=decision.kind,
        notified_on=body.notified_on,
        in_country=body.in_country,
        certification=body.certification,
        manifestly_unfounded=body.manifestly_unfounded,
        departed_on=body.departed_on,
        decided_on=decision.decision_date,
    )
    try:
        return appeal_route(decision.rulepack_id, family_of(program), query)
    except AppealInputError as exc:
        raise InvalidInput(exc.message, exc.field) from None


def compose(
    session: Session, decision: Decision, body: NoticeIn, addressed: dict[str, str] | None = None
) -> tuple[str, AppealRoute, dict[str, Any]]:
    """The notice HTML of a stored decision, its appeal route and the inputs it was made from.

    ``addressed`` (``addressee``, ``case_reference``) replays a stored notice; by default they are read
    from the case. Refuses (naming the field) a notification date before the decision, appeal inputs the
    law cannot use, and a language in which some message of this notice has no translation yet.
    """
    if body.notified_on < decision.decision_date:
        raise InvalidInput(
            N_(
                "notified_on %(on)s is before the decision date %(decided)s",
                on=body.notified_on,
                decided=decision.decision_date,
            ),
            "notified_on",
        )
    if addressed is None:
        case = session.get(Case, decision.case_id)
        person = session.get(Person, case.person_id) if case else None
        assert case is not None and person is not None  # noqa: S101 -- narrows a type for mypy
        addressed = {"addressee": person.full_name, "case_reference": case.reference}
    route = _route(decision, body)
    program = programs().get(decision.program_id or "")
    notice = content.build(
        decision=decision,
        case_reference=addressed["case_reference"],
        addressee=addressed["addressee"],
        notified_on=body.notified_on,
        program=program,
        family=family_of(program),
        route=route,
    )
    html, missing = render.render_html(notice, body.language)
    if missing:
        shown = "; ".join(missing[:3]) + (f" (and {len(missing) - 3} more)" if len(missing) > 3 else "")
        raise InvalidInput(
            N_(
                "this notice has no %(language)s wording yet for: %(shown)s",
                language=body.language,
                shown=shown,
            ),
            "language",
        )
    inputs = {**body.model_dump(mode="json", exclude={"language"}), **addressed}
    return html, route, inputs


def issue(session: Session, actor: User, decision_id: int, body: NoticeIn) -> Notice:
    """Render, store and audit a notice of decision ``decision_id`` in ``body.language``."""
    require_role(actor, CAN_WRITE_CASES, "issuing a notice")
    decision = lifecycle.load_decision(session, actor, decision_id)
    lifecycle.load_case(session, actor, decision.case_id, write=True, field="decision_id")
    html, route, inputs = compose(session, decision, body)
    earlier = session.scalars(
        select(Notice).where(Notice.decision_id == decision.id).order_by(Notice.id)
    ).first()
    if earlier is not None and _appeal_inputs(earlier.inputs) != _appeal_inputs(inputs):
        raise Conflict(
            N_(
                "decision %(id)s was notified on %(on)s with other appeal inputs (notice %(notice)s); "
                "every notice of a decision states the same notification",
                id=decision.id,
                on=earlier.notified_on,
                notice=earlier.id,
            ),
            "notified_on",
        )
    pdf = render.render_pdf(html)
    row = Notice(
        decision_id=decision.id,
        case_id=decision.case_id,
        language=body.language,
        notified_on=body.notified_on,
        inputs=inputs,
        appeal=route.as_dict(),
        appeal_deadline=route.deadline,
        rulepack_hash=_pack_hash(decision),
        html=html,
        html_sha256=render.sha256(html),
        pdf=pdf,
        pdf_sha256=render.sha256(pdf),
        issued_by=actor.id,
    )
    session.add(row)
    session.flush()
    if route.deadline is not None and (earlier is None or earlier.appeal_deadline is None):
        session.add(
            Deadline(
                case_id=decision.case_id,
                kind=APPEAL_DEADLINE,
                label=N_(APPEAL_DEADLINE_LABEL, decision=decision.id, body=route.body),
                due_on=route.deadline,
                source=N_(
                    SOURCE_APPEAL,
                    law="; ".join(c.text for c in route.citations),
                    period=route.period,
                    unit=unit_term(route.unit),
                    runs_from=runs_from_term(route.runs_from or ""),
                    on=body.notified_on.isoformat(),
                ),
            )
        )
    audit.record(
        session,
        actor,
        "notice.issue",
        "notice",
        row.id,
        decision.case_id,
        {
            "decision": decision.id,
            "language": row.language,
            "notified_on": row.notified_on,
            "appeal_deadline": row.appeal_deadline,
            "html_sha256": row.html_sha256,
            "pdf_sha256": row.pdf_sha256,
            "rulepack_hash": row.rulepack_hash,
        },
    )
    return row


def latest(session: Session, actor: User, decision_id: int, language: Language) -> Notice:
    """The newest notice of a decision in a language (404 when none was issued); the read is audited."""
    decision = lifecycle.load_decision(session, actor, decision_id)
    row = session.scalars(
        select(Notice)
        .where(Notice.decision_id == decision.id, Notice.language == language)
        .order_by(Notice.id.desc())
    ).first()
    if row is None:
        raise NotFound(
            N_(
                "no %(language)s notice of decision %(id)s has been issued", language=language, id=decision_id
            ),
            "language",
        )
    audit.record(session, actor, "notice.read", "notice", row.id, row.case_id, {"language": language})
    return row


def _appeal_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in inputs.items() if k in NoticeIn.model_fields}


def _pack_hash(decision: Decision) -> str | None:
    """The hash of the rule pack the notice is rendered with (labels, appeal parameters): today's pack."""
    pack = packs().get(decision.rulepack_id or "")
    return pack.hash if pack else None


def reproduce(session: Session, notice: Notice) -> tuple[bool, bool]:
    """(same pack, same text): whether today's rule pack is the one the notice was rendered with, and
    whether rendering the stored decision again with the notice's inputs gives the same HTML."""
    decision = session.get(Decision, notice.decision_id)
    assert decision is not None  # noqa: S101 -- narrows a type for mypy
    body = NoticeIn.model_validate({**_appeal_inputs(notice.inputs), "language": notice.language})
    addressed = {k: str(notice.inputs[k]) for k in ("addressee", "case_reference")}
    html = compose(session, decision, body, addressed)[0]
    return _pack_hash(decision) == notice.rulepack_hash, render.sha256(html) == notice.html_sha256


# --- appeals and finality -------------------------------------------------------------------------
def _deadline_of(session: Session, decision_id: int) -> date | None:
    return session.scalar(
        select(Notice.appeal_deadline)
        .where(Notice.decision_id == decision_id, Notice.appeal_deadline.is_not(None))
        .order_by(Notice.id)
        .limit(1)
    )


def _close_deadline(session: Session, decision: Decision, due: date | None, on: date) -> None:
    if due is None:
        return
    for dl in session.scalars(
        select(Deadline).where(
            Deadline.case_id == decision.case_id,
            Deadline.kind == APPEAL_DEADLINE,
            Deadline.due_on == due,
            Deadline.done_on.is_(None),
        )
    ).all():
        dl.done_on = on


def record_appeal(session: Session, actor: User, decision_id: int, lodged_on: date) -> Appeal:
    """Record an appeal against a decision; a decision already final or already appealed is a conflict."""
    require_role(actor, CAN_WRITE_CASES, "recording an appeal")
    decision = lifecycle.load_decision(session, actor, decision_id)
    lifecycle.load_case(session, actor, decision.case_id, write=True, field="decision_id")
    if lodged_on < decision.decision_date:
        raise InvalidInput(N_("lodged_on is before the decision date"), "lodged_on")
    if session.get(DecisionFinal, decision.id) is not None:
        raise Conflict(
            N_("decision %(id)s is final: its appeal deadline passed", id=decision.id), "decision_id"
        )
    if session.scalar(select(Appeal.id).where(Appeal.decision_id == decision.id)) is not None:
        raise Conflict(
            N_("an appeal against decision %(id)s is already recorded", id=decision.id), "decision_id"
        )
    due = _deadline_of(session, decision.id)
    row = Appeal(
        decision_id=decision.id,
        lodged_on=lodged_on,
        late=due is not None and lodged_on > due,
        recorded_by=actor.id,
    )
    session.add(row)
    session.flush()
    _close_deadline(session, decision, due, lodged_on)
    audit.record(
        session,
        actor,
        "appeal.record",
        "decision",
        decision.id,
        decision.case_id,
        {"lodged_on": lodged_on, "deadline": due, "late": row.late},
    )
    return row


def finalise_expired(session: Session, actor: User, on: date) -> list[DecisionFinal]:
    """Make final every decision whose appeal deadline is before ``on`` and against which no appeal was
    lodged. The decision is final from the day after its deadline."""
    require_role(actor, ("senior_caseworker",), "making decisions final")
    first_deadline = (
        select(Notice.decision_id, Notice.appeal_deadline)
        .where(Notice.appeal_deadline.is_not(None), Notice.appeal_deadline < on)
        .distinct()
    )
    made: list[DecisionFinal] = []
    for decision_id, due in session.execute(first_deadline).all():
        if session.get(DecisionFinal, decision_id) is not None:
            continue
        if session.scalar(select(Appeal.id).where(Appeal.decision_id == decision_id)) is not None:
            continue
        decision = session.get(Decision, decision_id)
        assert decision is not None and due is not None  # noqa: S101 -- narrows a type for mypy
        final = DecisionFinal(
            decision_id=decision_id,
            final_on=due + timedelta(days=1),
            deadline=due,
            basis=f"no appeal lodged by the deadline {due.isoformat()} stated in the notice",
        )
        session.add(final)
        _close_deadline(session, decision, due, on)
        audit.record(
            session, actor, "decision.final", "decision", decision_id, decision.case_id, {"deadline": due}
        )
        made.append(final)
    session.flush()
    return made


def appeal_status(session: Session, actor: User, decision_id: int) -> dict[str, Any]:
    """The appeal deadline of a decision, any appeal lodged, and whether it is final."""
    decision = lifecycle.load_decision(session, actor, decision_id)
    appeal = session.scalars(select(Appeal).where(Appeal.decision_id == decision.id)).first()
    final = session.get(DecisionFinal, decision.id)
    return {
        "decision_id": decision.id,
        "appeal_deadline": _deadline_of(session, decision.id),
        "appeal_lodged_on": appeal.lodged_on if appeal else None,
        "appeal_late": appeal.late if appeal else None,
        "final_on": final.final_on if final else None,
    }
