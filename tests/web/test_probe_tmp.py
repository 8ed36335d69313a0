from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from migralex.ui import templating
from tests.web.test_page_language import DANISH, _sign_in, app, client, db_url, make_api, sessions  # noqa: F401


def test_probe(app: Any, make_api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from migralex.lab import web
    from migralex.programmes.demo import load_demo

    monkeypatch.setenv("MIGRALEX_LAB_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("MIGRALEX_LAB_WORKERS", "1")
    with Session(app.state.engine) as s:
        load_demo(s, today=date(2026, 11, 23))
        s.commit()
    templating.MISSING.clear()
    anna = make_api("caseworker")
    shown = []
    with TestClient(app, raise_server_exceptions=False) as c:
        csrf = _sign_in(c, anna)
        for p in ("/programmes", "/programmes/RMGP-TWB?today=2026-11-23", "/programmes/NOPE", "/public/programmes/RMGP-TWB", "/lab", "/lab/runs", "/lab/runs/0123456789abcdef/"):
            shown.append(c.get(p, headers=DANISH))
        bad = {"csrf": csrf, "program": "x", "profile": "nope", "size": "x", "seed": "y", "on": "2025-02-30", "missing": "3", "engine": "spark"}
        shown.append(c.post("/lab/run", data=bad, headers=DANISH))
        ok = {"csrf": csrf, "program": "dk.family_reunification.spouse", "profile": "dk-spouse", "size": "300", "seed": "5", "on": "2025-03-01"}
        r = c.post("/lab/run", data=ok, headers=DANISH, follow_redirects=False)
        print(r.status_code, r.headers.get("location"))
        run_id = r.headers["location"].split("/")[3]
        web.lab_runner().wait(run_id, timeout=300)
        shown.append(c.get(f"/lab/runs/{run_id}/", headers=DANISH))
        shown.append(c.get("/lab/runs", headers=DANISH))
        for r in shown:
            print(r.status_code, r.url, 'lang="da"' in r.text)
    print({k: v for k, v in templating.MISSING.items()})
    Path("/tmp/i18nprobe/out.html").write_text("\n\n=====\n\n".join(r.text for r in shown))
