"""The policy lab inside the app (both backends): the form in the shell, runs as background jobs, per-user
run lists, progress, failures with their reason, and the report of a finished run."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from migralex.lab import web
from migralex.lab.jobs import INTERRUPTED, PROCESS_TOKEN, WAITING, Manifest, RunRequest, RunStore

SPOUSE = "dk.family_reunification.spouse"
DAY = "2025-03-01"


@pytest.fixture(autouse=True)
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps its runs in its own directory; at most one run executes at a time."""
    monkeypatch.setenv("MIGRALEX_LAB_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("MIGRALEX_LAB_MAX_ROWS", "50000")
    monkeypatch.setenv("MIGRALEX_LAB_WORKERS", "1")
    return tmp_path / "runs"


def _start(client: TestClient, api: Any, **form: Any) -> str:
    """Post the lab form as ``api``'s user; the id of the queued run (from the redirect)."""
    data = {"program": SPOUSE, "profile": "dk-spouse", "size": "2000", "seed": "5", "on": DAY, **form}
    r = client.post("/lab/run", data=data, headers=api.headers, follow_redirects=False)
    assert r.status_code == 303, r.text
    match = re.fullmatch(r"/lab/runs/([0-9a-f]{16})/", r.headers["location"])
    assert match, r.headers["location"]
    return match.group(1)


def _finish(run_id: str) -> Manifest:
    """Wait for the run's worker to finish it (no clock involved: the worker's own future)."""
    m = web.lab_runner().wait(run_id, timeout=300)
    assert m is not None
    return m


def test_the_form_is_in_the_shell_with_navigation_sign_out_and_csrf(app: FastAPI, make_api: Any) -> None:
    anna = make_api("caseworker")
    with TestClient(app) as browser:
        from tests.casework.test_pages import web_login

        web_login(browser, anna)
        page = browser.get("/lab")
        assert page.status_code == 200
        assert 'action="/logout"' in page.text and 'href="/lab"' in page.text  # the shell: sign-out, nav
        assert re.search(r'<input type="hidden" name="csrf" value="[0-9a-f]+">', page.text)
        assert 'class="govuk-select' in page.text and "Spouse or partner family reunification" in page.text
        danish = browser.get("/lab", headers={"Accept-Language": "da"})
        assert "Politiklaboratorium" in danish.text and "Start kørslen" in danish.text


def test_a_form_post_without_the_csrf_token_is_refused(app: FastAPI, make_api: Any) -> None:
    with TestClient(app) as browser:
        from tests.casework.test_pages import web_login

        token = web_login(browser, make_api("caseworker"))
        data = {"program": SPOUSE, "profile": "dk-spouse", "size": "100", "on": DAY}
        assert browser.post("/lab/run", data=data, follow_redirects=False).status_code == 403
        r = browser.post("/lab/run", data={**data, "csrf": token}, follow_redirects=False)
        assert r.status_code == 303
        _finish(r.headers["location"].split("/")[3])


def test_bad_input_shows_the_form_again_with_every_error_and_the_input_kept(
    client: TestClient, make_api: Any, runs: Path
) -> None:
    anna = make_api("caseworker")
    data = {
        "program": SPOUSE,
        "profile": "dk-spouse",
        "size": "60000",
        "seed": "x",
        "on": "2025-02-30",
        "missing": "1.5",
        "reform": ["uk_adopts_dk_family_reunion"],
    }
    r = client.post("/lab/run", data=data, headers=anna.headers)
    assert r.status_code == 400
    assert 'class="govuk-error-summary"' in r.text
    for field in ("size", "seed", "on", "missing", "reform"):  # each problem in the summary and inline
        assert f'href="#{field}"' in r.text and f'id="{field}-error"' in r.text, field
    assert "between 1 and 50,000" in r.text and "is for uk, not for the chosen program" in r.text
    assert 'value="60000"' in r.text and 'value="2025-02-30"' in r.text and 'value="1.5"' in r.text
    r = client.post("/lab/run", data={"program": "nope", "profile": "", "on": DAY}, headers=anna.headers)
    assert r.status_code == 400 and 'href="#program"' in r.text and 'href="#profile"' in r.text
    assert not runs.exists() or not any(runs.iterdir())  # nothing was queued


def test_a_run_goes_queued_running_done_and_its_report_is_reachable(
    client: TestClient, make_api: Any
) -> None:
    anna = make_api("caseworker")
    run_id = _start(client, anna)
    assert client.get(f"/lab/runs/{run_id}/", headers=anna.headers).status_code == 200  # progress or report
    m = _finish(run_id)
    assert [h["state"] for h in m.history] == ["queued", "running", "done"]
    status = client.get(f"/lab/runs/{run_id}/status.json", headers=anna.headers).json()
    assert status["state"] == "done" and status["rows_done"] == status["rows_total"] == 2000
    page = client.get(f"/lab/runs/{run_id}/", headers=anna.headers)
    assert page.status_code == 200 and 'action="/logout"' in page.text  # the report, inside the shell
    assert "Exclusion waterfall" in page.text and "SYNTHETIC DATA" in page.text
    rows = pl.read_parquet(
        io.BytesIO(client.get(f"/lab/runs/{run_id}/rows.parquet", headers=anna.headers).content)
    )
    assert rows.height == 2000 and rows["synthetic"].all()
    csv = client.get(f"/lab/runs/{run_id}/summary.csv", headers=anna.headers).content
    counts = pl.read_csv(io.BytesIO(csv)).filter(
        (pl.col("table") == "outcomes") & (pl.col("measure") == "count")
    )
    assert counts["value"].sum() == 2000
    listing = client.get("/lab/runs", headers=anna.headers)
    assert run_id in listing.text and "Done" in listing.text
    danish = client.get(f"/lab/runs/{run_id}/", headers={**anna.headers, "Accept-Language": "da"})
    assert "Udelukkelsesvandfald" in danish.text and "SYNTETISKE DATA" in danish.text


def test_one_worker_runs_one_run_at_a_time_the_next_waits_in_the_queue(
    client: TestClient, make_api: Any
) -> None:
    anna = make_api("caseworker")
    first, second = _start(client, anna), _start(client, anna, seed="6")
    a, b = _finish(first), _finish(second)
    a_done = next(h["at"] for h in a.history if h["state"] == "done")
    b_running = next(h["at"] for h in b.history if h["state"] == "running")
    assert b_running >= a_done  # MIGRALEX_LAB_WORKERS=1: the second started after the first finished


def test_another_user_cannot_see_a_run_an_administrator_can(client: TestClient, make_api: Any) -> None:
    anna, bo, admin = make_api("caseworker"), make_api("caseworker"), make_api("administrator")
    run_id = _start(client, anna)
    _finish(run_id)
    for path in (
        f"/lab/runs/{run_id}/",
        f"/lab/runs/{run_id}/status.json",
        f"/lab/runs/{run_id}/summary.csv",
    ):
        assert client.get(path, headers=bo.headers).status_code == 404, path
        assert client.get(path, headers=admin.headers).status_code == 200, path
    assert run_id not in client.get("/lab/runs", headers=bo.headers).text
    everyone = client.get("/lab/runs", headers=admin.headers).text
    assert run_id in everyone and "All runs" in everyone and anna.username in everyone  # whose run it is


def test_a_failing_run_shows_its_reason(client: TestClient, make_api: Any) -> None:
    anna = make_api("caseworker")
    csv = b"sponsor.birth_date,sponsor.residence_status\n1990-02-31,danish_citizen\n"  # no valid row
    r = client.post(
        "/lab/run",
        data={"program": SPOUSE, "on": DAY},
        files={"upload": ("pop.csv", csv, "text/csv")},
        headers=anna.headers,
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    run_id = r.headers["location"].split("/")[3]
    m = _finish(run_id)
    assert m.state == "failed" and m.reason is not None and "all rejected" in m.reason
    page = client.get(f"/lab/runs/{run_id}/", headers=anna.headers)
    assert "The run failed" in page.text and "all rejected" in page.text and "rejects.csv" in page.text
    rejects = pl.read_csv(
        io.BytesIO(client.get(f"/lab/runs/{run_id}/rejects.csv", headers=anna.headers).content)
    )
    assert rejects.select("row", "column").rows() == [(1, "sponsor.birth_date")]


def test_an_upload_with_bad_rows_lists_its_rejects(client: TestClient, make_api: Any) -> None:
    anna = make_api("caseworker")
    csv = b"sponsor.birth_date,sponsor.residence_status\n1990-01-01,danish_citizen\n1990-02-31,other\n"
    r = client.post(
        "/lab/run",
        data={"program": SPOUSE, "on": DAY},
        files={"upload": ("pop.csv", csv, "text/csv")},
        headers=anna.headers,
        follow_redirects=False,
    )
    run_id = r.headers["location"].split("/")[3]
    assert _finish(run_id).state == "done"
    page = client.get(f"/lab/runs/{run_id}/", headers=anna.headers).text
    assert "User-supplied population" in page and "1 rejected" in page
    rejects = pl.read_csv(
        io.BytesIO(client.get(f"/lab/runs/{run_id}/rejects.csv", headers=anna.headers).content)
    )
    assert rejects.select("row", "column").rows() == [(2, "sponsor.birth_date")]


def test_a_run_left_running_by_a_stopped_service_shows_as_interrupted(
    client: TestClient, make_api: Any, runs: Path
) -> None:
    anna = make_api("caseworker")
    store = RunStore(runs)
    m = store.create(anna.id)
    m.request = RunRequest(program=SPOUSE, on=DAY, profile="dk-spouse", size=10, rows_total=10)
    m.state, m.pid, m.process = "running", 2**22 + 1, "a-process-that-is-gone"  # no such pid on Linux
    assert m.process != PROCESS_TOKEN
    store.save(m)
    status = client.get(f"/lab/runs/{m.id}/status.json", headers=anna.headers).json()
    assert (status["state"], status["reason"]) == ("failed", INTERRUPTED)
    assert "interrupted" in client.get(f"/lab/runs/{m.id}/", headers=anna.headers).text


def test_no_path_traversal_and_no_internal_files(client: TestClient, make_api: Any) -> None:
    anna = make_api("caseworker")
    h = anna.headers
    assert client.get("/lab/runs/0123456789abcdef/report.html", headers=h).status_code == 404
    assert client.get("/lab/runs/..%2F..%2Fetc/passwd", headers=h).status_code == 404
    run_id = _start(client, anna, size="100")
    _finish(run_id)
    assert client.get(f"/lab/runs/{run_id}/..%2Fsecret.csv", headers=h).status_code == 404
    assert client.get(f"/lab/runs/{run_id}/run.json", headers=h).status_code == 404
    assert client.get(f"/lab/runs/{run_id}/report.html", headers=h).status_code == 200


def test_a_queued_run_shows_its_state_and_polls_for_progress(
    client: TestClient, make_api: Any, runs: Path
) -> None:
    anna = make_api("caseworker")
    store = RunStore(runs)
    m = store.create(anna.id)
    m.request = RunRequest(program=SPOUSE, on=DAY, profile="dk-spouse", size=5000, rows_total=5000)
    m.pid, m.process = os.getpid(), PROCESS_TOKEN  # waiting in this process's queue
    store.save(m)
    page = client.get(f"/lab/runs/{m.id}/", headers=anna.headers)
    assert page.status_code == 200 and "Queued" in page.text and WAITING in page.text
    assert '<script src="/lab/assets/progress.js"></script>' in page.text and "0 / 5,000" in page.text
    assert client.get("/lab/assets/progress.js", headers=anna.headers).text.startswith("// Polls a lab run")
    danish = client.get(f"/lab/runs/{m.id}/status.json", headers={**anna.headers, "Accept-Language": "da"})
    assert danish.json()["state"] == "queued" and danish.json()["stage_text"] == "venter på en ledig arbejder"
