"""Setting up a programme: organisations, the programme, geography, sectors, components,
participants (IATI roles), documents and partner agreements.

All functions take an open :class:`~sqlalchemy.orm.Session`, validate their input, add
rows and flush; the caller commits (``with Session.begin(): ...``). On error they raise
:class:`~migralex.programmes.errors.ProgrammeError` before anything is flushed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from migralex.programmes.codelists import (
    ACTIVITY_STATUS,
    DOCUMENT_CATEGORY,
    ORGANISATION_ROLE,
    ORGANISATION_TYPE,
    REGION_DAC,
    SECTOR_DAC5,
    SECTOR_WITHDRAWN,
)
from migralex.programmes.common import (
    as_decimal,
    audit,
    check_amount,
    check_country,
    check_currency,
    check_date_in_programme,
    get_component,
    get_organisation,
    utcnow,
)
from migralex.programmes.errors import Collector, ProgrammeError, Refused
from migralex.programmes.models import (
    Component,
    DocumentLink,
    GeoShare,
    Organisation,
    Participant,
    PartnerAgreement,
    Programme,
    SectorShare,
)
from migralex.programmes.orgids import org_id_problem

HUNDRED = Decimal(100)


def add_organisation(
    session: Session,
    *,
    short_name: str,
    name: str,
    iati_ref: str | None = None,
    iati_type: str | None = None,
    country: str | None = None,
    note: str | None = None,
) -> Organisation:
    """Add an organisation (donor, partner ...). ``iati_type`` is an IATI OrganisationType code."""
    c = Collector()
    c.check(bool(short_name.strip()), "short_name", "is required")
    c.check(bool(name.strip()), "name", "is required")
    if iati_type is not None:
        c.check(iati_type in ORGANISATION_TYPE, "iati_type", f"unknown IATI OrganisationType {iati_type!r}")
    if country is not None:
        check_country(country, "country", c)
    if iati_ref is not None:
        ref_problem = org_id_problem(iati_ref)
        c.check(ref_problem is None, "iati_ref", ref_problem or "")
    if session.scalar(select(Organisation.id).where(Organisation.short_name == short_name)) is not None:
        c.add("short_name", f"an organisation {short_name!r} already exists")
    c.raise_if_any()
    org = Organisation(
        short_name=short_name, name=name, iati_ref=iati_ref, iati_type=iati_type, country=country, note=note
    )
    session.add(org)
    session.flush()
    return org


def create_programme(
    session: Session,
    *,
    code: str,
    title: str,
    iati_identifier: str,
    reporting_org: str,
    base_currency: str,
    start_date: date,
    end_date: date,
    description: str = "",
    objectives: str | None = None,
    total_budget: Decimal | str | None = None,
    activity_status: str = "2",
    actual_start_date: date | None = None,
    finance_act_line: str | None = None,
    managing_unit: str | None = None,
    note: str | None = None,
    actor: str = "system",
) -> Programme:
    """Create a programme; ``reporting_org`` is an organisation's short name."""
    c = Collector()
    c.check(bool(code.strip()) and " " not in code, "code", "is required and must not contain spaces")
    c.check(bool(title.strip()), "title", "is required")
    c.check(
        bool(iati_identifier) and not any(ch in iati_identifier for ch in "/&|?"),
        "iati_identifier",
        "is required and must not contain / & | ? (IATI rule 1.3.13)",
    )
    check_currency(base_currency, "base_currency", c)
    c.check(end_date >= start_date, "end_date", "must not be before start_date")
    c.check(
        activity_status in ACTIVITY_STATUS,
        "activity_status",
        f"unknown IATI ActivityStatus {activity_status!r}",
    )
    budget = (
        check_amount(total_budget, base_currency, "total_budget", c) if total_budget is not None else None
    )
    if session.scalar(select(Programme.id).where(Programme.code == code)) is not None:
        c.add("code", f"a programme {code!r} already exists")
    c.raise_if_any()
    org = get_organisation(session, reporting_org, "reporting_org")
    if org.iati_ref and not iati_identifier.startswith(org.iati_ref + "-"):
        raise ProgrammeError.of(
            "iati_identifier",
            f"must start with the reporting organisation's identifier {org.iati_ref}- (IATI rule 1.1.21)",
        )
    prog = Programme(
        code=code,
        title=title,
        description=description,
        objectives=objectives,
        iati_identifier=iati_identifier,
        reporting_org_id=org.id,
        base_currency=base_currency,
        total_budget=budget,
        activity_status=activity_status,
        start_date=start_date,
        end_date=end_date,
        actual_start_date=actual_start_date,
        finance_act_line=finance_act_line,
        managing_unit=managing_unit,
        note=note,
        created_at=utcnow(),
    )
    session.add(prog)
    session.flush()
    audit(session, programme_id=prog.id, actor=actor, action="create", entity="programme", entity_id=prog.id)
    return prog


@dataclass(frozen=True)
class Share:
    """A code with a percentage, e.g. ``Share("RS", Decimal("10"))``; regions use ``kind="region"``."""

    code: str
    percentage: Decimal | str
    kind: str = "country"
    note: str | None = None


def _check_percentages(shares: Sequence[Share], field: str, c: Collector) -> list[Decimal]:
    values: list[Decimal] = []
    for i, s in enumerate(shares):
        dec = as_decimal(s.percentage, f"{field}[{i}].percentage", c)
        if dec is not None and not (0 < dec <= HUNDRED):
            c.add(f"{field}[{i}].percentage", f"must be between 0 and 100 (got {dec})")
        values.append(dec if dec is not None else Decimal(0))
    if shares and sum(values) != HUNDRED:
        c.add(field, f"percentages must add up to 100 (they add up to {sum(values)})")
    return values


def set_geography(
    session: Session, programme: Programme, shares: Sequence[Share], actor: str = "system"
) -> None:
    """Set the recipient countries / regions and their shares (must add up to 100)."""
    c = Collector()
    c.check(bool(shares), "geography", "at least one recipient country or region is required")
    values = _check_percentages(shares, "geography", c)
    for i, s in enumerate(shares):
        if s.kind == "country":
            check_country(s.code, f"geography[{i}].code", c)
        elif s.kind == "region":
            c.check(
                s.code in REGION_DAC, f"geography[{i}].code", f"region {s.code!r} not in the bundled DAC list"
            )
        else:
            c.add(f"geography[{i}].kind", "must be 'country' or 'region'")
    if programme.geography:
        c.add("geography", "already set for this programme")
    c.raise_if_any()
    for s, pct in zip(shares, values, strict=True):
        session.add(
            GeoShare(
                programme_id=programme.id,
                kind=s.kind,
                code=s.code,
                vocabulary="1" if s.kind == "region" else None,
                percentage=pct,
                note=s.note,
            )
        )
    session.flush()
    session.refresh(programme, ["geography"])
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="set",
        entity="geography",
        entity_id=None,
        detail={s.code: str(v) for s, v in zip(shares, values, strict=True)},
    )


def set_sectors(
    session: Session, programme: Programme, shares: Sequence[Share], actor: str = "system"
) -> None:
    """Set the DAC 5-digit sectors and their shares (must add up to 100)."""
    c = Collector()
    c.check(bool(shares), "sectors", "at least one sector is required")
    values = _check_percentages(shares, "sectors", c)
    for i, s in enumerate(shares):
        if s.code in SECTOR_WITHDRAWN:
            c.add(f"sectors[{i}].code", f"DAC sector {s.code} is withdrawn and must not be used for new data")
        elif s.code not in SECTOR_DAC5:
            c.add(f"sectors[{i}].code", f"DAC sector {s.code!r} is not in the bundled list")
    if programme.sectors:
        c.add("sectors", "already set for this programme")
    c.raise_if_any()
    for s, pct in zip(shares, values, strict=True):
        session.add(SectorShare(programme_id=programme.id, code=s.code, vocabulary="1", percentage=pct))
    session.flush()
    session.refresh(programme, ["sectors"])
    audit(session, programme_id=programme.id, actor=actor, action="set", entity="sectors", entity_id=None)


def add_component(
    session: Session,
    programme: Programme,
    *,
    code: str,
    name: str,
    sector_code: str | None = None,
    note: str | None = None,
) -> Component:
    """Add a component (core area / pillar)."""
    c = Collector()
    c.check(bool(code.strip()), "code", "is required")
    c.check(bool(name.strip()), "name", "is required")
    if sector_code is not None:
        c.check(
            sector_code in SECTOR_DAC5,
            "sector_code",
            f"DAC sector {sector_code!r} is not in the bundled list",
        )
    if any(comp.code == code for comp in programme.components):
        c.add("code", f"programme {programme.code} already has a component {code!r}")
    c.raise_if_any()
    comp = Component(programme_id=programme.id, code=code, name=name, sector_code=sector_code, note=note)
    session.add(comp)
    session.flush()
    session.refresh(programme, ["components"])
    return comp


def add_participant(
    session: Session, programme: Programme, *, organisation: str, role: str, label: str | None = None
) -> Participant:
    """Give an organisation an IATI role (1 funding, 2 accountable, 3 extending, 4 implementing)."""
    if role not in ORGANISATION_ROLE:
        raise ProgrammeError.of("role", f"unknown IATI OrganisationRole {role!r} (expected 1, 2, 3 or 4)")
    org = get_organisation(session, organisation)
    part = Participant(programme_id=programme.id, organisation_id=org.id, iati_role=role, label=label)
    session.add(part)
    session.flush()
    session.refresh(programme, ["participants"])
    return part


def add_document(
    session: Session,
    programme: Programme,
    *,
    title: str,
    url: str,
    category: str,
    format: str = "text/html",
    language: str | None = "en",
    document_date: date | None = None,
    publish: bool = True,
) -> DocumentLink:
    """Attach a document (published as an IATI document-link when ``publish``)."""
    c = Collector()
    c.check(category in DOCUMENT_CATEGORY, "category", f"unknown IATI DocumentCategory {category!r}")
    c.check(url.startswith(("http://", "https://")), "url", "must be an http(s) URL")
    c.raise_if_any()
    doc = DocumentLink(
        programme_id=programme.id,
        title=title,
        url=url,
        category=category,
        format=format,
        language=language,
        document_date=document_date,
        publish=publish,
    )
    session.add(doc)
    session.flush()
    session.refresh(programme, ["documents"])
    return doc


def add_partner_agreement(
    session: Session,
    programme: Programme,
    *,
    partner: str,
    component: str,
    ref: str,
    countries: Sequence[str],
    start_date: date,
    end_date: date,
    ceiling: Decimal | str,
    currency: str,
    note: str | None = None,
    actor: str = "system",
) -> PartnerAgreement:
    """Record an agreement with an implementing partner for one component in ``countries``."""
    c = Collector()
    check_currency(currency, "currency", c)
    amount = check_amount(ceiling, currency, "ceiling", c)
    c.check(bool(countries), "countries", "at least one country is required")
    programme_countries = {g.code for g in programme.geography if g.kind == "country"}
    for i, code in enumerate(countries):
        if (
            check_country(code, f"countries[{i}]", c)
            and programme_countries
            and code not in programme_countries
        ):
            c.add(f"countries[{i}]", f"{code} is not a recipient country of {programme.code}")
    c.check(end_date >= start_date, "end_date", "must not be before start_date")
    check_date_in_programme(programme, start_date, "start_date", c)
    check_date_in_programme(programme, end_date, "end_date", c)
    if session.scalar(select(PartnerAgreement.id).where(PartnerAgreement.ref == ref)) is not None:
        c.add("ref", f"a partner agreement {ref!r} already exists")
    c.raise_if_any()
    org = get_organisation(session, partner, "partner")
    comp = get_component(session, programme, component)
    if not any(p.organisation_id == org.id and p.iati_role == "4" for p in programme.participants):
        raise Refused.of(
            "partner", f"{org.short_name} is not an implementing partner (IATI role 4) of {programme.code}"
        )
    assert amount is not None  # noqa: S101 -- narrows a type for mypy
    agr = PartnerAgreement(
        programme_id=programme.id,
        partner_id=org.id,
        component_id=comp.id,
        ref=ref,
        countries=list(countries),
        start_date=start_date,
        end_date=end_date,
        ceiling=amount,
        currency=currency,
        note=note,
    )
    session.add(agr)
    session.flush()
    session.refresh(programme, ["partner_agreements"])
    audit(
        session,
        programme_id=programme.id,
        actor=actor,
        action="create",
        entity="partner_agreement",
        entity_id=agr.id,
        detail={"ref": ref, "ceiling": str(amount), "currency": currency},
    )
    return agr
