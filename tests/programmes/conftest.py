"""Fixtures for the programme-ledger tests.

``db_url`` runs every test on SQLite (a file under tmp_path) and on PostgreSQL (a fresh
``migralex_t_<random>`` database created next to ``$DATABASE_URL``, dropped at the end;
skipped when ``DATABASE_URL`` is unset). Both are created by the Alembic migrations only.

Each test builds its own small programme (``scenario``), modelled on RMGP-TWB with
illustrative amounts, under a unique code, so tests never see each other's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from migralex.db.migrate import upgrade
from migralex.db.session import make_engine, make_session_factory
from migralex.programmes import agreements, ledger, structure
from migralex.programmes.agreements import AgreementPolicy
from migralex.programmes.models import Programme
from migralex.programmes.structure import Share
from tests.databases import BACKENDS, fresh_database

#: The tests' "today": after the recorded transactions, inside the programme period.
TODAY = date(2026, 6, 30)
WB6 = ("AL", "BA", "ME", "MK", "RS", "XK")


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A freshly migrated database URL, once per backend per test session."""
    with fresh_database(request.param, tmp_path_factory, "migralex_t") as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    """Engine for ``db_url``."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Session factory bound to the test database."""
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session; whatever the test leaves uncommitted is rolled back."""
    with session_factory() as s:
        yield s
        s.rollback()


@dataclass
class Scenario:
    """A miniature RMGP-TWB: Denmark leads, the UK co-funds with money earmarked for the WB6."""

    code: str
    suffix: str
    dk: str  # Danish agreement ref (lead)
    uk: str  # UK agreement ref (co-donor, WB6 earmark)
    iom: str  # IOM partner agreement (BMM, WB6 + TR)
    giz: str  # GIZ partner agreement (LAB, WB6)

    def programme(self, session: Session) -> Programme:
        """The scenario's programme, loaded in ``session``."""
        from migralex.programmes.common import get_programme

        return get_programme(session, self.code)


def ensure_org(session: Session, short_name: str, name: str, ref: str | None, org_type: str | None) -> None:
    """Create an organisation once per database (organisations are shared by programmes)."""
    from sqlalchemy import select

    from migralex.programmes.models import Organisation

    if session.scalar(select(Organisation.id).where(Organisation.short_name == short_name)) is None:
        structure.add_organisation(
            session, short_name=short_name, name=name, iati_ref=ref, iati_type=org_type
        )


def ensure_rate(session: Session, currency: str, rate: str, on: date) -> None:
    """Record an illustrative booking rate currency->DKK once per database."""
    from migralex.programmes.common import find_rate

    found = find_rate(session, currency, "DKK", on)
    if found is None or found.rate_date != on:
        ledger.record_exchange_rate(
            session,
            from_currency=currency,
            to_currency="DKK",
            rate=rate,
            rate_date=on,
            source="illustrative test rate",
            kind="booking",
        )


def build_scenario(session: Session) -> Scenario:
    """Build and commit the miniature programme. Amounts are illustrative test numbers."""
    suffix = uuid.uuid4().hex[:8].upper()
    ensure_org(session, "DK-MFA", "Ministry of Foreign Affairs of Denmark", "XM-DAC-3-1", "10")
    ensure_org(session, "FCDO", "Foreign, Commonwealth and Development Office", "GB-GOV-1", "10")
    ensure_org(session, "IOM", "International Organization for Migration", "XM-DAC-47066", "40")
    ensure_org(session, "GIZ", "Deutsche Gesellschaft für Internationale Zusammenarbeit", "XM-DAC-5-52", "10")
    ensure_org(session, "DIHR", "Danish Institute for Human Rights", None, None)
    code = f"T-{suffix}"
    prog = structure.create_programme(
        session,
        code=code,
        title=f"Test programme {suffix}",
        iati_identifier=f"XM-DAC-3-1-TEST-{suffix}",
        reporting_org="DK-MFA",
        base_currency="DKK",
        start_date=date(2025, 1, 1),
        end_date=date(2030, 12, 31),
        description="Miniature of RMGP-TWB for tests (illustrative).",
        total_budget=Decimal("300000000"),
        actual_start_date=date(2025, 7, 1),
    )
    structure.set_geography(session, prog, [Share("TR", "40")] + [Share(c, "10") for c in WB6])
    structure.set_sectors(session, prog, [Share("15190", "100")])
    structure.add_component(
        session, prog, code="BMM", name="Border and migration management", sector_code="15190"
    )
    structure.add_component(session, prog, code="LAB", name="Labour-market access", sector_code="16020")
    structure.add_component(session, prog, code="CTS", name="Countering trafficking and smuggling")
    for org, role in (
        ("DK-MFA", "1"),
        ("DK-MFA", "2"),
        ("DK-MFA", "3"),
        ("FCDO", "1"),
        ("IOM", "4"),
        ("GIZ", "4"),
        ("DIHR", "4"),
    ):
        structure.add_participant(session, prog, organisation=org, role=role)
    dk = agreements.add_donor_agreement(
        session,
        prog,
        donor="DK-MFA",
        ref=f"DK-{suffix}",
        title="Danish appropriation",
        instrument="programme_appropriation",
        role="lead",
        currency="DKK",
        valid_from=date(2025, 1, 1),
        valid_to=date(2030, 12, 31),
        policy=AgreementPolicy(major_adjustment_percent=Decimal("10")),
    )
    agreements.add_contribution(
        session,
        dk,
        amount="274300000",
        currency="DKK",
        period_start=date(2025, 1, 1),
        period_end=date(2030, 12, 31),
        value_date=date(2025, 1, 1),
        label="Danish share",
    )
    uk = agreements.add_donor_agreement(
        session,
        prog,
        donor="FCDO",
        ref=f"UK-{suffix}",
        title="UK-Denmark MoU",
        instrument="delegated_cooperation",
        role="co_donor",
        currency="DKK",
        valid_from=date(2025, 4, 1),
        valid_to=date(2027, 3, 31),
        signed_on=date(2026, 2, 18),
        policy=AgreementPolicy(
            major_adjustment_amount=Decimal("2000000"),
            irregularity_notice_days=0,
            activity_report_months=3,
            financial_report_months=6,
        ),
    )
    agreements.add_contribution(
        session,
        uk,
        amount="25700000",
        currency="DKK",
        period_start=date(2025, 4, 1),
        period_end=date(2026, 12, 31),
        value_date=date(2026, 2, 18),
        label="UK FY25-26",
    )
    agreements.add_earmark(
        session,
        uk,
        name="Western Balkans",
        amount="25700000",
        currency="DKK",
        value_date=date(2026, 2, 18),
        countries=WB6,
    )
    structure.add_partner_agreement(
        session,
        prog,
        partner="IOM",
        component="BMM",
        ref=f"IOM-{suffix}",
        countries=[*WB6, "TR"],
        start_date=date(2025, 7, 1),
        end_date=date(2030, 6, 30),
        ceiling="100000000",
        currency="DKK",
    )
    structure.add_partner_agreement(
        session,
        prog,
        partner="GIZ",
        component="LAB",
        ref=f"GIZ-{suffix}",
        countries=list(WB6),
        start_date=date(2025, 7, 1),
        end_date=date(2030, 6, 30),
        ceiling="10000000",
        currency="EUR",
    )
    ensure_rate(session, "EUR", "7.4600", date(2025, 7, 1))
    ledger.record_outgoing_commitment(
        session,
        prog,
        partner_agreement=f"IOM-{suffix}",
        reference=f"IOM-C1-{suffix}",
        amount="40000000",
        currency="DKK",
        transaction_date=date(2025, 9, 1),
        today=TODAY,
    )
    session.commit()
    return Scenario(code=code, suffix=suffix, dk=dk.ref, uk=uk.ref, iom=f"IOM-{suffix}", giz=f"GIZ-{suffix}")


@pytest.fixture
def scenario(session: Session) -> Scenario:
    """A committed miniature programme of one's own."""
    return build_scenario(session)
