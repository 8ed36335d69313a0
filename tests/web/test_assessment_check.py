""" "Check eligibility" runs the guided questions without a case and stores nothing; the parameter pages
show each value of the law over time with its status and source (both backends)."""

# ruff: noqa: F811  (the casework fixtures are imported by name and requested as arguments)
from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from migralex.casework.models import AuditEntry, Case, Setting
from tests.casework.conftest import app, client, db_url, make_api, sessions  # noqa: F401
from tests.casework.test_pages import web_login
from tests.web.test_assessment import answer_everything, csrf_of, fact_ids_shown

# in force and unverified rows (the 2024-2026 levels: whether the 2024 halving replaced it is not checked)
GUARANTEE = "dk.family_reunification.spouse.guarantee_amount_applications_before_2018_07_01"


def counts(sessions: Any) -> tuple[int, int, int]:
    with sessions() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Case, Setting, AuditEntry))


def test_a_check_of_the_danish_asylum_rules_gives_the_outcome_and_stores_nothing(
    make_api: Any, app: Any, sessions: Any
) -> None:
    anna = make_api("caseworker")
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        before = counts(sessions)
        form = {
            "csrf": csrf,
            "program": "dk.asylum.status",
            "date-day": "1",
            "date-month": "3",
            "date-year": "2025",
        }
        r = c.post("/check/start", data=form, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/check/questions?state=")
        url = r.headers["location"]
        for _ in range(10):
            page = c.get(url, follow_redirects=False)
            if page.status_code == 303:
                url = page.headers["location"]
                break
            assert page.status_code == 200 and fact_ids_shown(page.text) == []
            post = answer_everything(page.text, "yes")
            post["state"] = re.search(r'name="state" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
            r = c.post("/check/questions", data=post, follow_redirects=False)
            assert r.status_code == 303, r.text
            url = r.headers["location"]
        assert url.startswith("/check/check-answers?state=")
        check = c.get(url)
        assert check.status_code == 200 and "Change" in check.text and fact_ids_shown(check.text) == []
        result = c.get(url.replace("/check-answers", "/result"))
        assert result.status_code == 200 and 'id="outcome"' in result.text
        assert 'action="/cases/' not in result.text  # a check decides nothing
        assert counts(sessions) == before
        # answers that were altered in the browser are refused on a page, not as JSON
        bad = c.get(url.replace("state=", "state=x"))
        assert bad.status_code == 422 and "text/html" in bad.headers["content-type"]
        assert csrf_of(bad.text)


def test_the_parameter_pages_show_values_over_time_with_status_and_source(make_api: Any, app: Any) -> None:
    anna = make_api("caseworker")
    with TestClient(app) as c:
        web_login(c, anna)
        listing = c.get("/parameters")
        assert listing.status_code == 200 and f'href="/parameters/{GUARANTEE}"' in listing.text
        one = c.get(f"/parameters/{GUARANTEE}")
        assert one.status_code == 200
        assert "unverified" in one.text and "in force" in one.text and "DKK" in one.text
        assert "retsinformation.dk" in one.text and "None" not in one.text
        assert c.get("/parameters/no.such.parameter").status_code == 404
