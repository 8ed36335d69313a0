"""The web router: JSON API and HTML dashboard pages (no CDN), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from migralex.programmes.demo import load_demo
from migralex.programmes.web import public_router, router

from .conftest import Scenario


@pytest.fixture
def client(engine: Engine, session: Session) -> Iterator[TestClient]:
    load_demo(session, today=date(2026, 11, 23))
    session.commit()
    app = FastAPI()
    app.include_router(router)
    app.include_router(public_router)
    app.state.db_engine = engine
    with TestClient(app) as c:
        yield c


def test_api_lists_programmes_and_shows_the_dashboard(client: TestClient) -> None:
    listing = client.get("/api/v1/programmes").json()
    rmgp = next(p for p in listing if p["code"] == "RMGP-TWB")
    assert rmgp["total_budget"] == "300000000"
    assert [d["role"] for d in rmgp["donors"]] == ["lead", "co_donor"]
    dash = client.get("/api/v1/programmes/RMGP-TWB", params={"today": "2026-11-23"}).json()
    assert dash["earmarks_ok"] is True
    assert {c["code"] for c in dash["countries"]} >= {"TR", "RS", "AL"}
    assert dash["consultations_open"][0]["waiting_for"] == ["FCDO"]
    assert client.get("/api/v1/programmes/NOPE").status_code == 404


def test_api_earmark_proof_and_ledger(client: TestClient) -> None:
    proof = client.get("/api/v1/programmes/RMGP-TWB/earmarks").json()
    assert proof["ok"] is True
    uk = next(d for d in proof["donors"] if d["donor"] == "FCDO")
    assert set(uk["earmarks"][0]["by_country"]) <= {"AL", "BA", "ME", "MK", "RS", "XK"}
    entries = client.get("/api/v1/programmes/RMGP-TWB/ledger").json()
    rev = next(e for e in entries if e["reverses"] == "DIHR-DISB-ME-1")
    assert rev["amount"] == "-2000000" and rev["funding"][0]["amount"] == "-2000000"
    giz = next(e for e in entries if e["reference"] == "GIZ-DISB-MK-1")
    assert (giz["amount"], giz["currency"], giz["fx_rate"], giz["base_amount"]) == (
        "1200000",
        "EUR",
        "7.461",
        "8953200",
    )


def test_api_refuses_earmarked_money_for_turkiye_and_writes_nothing(client: TestClient) -> None:
    before = len(client.get("/api/v1/programmes/RMGP-TWB/ledger").json())
    body = {
        "partner_agreement": "RMGP-TWB-IOM-BMM",
        "reference": "API-TR-1",
        "amount": "100000.00",
        "currency": "DKK",
        "transaction_date": "2026-10-05",
        "country": "TR",
        "funding": [{"agreement": "UK-DK-MOU-RMGP-TWB"}],
    }
    r = client.post("/api/v1/programmes/RMGP-TWB/disbursements", json=body)
    assert r.status_code == 422
    (problem,) = r.json()["detail"]
    assert problem["field"] == "funding[0].agreement"
    assert "earmarked ('Western Balkans': AL, BA, ME, MK, RS, XK)" in problem["problem"]
    bad = client.post(
        "/api/v1/programmes/RMGP-TWB/disbursements",
        json={**body, "funding": None, "currency": "XYZ", "amount": "-5"},
    )
    assert {p["field"] for p in bad.json()["detail"]} == {"currency", "amount"}
    assert len(client.get("/api/v1/programmes/RMGP-TWB/ledger").json()) == before


def test_api_records_a_disbursement_and_a_consultation_answer(client: TestClient, scenario: Scenario) -> None:
    body = {
        "partner_agreement": scenario.iom,
        "reference": f"API-RS-{scenario.suffix}",
        "amount": "250000.00",
        "currency": "DKK",
        "transaction_date": "2026-06-01",
        "country": "RS",
    }
    r = client.post(f"/api/v1/programmes/{scenario.code}/disbursements", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["funding"] == [
        {"agreement": scenario.uk, "earmark": "Western Balkans", "amount": "250000"}
    ]
    cons = client.get("/api/v1/programmes/RMGP-TWB/consultations").json()[0]
    answer = {"agreement": "UK-DK-MOU-RMGP-TWB", "answer": "no_objection", "answered_on": "2026-10-06"}
    r = client.post(f"/api/v1/programmes/RMGP-TWB/consultations/{cons['id']}/responses", json=answer)
    assert r.status_code == 201, r.text
    again = client.post(f"/api/v1/programmes/RMGP-TWB/consultations/{cons['id']}/responses", json=answer)
    assert again.status_code == 422 and "has already answered" in again.json()["detail"][0]["problem"]


def test_iati_xml_and_chart_spec(client: TestClient) -> None:
    r = client.get("/api/v1/programmes/RMGP-TWB/iati.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    assert b'<iati-activities version="2.03"' in r.content
    spec = client.get("/api/v1/programmes/RMGP-TWB/chart.vl.json").json()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    mark = spec["mark"]
    assert (mark["type"] if isinstance(mark, dict) else mark) == "bar"
    assert {"country": "Serbia (RS)", "donor": "FCDO", "amount": "8000000"} in spec["data"]["values"]


def test_html_pages_render_without_any_cdn(client: TestClient) -> None:
    page = client.get("/programmes")
    assert page.status_code == 200 and "RMGP-TWB" in page.text
    dash = client.get("/programmes/RMGP-TWB", params={"today": "2026-11-23"})
    assert dash.status_code == 200
    html = dash.text
    for text in (
        "Donors and contributions",
        "Earmarks",
        "all held",
        "<svg",
        "Spending by country and donor",
        "Reports due",
        "overdue by 146 days",
        "Consultations open",
        "Contains illustrative",
    ):
        assert text in html, text
    # scripts only from this site's /static (the shell's own), none inline, nothing from a CDN
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(re.search(r'src="/static/[^"]+"', tag) for tag in scripts), scripts
    assert "cdn" not in html.lower() and "//" not in "".join(scripts)
    assert client.get("/programmes/NOPE").status_code == 404


def test_pages_render_in_the_shell_in_english_and_danish(client: TestClient) -> None:
    dash = client.get("/programmes/RMGP-TWB", params={"today": "2026-11-23"})
    assert "<main" in dash.text and 'class="govuk-table"' in dash.text and 'lang="en"' in dash.text
    assert "None" not in dash.text
    da = {"Accept-Language": "da"}
    danish = client.get("/programmes/RMGP-TWB", params={"today": "2026-11-23"}, headers=da)
    assert 'lang="da"' in danish.text
    shown = ("Donorer og bidrag", "Øremærkninger", "alle overholdt", "146 dage for sent", "Åbne høringer")
    for text in shown:
        assert text in danish.text, text
    listing = client.get("/programmes", headers={"Accept-Language": "da"})
    assert "Donorprogrammer" in listing.text and "ledende donor" in listing.text


def test_the_public_page_is_in_the_shell_with_no_navigation(client: TestClient) -> None:
    page = client.get("/public/programmes/RMGP-TWB")
    assert page.status_code == 200 and "<main" in page.text and "Who funds it" in page.text
    assert 'action="/logout"' not in page.text and 'href="/programmes"' not in page.text  # nobody signed in
    assert "None" not in page.text
    danish = client.get("/public/programmes/RMGP-TWB", headers={"Accept-Language": "da"})
    assert "Hvem finansierer det" in danish.text and "ledende donor" in danish.text
