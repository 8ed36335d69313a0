"""DAC classifications of a programme and of single ledger entries (IATI codelists).

The programme carries the defaults IATI publishes on the activity
(``collaboration-type``, ``default-flow-type``, ``default-finance-type``,
``default-aid-type`` vocabulary 1, ``default-tied-status``); a ledger entry whose
classification differs (e.g. a co-donor's contribution to a multi-donor programme, aid
type B031) records an override, which the export writes on that transaction. Every code is
checked against the vendored codelists; a withdrawn or unknown code is refused naming the
field, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes import codelists as cl
from migralex.programmes.common import audit, utcnow
from migralex.programmes.errors import Collector, Refused
from migralex.programmes.ledger import get_entry
from migralex.programmes.models import EntryClassification, LedgerEntry, Programme

#: field -> (codelist, its name) for the transaction-level classifications
_ENTRY_LISTS: dict[str, tuple[dict[str, str], str]] = {
    "flow_type": (cl.FLOW_TYPE, "FlowType"),
    "finance_type": (cl.FINANCE_TYPE, "FinanceType (bundled subset)"),
    "aid_type": (cl.AID_TYPE, "AidType vocabulary 1 (bundled subset)"),
    "tied_status": (cl.TIED_STATUS, "TiedStatus"),
}


@dataclass(frozen=True)
class Dac:
    """DAC codes; ``None`` means "not given" (the default applies)."""

    flow_type: str | None = None
    finance_type: str | None = None
    aid_type: str | None = None
    tied_status: str | None = None


def _check(field: str, code: str | None, c: Collector, prefix: str = "") -> None:
    if code is None:
        return
    codes, name = _ENTRY_LISTS.get(field, (cl.COLLABORATION_TYPE, "CollaborationType"))
    if field == "flow_type" and code in cl.FLOW_TYPE_WITHDRAWN:
        c.add(prefix + field, f"FlowType {code!r} is withdrawn and must not be used")
    else:
        c.check(code in codes, prefix + field, f"unknown {name} code {code!r}")


def set_programme_classification(
    session: Session,
    programme: Programme,
    *,
    collaboration_type: str,
    defaults: Dac,
    actor: str = "system",
) -> None:
    """Set the programme's collaboration type and default flow, finance, aid type and tied status."""
    c = Collector()
    _check("collaboration_type", collaboration_type, c)
    for field in _ENTRY_LISTS:
        code = getattr(defaults, field)
        c.check(code is not None, f"default_{field}", "is required")
        _check(field, code, c, prefix="default_")
    c.raise_if_any()
    programme.collaboration_type = collaboration_type
    programme.default_flow_type = defaults.flow_type
    programme.default_finance_type = defaults.finance_type
    programme.default_aid_type = defaults.aid_type
    programme.default_tied_status = defaults.tied_status
    session.flush()
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="classify",
        entity="programme",
        entity_id=programme.id,
        detail={"collaboration_type": collaboration_type, **defaults.__dict__},
    )


def classify_entry(
    session: Session, reference: str, dac: Dac, *, reason: str, actor: str = "system"
) -> EntryClassification:
    """Record the DAC codes of one ledger entry that differ from the programme defaults."""
    entry = get_entry(session, reference)
    c = Collector()
    given = {f: getattr(dac, f) for f in _ENTRY_LISTS if getattr(dac, f) is not None}
    c.check(bool(given), "dac", "give at least one of flow_type, finance_type, aid_type, tied_status")
    for field, code in given.items():
        _check(field, code, c)
    c.check(bool(reason.strip()), "reason", "is required (why this entry differs from the defaults)")
    c.raise_if_any()
    if session.scalar(select(EntryClassification.id).where(EntryClassification.ledger_entry_id == entry.id)):
        raise Refused.of("reference", f"{reference} is already classified; classifications are append-only")
    row = EntryClassification(ledger_entry_id=entry.id, reason=reason, recorded_at=utcnow(), **given)
    session.add(row)
    session.flush()
    audit(
        session,
        programme_id=entry.programme_id,
        actor=actor,
        action="classify",
        entity="ledger_entry",
        entity_id=entry.id,
        reason=reason,
        detail=given,
    )
    return row


def entry_classifications(session: Session, entries: list[LedgerEntry]) -> dict[int, EntryClassification]:
    """The overrides of ``entries``, by ledger entry id."""
    ids = [e.id for e in entries]
    if not ids:
        return {}
    rows = session.scalars(select(EntryClassification).where(EntryClassification.ledger_entry_id.in_(ids)))
    return {r.ledger_entry_id: r for r in rows}
