"""The RMGP-TWB demo and the `migralex programme ...` commands, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session
from typer.testing import CliRunner

from migralex.programmes import iati
from migralex.programmes.cli import programme_app
from migralex.programmes.demo import PROVENANCE, WB6, load_demo
from migralex.programmes.earmarks import earmark_report
from migralex.programmes.ledger import ledger

DEMO_DAY = "2026-11-23"
runner = CliRunner()


def run(db_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(programme_app, ["--db", db_url, *args])
    return result.exit_code, result.output


def test_the_demo_carries_the_public_facts_and_labels_the_rest(session: Session) -> None:
    prog = load_demo(session, today=date.fromisoformat(DEMO_DAY))
    session.commit()
    assert load_demo(session) is prog  # idempotent
    assert prog.total_budget == Decimal("300000000") and prog.finance_act_line == "§06.32.10.13"
    dk, uk = prog.donor_agreements
    assert (dk.donor.short_name, dk.role, dk.manages_on_behalf_of_all) == ("DK-MFA", "lead", True)
    assert (uk.donor.short_name, uk.role, uk.instrument) == ("FCDO", "co_donor", "delegated_cooperation")
    assert sum(c.amount for c in uk.contributions) == Decimal("25700000")
    assert uk.earmarks[0].countries == sorted(WB6)
    assert {p.organisation.short_name for p in prog.participants if p.iati_role == "4"} == {
        "IOM",
        "GIZ",
        "DIHR",
    }
    # every invented ledger amount is flagged; the one public figure (UK approx. DKK 25.7 m) is not
    unflagged = [e.reference for e in ledger(session, prog) if not e.illustrative]
    assert unflagged == ["UK-FY2526-COMMIT"]
    statuses = {f.status for f in PROVENANCE}
    assert statuses == {"public", "UNVERIFIED", "illustrative"}
    unverified = " ".join(f.statement for f in PROVENANCE if f.status == "UNVERIFIED")
    assert "Countries" in unverified and "GBP" in unverified
    public = [f for f in PROVENANCE if f.status == "public"]
    press = [f for f in public if "British Embassy Copenhagen" in f.source]
    # the press release states these; they are cited to it (title, publisher, date, URL)
    for fact in ("earmarked", "signed on 18 February 2026", "Three core areas", "Annual donor meetings"):
        assert any(fact.lower() in f.statement.lower() for f in press), fact
    assert all("18 February 2026" in f.source and "via.ritzau.dk" in f.source for f in press)
    assert prog.note is not None and "UNVERIFIED" in prog.note
    report = earmark_report(session, prog)
    assert report.ok
    uk_proof = next(d for d in report.donors if d.donor == "FCDO")
    assert {c for c, v in uk_proof.by_country.items() if v} <= set(WB6)
    assert iati.validate(iati.to_bytes(iati.build_activity(session, prog)), today=date.today()) == []


def test_cli_demo_dashboard_and_earmarks(db_url: str) -> None:
    code, output = run(db_url, "demo", "--today", DEMO_DAY)
    assert code == 0, output
    assert "RMGP-TWB loaded" in output and "UNVERIFIED" in output
    code, output = run(db_url, "list")
    assert code == 0 and "RMGP-TWB" in output
    code, output = run(db_url, "dashboard", "RMGP-TWB", "--today", DEMO_DAY)
    assert code == 0, output
    for heading in (
        "Donors and contributions",
        "Earmarks (all held)",
        "By component",
        "Spending by country",
        "Reports due",
        "Consultations open",
        "Irregularities open",
    ):
        assert heading in output
    code, output = run(db_url, "dashboard", "RMGP-TWB", "--today", DEMO_DAY, "--json")
    data = json.loads(output)
    fcdo = next(d for d in data["donors"] if d["donor"] == "FCDO")
    assert fcdo["pledged"] == "25700000" and data["earmarks_ok"] is True
    assert [c["waiting_for"] for c in data["consultations_open"]] == [["FCDO"]]
    code, output = run(db_url, "earmarks", "RMGP-TWB")
    assert code == 0 and "all earmarks held" in output


def test_cli_reports_due_lists_overdue_reports(db_url: str) -> None:
    run(db_url, "demo", "--today", DEMO_DAY)
    code, output = run(db_url, "reports-due", "--programme", "RMGP-TWB", "--today", DEMO_DAY)
    assert code == 0 and "Financial report 2025 to FCDO" in output and "OVERDUE by 146 days" in output


def test_cli_exports_iati_that_validates(db_url: str, tmp_path: Path) -> None:
    run(db_url, "demo", "--today", DEMO_DAY)
    target = tmp_path / "rmgp.xml"
    code, output = run(db_url, "export-iati", "RMGP-TWB", "--out", str(target))
    assert code == 0, output
    assert b"<iati-identifier>XM-DAC-3-1-EXAMPLE-RMGP-TWB</iati-identifier>" in target.read_bytes()
    code, output = run(db_url, "validate-iati", str(target))
    assert code == 0 and "valid:" in output
    broken = tmp_path / "broken.xml"
    broken.write_bytes(target.read_bytes().replace(b'percentage="40"', b'percentage="45"'))
    code, output = run(db_url, "validate-iati", str(broken))
    assert code == 1
    assert "3.1.2: iati-activity: Percentage values for recipient countries, must add up to 100%." in output
    assert "(they add up to 105)" in output


def test_cli_errors_name_the_problem_and_exit_2(db_url: str, tmp_path: Path) -> None:
    run(db_url, "demo", "--today", DEMO_DAY)
    code, output = run(db_url, "dashboard", "NOPE")
    assert code == 2 and "programme: no programme with code 'NOPE'" in output
    code, output = run(db_url, "dashboard", "RMGP-TWB", "--today", "yesterday")
    assert code == 2 and "--today: 'yesterday' is not a date" in output
    code, output = run(f"sqlite:///{tmp_path}/empty.sqlite3", "list")
    assert code == 2 and "no up-to-date programme schema" in output
    code, output = run(db_url, "validate-iati", str(tmp_path / "missing.xml"))
    assert code == 2 and "does not exist" in output
