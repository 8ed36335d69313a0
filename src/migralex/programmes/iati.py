"""IATI 2.03 activity XML: export a programme, and validate any activity file offline.

The export is a pure function of the ledger model::

    programme        -> iati-activity (hierarchy 1), reporting org, title, descriptions
    participants     -> participating-org (role 1 funding, 2 accountable, 3 extending, 4 implementing)
    geography        -> recipient-country / recipient-region with percentages (activity level only)
    sectors          -> sector (DAC 5-digit, vocabulary 1) with percentages
    current budgets  -> budget (one per period of at most a year; type original/revised)
    ledger entries   -> transaction (11 incoming commitment, 1 incoming funds, 2 outgoing
                        commitment, 3 disbursement, 4 expenditure); an entry and its reversal
                        cancel out and are both left out
    documents        -> document-link (published ones only)
    donor agreements -> conditions (fiduciary: reporting and consultation duties)

Validation (:func:`validate`) runs three layers and reports every problem with its line:

1. the official XSDs vendored in ``iati_schema/`` (lxml, no network);
2. code lists (:mod:`migralex.programmes.codelists`): XSDs do not check them;
3. the IATI ruleset checks the programme relies on: percentages add up to 100, budget
   periods at most one year, no future dates, identifier prefix, geography and sector
   either at activity level or on every transaction, a start date, currencies.

Meetings, consultations, irregularities, exchange-rate provenance and earmark
attribution stay internal: they are not IATI elements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import cast

from lxml import etree
from sqlalchemy.orm import Session

from migralex.programmes import codelists as cl
from migralex.programmes import consistency, rulesets
from migralex.programmes.classification import entry_classifications
from migralex.programmes.earmarks import agreement_capacity
from migralex.programmes.governance import current_budgets
from migralex.programmes.ledger import ledger
from migralex.programmes.models import (
    BudgetLine,
    ChildActivity,
    EntryClassification,
    LedgerEntry,
    Organisation,
    Programme,
    Result,
)
from migralex.programmes.orgids import REGISTRATION_AGENCIES, org_id_format_problem, org_id_problem
from migralex.programmes.results import child_activities, programme_results

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: OECD DAC region 89 "Europe, regional": the region of the programme's recipient countries,
#: used for a child activity that works in several of them without a recorded split.
PARTNER_REGION = "89"
TRANSACTION_CODES = {
    "incoming_commitment": "11",
    "incoming_funds": "1",
    "outgoing_commitment": "2",
    "disbursement": "3",
    "expenditure": "4",
}


def schema_dir() -> Path:
    """Directory holding the vendored IATI 2.03 XSDs."""
    return Path(str(resources.files("migralex.programmes") / "iati_schema"))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


@lru_cache(maxsize=2)
def load_schema(name: str = "iati-activities-schema.xsd") -> etree.XMLSchema:
    """The official XSD, loaded offline from the package (cached)."""
    return etree.XMLSchema(etree.parse(str(schema_dir() / name), _parser()))


# ---- export ----------------------------------------------------------------------------------


def _line(el: object) -> int | None:
    """Source line of an element (lxml stubs type it loosely)."""
    value = getattr(el, "sourceline", None)
    return value if isinstance(value, int) else None


def _narrative(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if text is not None:
        etree.SubElement(el, "narrative").text = text
    return el


def _org(parent: etree._Element, tag: str, org: Organisation | None, **attrs: str | None) -> None:
    if org is None:
        return
    el = etree.SubElement(parent, tag)
    if org.iati_ref:
        el.set("ref", org.iati_ref)
    if org.iati_type:
        el.set("type", org.iati_type)
    for key, value in attrs.items():
        if value:
            el.set(key.replace("_", "-"), value)
    etree.SubElement(el, "narrative").text = org.name


def _amount(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def _value(parent: etree._Element, amount: Decimal, currency: str, value_date: date) -> None:
    el = etree.SubElement(parent, "value", currency=currency)
    el.set("value-date", value_date.isoformat())
    el.text = _amount(amount)


def _published_entries(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    entries = list(entries)
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id is not None}
    return [e for e in entries if e.reverses_id is None and e.id not in reversed_ids]


#: (attribute, element) of the DAC classifications, in the XSD's order
_DAC = (
    ("flow_type", "flow-type"),
    ("finance_type", "finance-type"),
    ("aid_type", "aid-type"),
    (
        "tied_status",
        "tied-status",
    ),
)


def _dac(parent: etree._Element, codes: dict[str, str | None], prefix: str) -> None:
    for attr, tag in _DAC:
        code = codes.get(attr)
        if code:
            el = etree.SubElement(parent, prefix + tag, code=code)
            if attr == "aid_type":
                el.set("vocabulary", "1")


def _dac_defaults(act: etree._Element, programme: Programme) -> None:
    if programme.collaboration_type:
        etree.SubElement(act, "collaboration-type", code=programme.collaboration_type)
    defaults = {attr: getattr(programme, f"default_{attr}") for attr, _tag in _DAC}
    _dac(act, defaults, "default-")


def _dac_override(tr: etree._Element, dac: EntryClassification | None) -> None:
    if dac is not None:
        _dac(tr, {attr: getattr(dac, attr) for attr, _tag in _DAC}, "")


def _results(act: etree._Element, results: list[Result]) -> None:
    for r in results:
        el = etree.SubElement(act, "result", type=r.result_type)
        el.set("aggregation-status", "0")
        _narrative(el, "title", r.title)
        if r.description:
            _narrative(el, "description", r.description)
        for ind in r.indicators:
            i = etree.SubElement(
                el, "indicator", measure=ind.measure, ascending="1" if ind.ascending else "0"
            )
            _narrative(i, "title", ind.title)
            if ind.baseline_year is not None:
                b = etree.SubElement(i, "baseline", year=str(ind.baseline_year))
                if ind.baseline_value is not None:
                    b.set("value", _amount(ind.baseline_value))
            for per in ind.periods:
                pe = etree.SubElement(i, "period")
                etree.SubElement(pe, "period-start").set("iso-date", per.period_start.isoformat())
                etree.SubElement(pe, "period-end").set("iso-date", per.period_end.isoformat())
                if per.target_value is not None:
                    etree.SubElement(pe, "target", value=_amount(per.target_value))
                if per.actual_value is not None:
                    etree.SubElement(pe, "actual", value=_amount(per.actual_value))


def _child_activity(
    root: etree._Element, programme: Programme, child: ChildActivity, *, stamp: str, today: date
) -> None:
    """A partner agreement as an activity of hierarchy 2 (no transactions: they stay on the parent)."""
    agr = child.partner_agreement
    act = etree.SubElement(root, "iati-activity")
    act.set("last-updated-datetime", stamp)
    act.set(XML_LANG, "en")
    act.set("default-currency", agr.currency)
    act.set("humanitarian", "0")
    act.set("hierarchy", "2")
    etree.SubElement(act, "iati-identifier").text = child.iati_identifier
    _org(act, "reporting-org", programme.reporting_org)
    _narrative(act, "title", child.title)
    _narrative(
        act,
        "description",
        f"{agr.component.name}, implemented by {agr.partner.name} under "
        f"agreement {agr.ref}; part of {programme.title}.",
    ).set("type", "1")
    for org, role in ((programme.reporting_org, "1"), (agr.partner, "4")):
        el = etree.SubElement(act, "participating-org", role=role)
        if org.iati_ref:
            el.set("ref", org.iati_ref)
        if org.iati_type:
            el.set("type", org.iati_type)
        etree.SubElement(el, "narrative").text = org.name
    etree.SubElement(act, "activity-status", code=programme.activity_status)
    etree.SubElement(act, "activity-date", type="1").set("iso-date", agr.start_date.isoformat())
    if agr.start_date <= today:
        etree.SubElement(act, "activity-date", type="2").set("iso-date", agr.start_date.isoformat())
    etree.SubElement(act, "activity-date", type="3").set("iso-date", agr.end_date.isoformat())
    if len(agr.countries) == 1:
        etree.SubElement(act, "activity-scope", code="4")
        etree.SubElement(act, "recipient-country", code=agr.countries[0], percentage="100")
    else:  # no per-country split is recorded: the region all the countries lie in, at 100 %
        etree.SubElement(act, "activity-scope", code="2")
        etree.SubElement(act, "recipient-region", code=PARTNER_REGION, vocabulary="1", percentage="100")
    sector = agr.component.sector_code or (programme.sectors[0].code if programme.sectors else None)
    if sector:
        etree.SubElement(act, "sector", vocabulary="1", code=sector, percentage="100")
    _dac_defaults(act, programme)
    etree.SubElement(act, "related-activity", ref=programme.iati_identifier, type="1")


def build_activity(
    session: Session, programme: Programme, *, now: datetime | None = None
) -> etree._ElementTree:
    """Build the ``iati-activities`` document for ``programme`` (not yet validated)."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    today = now.date()
    base = programme.base_currency
    root = etree.Element("iati-activities", version="2.03")
    root.set("generated-datetime", stamp)
    entries = ledger(session, programme)
    children = child_activities(session, programme)
    child_ids = {c.partner_agreement_id: c.iati_identifier for c in children}
    if (programme.note and "illustrative" in programme.note.lower()) or any(e.illustrative for e in entries):
        root.append(
            etree.Comment(
                " ILLUSTRATIVE: amounts marked illustrative in the migralex ledger are invented for "
                "demonstration; this is not an official IATI record of the programme. "
            )
        )
    act = etree.SubElement(root, "iati-activity")
    act.set("last-updated-datetime", stamp)
    act.set(XML_LANG, "en")
    act.set("default-currency", base)
    act.set("humanitarian", "0")
    act.set("hierarchy", "1")

    etree.SubElement(act, "iati-identifier").text = programme.iati_identifier
    _org(act, "reporting-org", programme.reporting_org)
    _narrative(act, "title", programme.title)
    _narrative(act, "description", programme.description or programme.title).set("type", "1")
    if programme.objectives:
        _narrative(act, "description", programme.objectives).set("type", "2")
    for part in sorted(programme.participants, key=lambda p: (p.iati_role, p.id)):
        el = etree.SubElement(act, "participating-org")
        org = part.organisation
        if org.iati_ref:
            el.set("ref", org.iati_ref)
        if org.iati_type:
            el.set("type", org.iati_type)
        el.set("role", part.iati_role)
        etree.SubElement(el, "narrative").text = org.name + (f" ({part.label})" if part.label else "")
    etree.SubElement(act, "activity-status", code=programme.activity_status)
    etree.SubElement(act, "activity-date", type="1").set("iso-date", programme.start_date.isoformat())
    if programme.actual_start_date and programme.actual_start_date <= today:
        etree.SubElement(act, "activity-date", type="2").set(
            "iso-date", programme.actual_start_date.isoformat()
        )
    etree.SubElement(act, "activity-date", type="3").set("iso-date", programme.end_date.isoformat())
    countries = [g for g in programme.geography if g.kind == "country"]
    regions = [g for g in programme.geography if g.kind == "region"]
    if programme.geography:
        scope = "2" if regions or len(countries) > 1 else "4"
        etree.SubElement(act, "activity-scope", code=scope)
    for g in countries:
        etree.SubElement(act, "recipient-country", code=g.code, percentage=_amount(g.percentage))
    for g in regions:
        etree.SubElement(
            act,
            "recipient-region",
            code=g.code,
            vocabulary=g.vocabulary or "1",
            percentage=_amount(g.percentage),
        )
    for s in programme.sectors:
        etree.SubElement(
            act, "sector", vocabulary=s.vocabulary, code=s.code, percentage=_amount(s.percentage)
        )
    _dac_defaults(act, programme)

    groups: dict[tuple[date, date], list[BudgetLine]] = defaultdict(list)
    for b in current_budgets(session, programme):
        groups[(b.period_start, b.period_end)].append(b)
    for (start, end), lines in sorted(groups.items()):
        top = [b for b in lines if b.component_id is None]
        chosen = top or lines
        currencies = {b.currency for b in chosen}
        if len(currencies) != 1:
            continue  # mixed-currency component budgets are not summed
        el = etree.SubElement(act, "budget")
        el.set("type", "2" if any(b.budget_type == "2" for b in chosen) else "1")
        el.set("status", "2" if all(b.status == "2" for b in chosen) else "1")
        etree.SubElement(el, "period-start").set("iso-date", start.isoformat())
        etree.SubElement(el, "period-end").set("iso-date", end.isoformat())
        _value(el, sum((b.amount for b in chosen), Decimal(0)), currencies.pop(), start)

    agreements = {a.id: a for a in programme.donor_agreements}
    published = _published_entries(entries)
    overrides = entry_classifications(session, published)
    for e in published:
        tr = etree.SubElement(act, "transaction", ref=e.reference)
        outgoing = not e.entry_type.startswith("incoming")
        etree.SubElement(tr, "transaction-type", code=TRANSACTION_CODES[e.entry_type])
        etree.SubElement(tr, "transaction-date").set("iso-date", e.transaction_date.isoformat())
        _value(tr, e.amount, e.currency, e.value_date)
        if e.description:
            _narrative(tr, "description", e.description)
        agr = agreements.get(e.donor_agreement_id) if e.donor_agreement_id else None
        if not outgoing:
            _org(
                tr, "provider-org", e.provider_org, provider_activity_id=agr.iati_activity_id if agr else None
            )
        provider = e.provider_org or (programme.reporting_org if outgoing else None)
        if outgoing:
            _org(tr, "provider-org", provider, provider_activity_id=programme.iati_identifier)
        _org(
            tr,
            "receiver-org",
            e.receiver_org,
            receiver_activity_id=programme.iati_identifier
            if not outgoing
            else child_ids.get(e.partner_agreement_id or 0),
        )
        _dac_override(tr, overrides.get(e.id))
    for doc in programme.documents:
        if not doc.publish:
            continue
        link = etree.SubElement(act, "document-link", format=doc.format, url=doc.url)
        _narrative(link, "title", doc.title)
        etree.SubElement(link, "category", code=doc.category)
        if doc.language:
            etree.SubElement(link, "language", code=doc.language)
        if doc.document_date:
            etree.SubElement(link, "document-date").set("iso-date", doc.document_date.isoformat())
    for child in children:
        etree.SubElement(act, "related-activity", ref=child.iati_identifier, type="2")
    if any(a.role == "co_donor" for a in programme.donor_agreements):
        conds = etree.SubElement(act, "conditions", attached="1")
        _narrative(
            conds,
            "condition",
            "Reporting to all donors on activities, financial management and irregularities "
            "(irregularities without delay); joint consultation of all donors before major "
            "programme adjustments.",
        ).set("type", "3")
    _results(act, programme_results(session, programme))
    for child in children:
        _child_activity(root, programme, child, stamp=stamp, today=today)
    return etree.ElementTree(root)


def to_bytes(doc: etree._ElementTree) -> bytes:
    """Serialise with an XML declaration, UTF-8, indented."""
    etree.indent(doc, space="  ")
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ---- validation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IatiProblem:
    """One validation problem.

    ``layer`` is ``schema``, ``codelist``, ``rule`` (official IATI Rulesets, with
    ``rule_id``) or ``consistency`` (this project's own checks); ``severity`` is
    ``error`` or ``warning`` (official warnings; everything else is an error).
    """

    layer: str
    line: int | None
    message: str
    severity: str = "error"
    rule_id: str | None = None

    @property
    def is_error(self) -> bool:
        """True unless the official rule is only a warning."""
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        tag = self.layer if self.severity == "error" else f"{self.layer} warning"
        return f"[{tag}] {where}{self.message}"


class IatiInvalid(Exception):
    """The generated or given XML fails validation; ``problems`` lists why."""

    def __init__(self, problems: list[IatiProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:10]))


def _d(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _dec(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except ArithmeticError:
        return None


def _codelists(act: etree._Element, out: list[IatiProblem]) -> None:
    def check(xpath: str, allowed: Iterable[str], name: str) -> None:
        allowed_set = set(allowed)
        result = act.xpath(xpath)
        if not isinstance(result, list):
            return
        for value in result:
            if isinstance(value, str) and value not in allowed_set:
                getparent = getattr(value, "getparent", None)
                parent = getparent() if getparent is not None else None
                line = _line(parent)
                out.append(IatiProblem("codelist", line, f"{xpath}: {str(value)!r} is not in {name}"))

    check("reporting-org/@type", cl.ORGANISATION_TYPE, "OrganisationType")
    check("participating-org/@role", cl.ORGANISATION_ROLE, "OrganisationRole")
    check("participating-org/@type", cl.ORGANISATION_TYPE, "OrganisationType")
    check("activity-status/@code", cl.ACTIVITY_STATUS, "ActivityStatus")
    check("activity-date/@type", cl.ACTIVITY_DATE_TYPE, "ActivityDateType")
    check("activity-scope/@code", cl.ACTIVITY_SCOPE, "ActivityScope")
    check("description/@type", cl.DESCRIPTION_TYPE, "DescriptionType")
    check("recipient-country/@code", cl.COUNTRIES, "Country")
    check(
        "recipient-region[@vocabulary='1' or not(@vocabulary)]/@code",
        cl.REGION_DAC,
        "Region (bundled DAC subset)",
    )
    check(
        "sector[@vocabulary='1' or not(@vocabulary)]/@code",
        set(cl.SECTOR_DAC5),
        "Sector (bundled DAC 5-digit subset; withdrawn codes are refused)",
    )
    check("budget/@type", cl.BUDGET_TYPE, "BudgetType")
    check("budget/@status", cl.BUDGET_STATUS, "BudgetStatus")
    check("transaction/transaction-type/@code", cl.TRANSACTION_TYPE, "TransactionType")
    check(
        "transaction/provider-org/@type | transaction/receiver-org/@type",
        cl.ORGANISATION_TYPE,
        "OrganisationType",
    )
    check("@default-currency", cl.CURRENCIES, "Currency")
    check(".//value/@currency", cl.CURRENCIES, "Currency")
    check("document-link/category/@code", cl.DOCUMENT_CATEGORY, "DocumentCategory")
    check("document-link/@format", cl.FILE_FORMAT, "FileFormat (bundled subset)")
    check("document-link/language/@code", cl.LANGUAGE, "Language (bundled subset)")
    check("conditions/condition/@type", cl.CONDITION_TYPE, "ConditionType")
    check("collaboration-type/@code", cl.COLLABORATION_TYPE, "CollaborationType")
    check("default-tied-status/@code | transaction/tied-status/@code", cl.TIED_STATUS, "TiedStatus")
    check("default-flow-type/@code | transaction/flow-type/@code", cl.FLOW_TYPE, "FlowType")
    check(
        "default-finance-type/@code | transaction/finance-type/@code",
        cl.FINANCE_TYPE,
        "FinanceType (bundled subset)",
    )
    check(
        "default-aid-type[@vocabulary='1' or not(@vocabulary)]/@code"
        " | transaction/aid-type[@vocabulary='1' or not(@vocabulary)]/@code",
        cl.AID_TYPE,
        "AidType (bundled subset)",
    )
    refs = act.xpath(
        "reporting-org/@ref | participating-org/@ref | transaction/provider-org/@ref"
        " | transaction/receiver-org/@ref"
    )
    for ref in refs if isinstance(refs, list) else []:
        if not isinstance(ref, str) or not ref:
            continue
        getparent = getattr(ref, "getparent", None)
        owner = getparent() if getparent is not None else None
        tag = str(owner.tag) if owner is not None else "?"
        problem = org_id_problem(ref)
        if problem is not None:
            severe = org_id_format_problem(ref) is not None
            out.append(
                IatiProblem(
                    "codelist",
                    _line(owner),
                    f"{tag}/@ref: {problem}",
                    severity="error" if severe else "warning",
                )
            )
    check("result/@type", cl.RESULT_TYPE, "ResultType")
    check("result/indicator/@measure", cl.INDICATOR_MEASURE, "IndicatorMeasure")
    check("related-activity/@type", cl.RELATED_ACTIVITY_TYPE, "RelatedActivityType")


def _official(root: etree._Element, now: datetime, out: list[IatiProblem]) -> None:
    for f in rulesets.run(rulesets.STANDARD, root, now=now, id_sets={"ORG-ID-PREFIX": REGISTRATION_AGENCIES}):
        detail = f" ({f.detail})" if f.detail else ""
        out.append(
            IatiProblem(
                "rule",
                f.line,
                f"{f.info.id}: {f.element}: {f.info.message}{detail}",
                severity=f.info.severity,
                rule_id=f.info.id,
            )
        )


def validate(
    doc: etree._ElementTree | bytes,
    *,
    today: date | None = None,
    now: datetime | None = None,
    total_commitment: Decimal | None = None,
    accepted: frozenset[str] = frozenset(),
) -> list[IatiProblem]:
    """Every problem in an IATI 2.03 activity document: schema, code lists, official rules.

    ``now`` is the moment the official date rules compare with (default: the end of
    ``today`` when only a date is given, else the current time).
    """
    if now is None:
        now = (
            datetime.combine(today, datetime.max.time(), tzinfo=UTC).replace(microsecond=0)
            if today is not None
            else datetime.now(UTC)
        )
    today = now.date()
    tree = etree.ElementTree(etree.fromstring(doc, _parser())) if isinstance(doc, bytes) else doc
    problems: list[IatiProblem] = []
    schema = load_schema()
    if not schema.validate(tree):
        log = cast(Iterable[etree._LogEntry], schema.error_log)
        problems += [IatiProblem("schema", e.line, e.message) for e in log]
    root = tree.getroot()
    if root.tag != "iati-activities":
        return problems or [IatiProblem("schema", _line(root), "the root element must be iati-activities")]
    for act in root.findall("iati-activity"):
        _codelists(act, problems)
        for s in act.findall("sector"):
            if s.get("vocabulary", "1") == "1" and s.get("code") in cl.SECTOR_WITHDRAWN:
                problems.append(
                    IatiProblem(
                        "codelist", _line(s), f"sector {s.get('code')} is withdrawn and must not be used"
                    )
                )
    _official(root, now, problems)
    for i in consistency.check(root, total_commitment=total_commitment, accepted=accepted):
        problems.append(IatiProblem("consistency", i.line, i.message, rule_id=i.rule_id))
    return problems


def validate_file(
    path: str | Path,
    *,
    today: date | None = None,
    now: datetime | None = None,
    total_commitment: Decimal | None = None,
) -> list[IatiProblem]:
    """Validate an IATI activity file on disk (offline)."""
    try:
        tree = etree.parse(str(path), _parser())
    except etree.XMLSyntaxError as exc:
        return [IatiProblem("schema", exc.lineno, f"not well-formed XML: {exc.msg}")]
    return validate(tree, today=today, now=now, total_commitment=total_commitment)


def total_commitment(programme: Programme) -> Decimal:
    """What the donors have pledged, in the programme's base currency (contribution lines)."""
    return sum((agreement_capacity(a) for a in programme.donor_agreements), Decimal(0))


def export_activity(session: Session, programme: Programme, *, now: datetime | None = None) -> bytes:
    """The programme as validated IATI 2.03 XML bytes; raises :class:`IatiInvalid` otherwise."""
    now = now or datetime.now(UTC)
    doc = build_activity(session, programme, now=now)
    data = to_bytes(doc)
    problems = [
        p
        for p in validate(
            data,
            now=now,
            total_commitment=total_commitment(programme),
            accepted=frozenset(o.rule_id for o in consistency.overrides(session, programme)),
        )
        if p.is_error
    ]
    if problems:
        raise IatiInvalid(problems)
    return data
