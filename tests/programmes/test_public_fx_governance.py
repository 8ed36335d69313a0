"""The public activity page (no sign-in, no personal data), the FX revaluation report in
DKK and GBP, and the governance flags (overdue consultations and reports, irregularity
notices to every donor) - on the RMGP-TWB demo as of 23 November 2026."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from migralex.programmes import fx, iati
from migralex.programmes.cli import programme_app
from migralex.programmes.dashboard import build_dashboard
from migralex.programmes.demo import load_demo
from migralex.programmes.errors import ProgrammeError
from migralex.programmes.governance import donors_not_notified, open_irregularities

from .conftest import Scenario

DEMO_DAY = date(2026, 11, 23)


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo(session, today=DEMO_DAY)
    session.commit()
    return session


@pytest.fixture
def app_client(db_url: str, demo: Session) -> Iterator[TestClient]:
    from migralex.web import create_app

    with TestClient(create_app(db_url)) as c:
        yield c


def test_the_public_page_needs_no_sign_in_and_shows_no_personal_data(app_client: TestClient) -> None:
    page = app_client.get("/public/programmes/RMGP-TWB")
    assert page.status_code == 200
    html = page.text
    for shown in (
        "Türkiye and the Western Balkans 2025-2030 (RMGP-TWB)</h1>",
        "Ministry of Foreign Affairs of Denmark",
        "Foreign, Commonwealth and Development Office",
        "International Organization for Migration",
        "Officials trained (illustrative)",
        "/public/programmes/RMGP-TWB/iati.xml",
        "2026-01-01 to 2026-12-31",
    ):
        assert shown in html, shown
    assert "(RMGP-TWB) (RMGP-TWB)" not in html
    for private in ("Krone", "Henricson", "Sarajevo", "minutes", "IRR-001", "no_objection"):
        assert private not in html, private
    # the sign-in-only pages stay closed
    assert app_client.get("/programmes/RMGP-TWB", follow_redirects=False).status_code in (302, 303, 401, 403)
    assert app_client.get("/api/v1/programmes/RMGP-TWB").status_code in (401, 403)


def test_the_public_xml_validates_and_spending_is_by_year_and_partner(app_client: TestClient) -> None:
    xml = app_client.get("/public/programmes/RMGP-TWB/iati.xml")
    assert xml.status_code == 200 and xml.headers["content-type"].startswith("application/xml")
    assert [p for p in iati.validate(xml.content) if p.is_error] == []
    data = app_client.get("/public/programmes/RMGP-TWB.json").json()
    # partner names as registered (the test database may hold them without the abbreviation)
    spend = {(s["year"], s["partner"].split(" (")[0]): s["amount"] for s in data["spending"]}
    assert spend[(2025, "International Organization for Migration")] == "10000000"
    assert spend[(2026, "Danish Institute for Human Rights")] == "2000000"  # ME booking reversed
    assert data["total_commitment"] == "325700000" and data["budget_total"] == "312000000"
    assert app_client.get("/public/programmes/NOPE").status_code == 404


def test_fx_revaluation_in_dkk_and_gbp(demo: Session) -> None:
    from migralex.programmes.common import get_programme

    report = fx.revaluation(demo, get_programme(demo, "RMGP-TWB"), on=DEMO_DAY, rate_kind="booking")
    giz = next(ln for ln in report.lines if ln.reference == "GIZ-DISB-MK-1")
    # EUR 1.2 m booked at 7.4610 (DKK 8,953,200), revalued at 7.4580 of 2 Nov 2026: DKK 8,949,600
    assert (giz.amount, giz.currency, giz.booked_base, giz.revalued_base) == (
        Decimal("1200000"),
        "EUR",
        Decimal("8953200"),
        Decimal("8949600"),
    )
    assert giz.difference_base == Decimal("-3600")
    assert giz.revalued["GBP"] == Decimal("1040651.16")  # DKK 8,949,600 / 8.6000
    assert report.difference_base == Decimal("-18600")  # GIZ commitment EUR 3 m and disbursement
    with pytest.raises(
        ProgrammeError, match=r"on: no booking rate EUR->DKK recorded on or before 2025-01-01"
    ):
        fx.revaluation(demo, get_programme(demo, "RMGP-TWB"), on=date(2025, 1, 1))
    with pytest.raises(ProgrammeError, match="rate_kind: must be one of"):
        fx.revaluation(demo, get_programme(demo, "RMGP-TWB"), on=DEMO_DAY, rate_kind="spot")


def test_overdue_consultations_and_reports_are_flagged(demo: Session) -> None:
    from migralex.programmes.common import get_programme

    prog = get_programme(demo, "RMGP-TWB")
    dash = build_dashboard(demo, prog, today=DEMO_DAY)
    assert dash.heading.endswith("(RMGP-TWB)") and "(RMGP-TWB) (RMGP-TWB)" not in dash.heading
    (cons,) = dash.consultations_open
    # opened 1 October 2026, answers due 22 October (the agreements give 14 and 21 days; the longer applies):
    # 32 days overdue on 23 November, and the UK has not answered
    assert (cons["answer_by"], cons["overdue_days"], cons["waiting_for"]) == (
        date(2026, 10, 22),
        32,
        ["FCDO"],
    )
    assert any(a.startswith("OVERDUE consultation #") and "FCDO" in a for a in dash.alerts)
    assert any(a.startswith("OVERDUE report: Financial report 2025 to FCDO") for a in dash.alerts)
    early = build_dashboard(demo, prog, today=date(2026, 10, 20))
    assert early.consultations_open[0]["overdue_days"] == 0


def test_irregularities_reach_every_donor(demo: Session) -> None:
    from migralex.programmes.common import get_programme

    prog = get_programme(demo, "RMGP-TWB")
    (case,) = open_irregularities(demo, prog)
    assert donors_not_notified(prog, case) == []
    notified = {n.agreement.donor.short_name for n in case.notifications}
    assert notified == {"DK-MFA", "FCDO"}


def test_cli_status_flags_what_is_overdue(db_url: str, demo: Session) -> None:
    result = CliRunner().invoke(
        programme_app, ["--database-url", db_url, "status", "RMGP-TWB", "--date", "2026-11-23"]
    )
    assert result.exit_code == 1
    assert "OVERDUE consultation #" in result.output and "OVERDUE report" in result.output
    result = CliRunner().invoke(programme_app, ["--db", db_url, "fx", "RMGP-TWB", "--date", "2026-11-23"])
    assert result.exit_code == 0 and "revaluation difference: DKK -18,600.00" in result.output
    # --on is the old spelling of --date
    result = CliRunner().invoke(programme_app, ["--db", db_url, "fx", "RMGP-TWB", "--on", "2026-11-23"])
    assert result.exit_code == 0 and "revaluation difference: DKK -18,600.00" in result.output
    result = CliRunner().invoke(programme_app, ["--db", db_url, "fx", "RMGP-TWB"])
    assert result.exit_code == 2 and "--date: the revaluation date is required" in result.output
    result = CliRunner().invoke(programme_app, ["--db", db_url, "fx", "RMGP-TWB", "--on", "soon"])
    assert result.exit_code == 2 and "--on: 'soon' is not a date" in result.output


def test_cli_results_are_entered_and_shown(db_url: str, demo: Session) -> None:
    runner = CliRunner()
    r = runner.invoke(
        programme_app,
        [
            "--db",
            db_url,
            "add-result",
            "RMGP-TWB",
            "--component",
            "LAB",
            "--type",
            "2",
            "--title",
            "Jobs kept",
        ],
    )
    assert r.exit_code == 0, r.output
    result_id = r.output.split()[1]
    r = runner.invoke(
        programme_app,
        [
            "--db",
            db_url,
            "add-indicator",
            result_id,
            "--title",
            "Share in work after 12 months",
            "--measure",
            "2",
            "--baseline-year",
            "2025",
            "--baseline",
            "40",
        ],
    )
    assert r.exit_code == 0, r.output
    ind = r.output.split()[1]
    r = runner.invoke(
        programme_app,
        [
            "--db",
            db_url,
            "indicator-period",
            ind,
            "--start",
            "2026-01-01",
            "--end",
            "2026-12-31",
            "--target",
            "55",
        ],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        programme_app, ["--db", db_url, "add-indicator", result_id, "--title", "x", "--measure", "8"]
    )
    assert r.exit_code == 2 and "measure: unknown IATI IndicatorMeasure '8'" in r.output
    r = runner.invoke(programme_app, ["--db", db_url, "dashboard", "RMGP-TWB", "--today", "2026-11-23"])
    assert "Share in work after 12" in r.output
    r = runner.invoke(programme_app, ["--db", db_url, "export-iati", "RMGP-TWB"])
    root = etree.fromstring(r.output.encode())
    assert root.find("iati-activity/result[@type='2']/indicator[@measure='2']/baseline").get("value") == "40"  # type: ignore[union-attr]


def test_a_donor_without_a_notice_is_flagged_until_notified(session: Session, scenario: Scenario) -> None:
    from migralex.programmes import agreements, governance

    from .conftest import TODAY, ensure_org

    prog = scenario.programme(session)
    governance.report_irregularity(
        session,
        prog,
        case_no=f"N-{scenario.suffix}",
        detected_on=date(2026, 5, 4),
        reported_on=date(2026, 5, 4),
        irregularity_type="theft",
        description="Laptops missing from a project office (illustrative)",
        today=TODAY,
    )
    ensure_org(session, "NEW-DONOR", "A later co-donor (illustrative)", None, "10")
    agreements.add_donor_agreement(
        session,
        prog,
        donor="NEW-DONOR",
        ref=f"NEW-{scenario.suffix}",
        title="Later co-donor arrangement",
        instrument="delegated_cooperation",
        role="co_donor",
        currency="DKK",
        valid_from=date(2026, 6, 1),
        valid_to=date(2030, 12, 31),
    )
    dash = build_dashboard(session, prog, today=TODAY)
    assert f"Irregularity N-{scenario.suffix}: not notified to NEW-DONOR" in dash.alerts
    governance.update_irregularity(
        session,
        prog,
        f"N-{scenario.suffix}",
        status="investigating",
        on=TODAY,
        note="audit engaged",
        today=TODAY,
    )
    dash = build_dashboard(session, prog, today=TODAY)
    assert not [a for a in dash.alerts if "not notified" in a]


def test_the_html_dashboard_shows_alerts_and_results(demo: Session, engine: Engine) -> None:
    from fastapi import FastAPI

    from migralex.programmes.web import router

    app = FastAPI()
    app.include_router(router)
    app.state.db_engine = engine
    with TestClient(app) as c:
        html = c.get("/programmes/RMGP-TWB", params={"today": "2026-11-23"}).text
    assert "OVERDUE consultation #" in html and ">Results</h2>" in html
    assert "Officials trained (illustrative)" in html and "(RMGP-TWB) (RMGP-TWB)" not in html
