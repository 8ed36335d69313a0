"""The lab router on a bare FastAPI app: form, run, report, downloads, errors."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from migralex.lab.web import router

SPOUSE = "dk.family_reunification.spouse"


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("MIGRALEX_LAB_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("MIGRALEX_LAB_MAX_ROWS", "50000")
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def test_form_lists_programs_and_profiles(client: TestClient) -> None:
    r = client.get("/lab")
    assert r.status_code == 200
    assert SPOUSE in r.text and "dk-spouse" in r.text and "uk-refugee-sponsors" in r.text


def test_synthetic_run_report_and_downloads(client: TestClient) -> None:
    r = client.post(
        "/lab/run",
        data={"program": SPOUSE, "profile": "dk-spouse", "size": "3000", "seed": "5", "on": "2025-03-01"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "SYNTHETIC DATA" in page.text and "Exclusion waterfall" in page.text
    assert 'href="rows.parquet"' in page.text
    rows = client.get(r.headers["location"] + "rows.parquet")
    df = pl.read_parquet(io.BytesIO(rows.content))
    assert df.height == 3000 and df["synthetic"].all()
    summary = pl.read_csv(io.BytesIO(client.get(r.headers["location"] + "summary.csv").content))
    counts = summary.filter((pl.col("table") == "outcomes") & (pl.col("measure") == "count"))
    assert counts["value"].sum() == 3000
    by_outcome = dict(zip(counts["outcome"], counts["value"], strict=True))
    assert by_outcome["eligible"] == (df["baseline/outcome"] == "eligible").sum()


def test_upload_with_bad_rows_lists_rejects(client: TestClient) -> None:
    csv = b"sponsor.birth_date,sponsor.residence_status\n1990-01-01,danish_citizen\n1990-02-31,other\n"
    r = client.post(
        "/lab/run",
        data={"program": SPOUSE, "on": "2025-03-01"},
        files={"upload": ("pop.csv", csv, "text/csv")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"]).text
    assert "User-supplied population" in page and "1 rejected" in page
    rejects = pl.read_csv(io.BytesIO(client.get(r.headers["location"] + "rejects.csv").content))
    assert rejects.select("row", "column").rows() == [(2, "sponsor.birth_date")]


def test_errors_show_the_form_again(client: TestClient) -> None:
    r = client.post("/lab/run", data={"program": SPOUSE, "profile": "dk-spouse", "size": "60000"})
    assert r.status_code == 400 and "at most" not in r.text and "between 1 and 50,000" in r.text
    r = client.post("/lab/run", data={"program": "nope", "profile": "dk-spouse"})
    assert r.status_code == 400 and "unknown program" in r.text
    r = client.post("/lab/run", data={"program": SPOUSE, "profile": "dk-spouse", "reform": ["nope"]})
    assert r.status_code == 400 and "unknown reform" in r.text


def test_no_path_traversal(client: TestClient) -> None:
    assert client.get("/lab/runs/0123456789abcdef/report.html").status_code == 404
    assert client.get("/lab/runs/..%2F..%2Fetc/passwd").status_code == 404
    assert client.get("/lab/runs/0123456789abcdef/..%2Fsecret.csv").status_code == 404
