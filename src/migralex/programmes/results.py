"""Results, indicators and child activities of a programme (IATI ``result`` and hierarchy 2).

A result belongs to a core area (component) and has indicators; each indicator has a
measure (IATI IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5
qualitative), an optional baseline, and periods with a target and, once known, the actual
value. Numeric measures take numbers; a qualitative indicator takes none (IATI rules
8.8-8.10). A child activity is one partner agreement published as its own IATI activity of
hierarchy 2, linked to the programme with ``related-activity`` (1 parent, 2 child).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes.codelists import INDICATOR_MEASURE, RESULT_TYPE
from migralex.programmes.common import (
    as_decimal,
    audit,
    check_date_in_programme,
    get_component,
    get_partner_agreement,
)
from migralex.programmes.errors import Collector, NotFoundError, Refused
from migralex.programmes.models import ChildActivity, Indicator, IndicatorPeriod, Programme, Result

QUALITATIVE = "5"


def add_result(
    session: Session,
    programme: Programme,
    *,
    result_type: str,
    title: str,
    component: str | None = None,
    description: str | None = None,
    illustrative: bool = False,
    actor: str = "system",
) -> Result:
    """Add a result (``result_type``: IATI ResultType 1 output, 2 outcome, 3 impact, 9 other)."""
    c = Collector()
    c.check(result_type in RESULT_TYPE, "result_type", f"unknown IATI ResultType {result_type!r}")
    c.check(bool(title.strip()), "title", "is required")
    c.raise_if_any()
    comp = get_component(session, programme, component) if component else None
    row = Result(
        programme_id=programme.id,
        component_id=comp.id if comp else None,
        result_type=result_type,
        title=title,
        description=description,
        illustrative=illustrative,
    )
    session.add(row)
    session.flush()
    audit(session, programme_id=programme.id, actor=actor, action="create", entity="result", entity_id=row.id)
    return row


def _number(value: Decimal | str | None, field: str, measure: str, c: Collector) -> Decimal | None:
    if value is None:
        return None
    if measure == QUALITATIVE:
        c.add(field, "a qualitative indicator (measure 5) takes no numeric value")
        return None
    return as_decimal(value, field, c)


def add_indicator(
    session: Session,
    result: Result,
    *,
    title: str,
    measure: str,
    ascending: bool = True,
    baseline_year: int | None = None,
    baseline_value: Decimal | str | None = None,
) -> Indicator:
    """Add an indicator to ``result``; a numeric baseline needs its year."""
    c = Collector()
    c.check(measure in INDICATOR_MEASURE, "measure", f"unknown IATI IndicatorMeasure {measure!r}")
    c.check(bool(title.strip()), "title", "is required")
    base = _number(baseline_value, "baseline_value", measure, c)
    c.check(base is None or baseline_year is not None, "baseline_year", "is required with a baseline value")
    c.raise_if_any()
    row = Indicator(
        result_id=result.id,
        title=title,
        measure=measure,
        ascending=ascending,
        baseline_year=baseline_year,
        baseline_value=base,
    )
    session.add(row)
    session.flush()
    return row


def set_period(
    session: Session,
    indicator: Indicator,
    *,
    period_start: date,
    period_end: date,
    target: Decimal | str | None = None,
    actual: Decimal | str | None = None,
) -> IndicatorPeriod:
    """Record an indicator period with its target, or the actual value of an existing period."""
    result = session.get(Result, indicator.result_id)
    assert result is not None  # noqa: S101 -- narrows a type for mypy
    programme = session.get(Programme, result.programme_id)
    assert programme is not None  # noqa: S101 -- narrows a type for mypy
    c = Collector()
    c.check(period_end >= period_start, "period_end", "must not be before period_start")
    check_date_in_programme(programme, period_start, "period_start", c)
    check_date_in_programme(programme, period_end, "period_end", c)
    tgt = _number(target, "target", indicator.measure, c)
    act = _number(actual, "actual", indicator.measure, c)
    c.raise_if_any()
    existing = session.scalar(
        select(IndicatorPeriod).where(
            IndicatorPeriod.indicator_id == indicator.id,
            IndicatorPeriod.period_start == period_start,
            IndicatorPeriod.period_end == period_end,
        )
    )
    if existing is None:
        existing = IndicatorPeriod(
            indicator_id=indicator.id, period_start=period_start, period_end=period_end
        )
        session.add(existing)
    if tgt is not None:
        existing.target_value = tgt
    if act is not None:
        existing.actual_value = act
    session.flush()
    return existing


def add_child_activity(
    session: Session,
    programme: Programme,
    *,
    partner_agreement: str,
    iati_identifier: str | None = None,
    actor: str = "system",
) -> ChildActivity:
    """Publish a partner agreement as a child activity (hierarchy 2) of ``programme``."""
    agr = get_partner_agreement(session, partner_agreement, programme)
    ident = iati_identifier or f"{programme.iati_identifier}-{agr.component.code}-{agr.partner.short_name}"
    c = Collector()
    c.check(
        ident.startswith(programme.iati_identifier + "-"),
        "iati_identifier",
        f"must start with the programme's identifier {programme.iati_identifier}-",
    )
    c.check(
        not any(ch in ident for ch in "/&|? ") and ident == ident.strip(),
        "iati_identifier",
        "must not contain spaces or / & | ? (IATI rules 1.3.1, 1.3.13)",
    )
    c.raise_if_any()
    if session.scalar(select(ChildActivity.id).where(ChildActivity.partner_agreement_id == agr.id)):
        raise Refused.of("partner_agreement", f"{partner_agreement} is already a child activity")
    row = ChildActivity(
        programme_id=programme.id,
        partner_agreement_id=agr.id,
        iati_identifier=ident,
        title=f"{programme.code}: {agr.component.name} ({agr.partner.name})",
    )
    session.add(row)
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="create",
        entity="child_activity",
        entity_id=row.id,
        detail={"iati_identifier": ident},
    )
    return row


def programme_results(session: Session, programme: Programme) -> list[Result]:
    """The results of ``programme`` in the order entered."""
    return list(
        session.scalars(select(Result).where(Result.programme_id == programme.id).order_by(Result.id))
    )


def child_activities(session: Session, programme: Programme) -> list[ChildActivity]:
    """The child activities of ``programme`` in the order entered."""
    return list(
        session.scalars(
            select(ChildActivity).where(ChildActivity.programme_id == programme.id).order_by(ChildActivity.id)
        )
    )


def get_indicator(session: Session, indicator_id: int) -> Indicator:
    """The indicator with ``indicator_id``."""
    row = session.get(Indicator, indicator_id)
    if row is None:
        raise NotFoundError.of("indicator", f"no indicator {indicator_id}")
    return row
