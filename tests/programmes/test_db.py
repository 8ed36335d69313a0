"""The database layer: migrations create the schema, money stays exact, the ledger is append-only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from migralex.db.migrate import alembic_config, current_revision, head_revision, is_up_to_date
from migralex.db.session import make_engine, resolve_url
from migralex.programmes import ledger
from migralex.programmes.models import APPEND_ONLY_TABLES, AppendOnlyViolation, LedgerEntry

from .conftest import TODAY, Scenario


def test_migrations_create_every_table_at_head(engine: Engine) -> None:
    assert is_up_to_date(engine)
    assert current_revision(engine) == head_revision()
    assert (
        ScriptDirectory.from_config(alembic_config()).get_base() == "0001"
    )  # the programme ledger comes first
    tables = set(inspect(engine).get_table_names())
    assert set(APPEND_ONLY_TABLES) <= tables
    assert {
        "programme",
        "donor_agreement",
        "partner_agreement",
        "consultation",
        "irregularity_case",
    } <= tables


def test_url_comes_from_argument_then_env_then_embedded_sqlite(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DATABASE_URL")
    assert resolve_url(None).endswith("var/migralex.sqlite3")


def test_sqlite_engines_enforce_foreign_keys(tmp_path: object) -> None:
    eng = make_engine(f"sqlite:///{tmp_path}/fk.sqlite3")
    with eng.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    eng.dispose()


def test_amounts_and_rates_round_trip_exactly(session: Session, scenario: Scenario) -> None:
    rate = ledger.record_exchange_rate(
        session,
        from_currency="GBP",
        to_currency="DKK",
        rate="8.6123456789",
        rate_date=date(2025, 1, 2),
        source="illustrative",
        kind="planning",
    )
    prog = scenario.programme(session)
    entry = ledger.record_disbursement(
        session,
        prog,
        partner_agreement=scenario.iom,
        reference=f"D-EXACT-{scenario.suffix}",
        amount="1234567.89",
        currency="DKK",
        transaction_date=date(2025, 10, 1),
        country="RS",
        today=TODAY,
    )
    session.commit()
    session.expire_all()
    got = session.scalar(select(LedgerEntry).where(LedgerEntry.id == entry.id))
    assert got is not None
    assert got.amount == Decimal("1234567.89")
    assert isinstance(got.amount, Decimal)
    assert sum(a.base_amount for a in got.attributions) == Decimal("1234567.89")
    session.refresh(rate)
    assert rate.rate == Decimal("8.6123456789")


def test_floats_are_refused_for_money(session: Session, scenario: Scenario) -> None:
    from migralex.programmes.errors import ProgrammeError

    prog = scenario.programme(session)
    with pytest.raises(ProgrammeError, match="amount: must be an exact decimal"):
        ledger.record_disbursement(
            session,
            prog,
            partner_agreement=scenario.iom,
            reference=f"D-FLOAT-{scenario.suffix}",
            amount=0.1,  # type: ignore[arg-type]
            currency="DKK",
            transaction_date=date(2025, 10, 1),
            country="RS",
            today=TODAY,
        )


def test_the_orm_refuses_to_edit_or_delete_a_ledger_row(session: Session, scenario: Scenario) -> None:
    entry = session.scalar(select(LedgerEntry).where(LedgerEntry.reference == f"IOM-C1-{scenario.suffix}"))
    assert entry is not None
    entry.amount = Decimal("1")
    with pytest.raises(AppendOnlyViolation, match="append-only"):
        session.flush()
    session.rollback()
    session.delete(entry)
    with pytest.raises(AppendOnlyViolation, match="append-only"):
        session.flush()
    session.rollback()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entry SET description = 'edited' WHERE reference = :ref",
        "DELETE FROM funding_attribution WHERE ledger_entry_id IN "
        "(SELECT id FROM ledger_entry WHERE reference = :ref)",
        "DELETE FROM ledger_entry WHERE reference = :ref",
    ],
)
def test_the_database_refuses_update_and_delete_of_ledger_rows(
    engine: Engine, session: Session, scenario: Scenario, statement: str
) -> None:
    ref = f"D-TRIG-{scenario.suffix}"
    ledger.record_disbursement(
        session,
        scenario.programme(session),
        partner_agreement=scenario.iom,
        reference=ref,
        amount="1000000",
        currency="DKK",
        transaction_date=date(2025, 10, 1),
        country="AL",
        today=TODAY,
    )
    session.commit()
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement), {"ref": ref})
    entry = session.scalar(select(LedgerEntry).where(LedgerEntry.reference == ref))
    assert entry is not None and entry.description == "" and len(entry.attributions) == 1
