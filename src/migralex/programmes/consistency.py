"""Consistency rules beyond the official IATI Rulesets, checked on the activity XML.

Each rule has an id (``consistency.*``), names the element and its line, and is an error:
``programme export-iati`` and ``programme validate-iati`` refuse a file that fails one,
unless an override records who decided to publish anyway and why
(:func:`record_override`; append-only).

* ``consistency.budget-total``: the budgets add up to no more than the total commitment
  (the donors' contributions, in the activity's default currency);
* ``consistency.status-dates``: the activity status agrees with the actual dates
  (implementation or later has an actual start; closed has an actual end; pipeline has
  neither);
* ``consistency.value-currency``: every value states its currency and value date;
* ``consistency.percent-vocabulary``: within each vocabulary, sector percentages are all
  given and add up to 100; so are recipient country and region percentages (countries plus
  the regions of one region vocabulary).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes.common import audit, utcnow
from migralex.programmes.errors import Collector
from migralex.programmes.models import ConsistencyOverride, Programme

RULES: dict[str, str] = {
    "consistency.budget-total": "budgets must not add up to more than the total commitment",
    "consistency.status-dates": "the activity status must agree with the actual start and end dates",
    "consistency.value-currency": "every value must state its currency and value date",
    "consistency.percent-vocabulary": "percentages must be given and add up to 100 within each vocabulary",
}
HUNDRED = Decimal(100)


class Inconsistency:
    """One failed consistency rule: rule id, element, line and what is wrong."""

    def __init__(self, rule_id: str, element: etree._Element, detail: str) -> None:
        self.rule_id = rule_id
        self.element = str(element.tag)
        line = element.sourceline
        self.line = line if isinstance(line, int) else None
        self.detail = detail

    @property
    def message(self) -> str:
        """``rule: element: detail``."""
        return f"{self.rule_id}: {self.element}: {self.detail}"


def _dec(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except (InvalidOperation, ValueError):
        return None


def _percentages(els: list[etree._Element], what: str, out: list[Inconsistency]) -> None:
    if not els:
        return
    values = [_dec(e.get("percentage")) for e in els]
    if len(els) == 1 and values[0] is None:
        return
    if any(v is None for v in values):
        out.append(
            Inconsistency("consistency.percent-vocabulary", els[0], f"every {what} needs a percentage")
        )
        return
    total = sum((v for v in values if v is not None), Decimal(0))
    if total != HUNDRED:
        out.append(
            Inconsistency(
                "consistency.percent-vocabulary",
                els[0],
                f"{what} percentages add up to {total.normalize():f}, not 100",
            )
        )


def _activity(act: etree._Element, total_commitment: Decimal | None, out: list[Inconsistency]) -> None:
    status_el = act.find("activity-status")
    dates = {d.get("type") for d in act.findall("activity-date")}
    status = status_el.get("code") if status_el is not None else None
    if status_el is not None:
        if status in ("2", "3", "4") and "2" not in dates:
            out.append(
                Inconsistency(
                    "consistency.status-dates",
                    status_el,
                    f"status {status} but no actual start date (type 2)",
                )
            )
        if status == "4" and "4" not in dates:
            out.append(
                Inconsistency("consistency.status-dates", status_el, "closed but no actual end date (type 4)")
            )
        if status == "1" and dates & {"2", "4"}:
            out.append(Inconsistency("consistency.status-dates", status_el, "pipeline but with actual dates"))
    for v in act.iter("value"):
        missing = [a for a in ("currency", "value-date") if not v.get(a)]
        if missing:
            out.append(Inconsistency("consistency.value-currency", v, "no " + " and no ".join(missing)))
    by_vocab: dict[str, list[etree._Element]] = defaultdict(list)
    for s in act.findall("sector"):
        by_vocab[s.get("vocabulary", "1")].append(s)
    for vocab, sectors in sorted(by_vocab.items()):
        _percentages(sectors, f"sector (vocabulary {vocab})", out)
    countries = act.findall("recipient-country")
    regions: dict[str, list[etree._Element]] = defaultdict(list)
    for r in act.findall("recipient-region"):
        regions[r.get("vocabulary", "1")].append(r)
    if not regions:
        _percentages(countries, "recipient country", out)
    for vocab, rs in sorted(regions.items()):
        _percentages(countries + rs, f"recipient country and region (region vocabulary {vocab})", out)
    budgets = act.findall("budget")
    if total_commitment is not None and budgets:
        total = sum((_dec(b.findtext("value")) or Decimal(0) for b in budgets), Decimal(0))
        if total > total_commitment:
            out.append(
                Inconsistency(
                    "consistency.budget-total",
                    budgets[-1],
                    f"budgets add up to {total.normalize():f} {act.get('default-currency', '')}, "
                    "more than the "
                    f"total commitment {total_commitment.normalize():f}",
                )
            )


def check(
    root: etree._Element, *, total_commitment: Decimal | None = None, accepted: frozenset[str] = frozenset()
) -> list[Inconsistency]:
    """Every consistency failure of the hierarchy-1 activities (and children, except budgets)."""
    out: list[Inconsistency] = []
    for act in root.findall("iati-activity"):
        top = act.get("hierarchy", "1") == "1"
        _activity(act, total_commitment if top else None, out)
    return [i for i in out if i.rule_id not in accepted]


def record_override(
    session: Session, programme: Programme, rule_id: str, *, reason: str, actor: str
) -> ConsistencyOverride:
    """Record that ``programme`` is published despite ``rule_id``, and why."""
    c = Collector()
    c.check(rule_id in RULES, "rule", f"unknown consistency rule {rule_id!r} (known: {', '.join(RULES)})")
    c.check(bool(reason.strip()), "reason", "is required (why the programme is published anyway)")
    c.check(bool(actor.strip()), "actor", "is required (who decided)")
    c.raise_if_any()
    row = ConsistencyOverride(
        programme_id=programme.id, rule_id=rule_id, reason=reason, actor=actor, recorded_at=utcnow()
    )
    session.add(row)
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="override",
        entity="consistency_rule",
        entity_id=row.id,
        reason=reason,
        detail={"rule": rule_id},
    )
    return row


def overrides(session: Session, programme: Programme) -> list[ConsistencyOverride]:
    """The recorded overrides of ``programme``."""
    return list(
        session.scalars(
            select(ConsistencyOverride)
            .where(ConsistencyOverride.programme_id == programme.id)
            .order_by(ConsistencyOverride.id)
        )
    )
