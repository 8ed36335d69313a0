"""Server-rendered pages through the app (both backends): sign-in, CSRF, per-case access, audit, forms that
keep what was typed, and HTML error pages for browsers while the API keeps problem+json."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from .helpers import granted_case, person


def web_login(client: TestClient, api: Any) -> str:
    """Sign the test client in as ``api``'s user; return a CSRF token from a page."""
    password = api.password
    form = client.get("/login")
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', form.text)
    assert token
    r = client.post(
        "/login",
        data={"username": api.username, "password": password, "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "migralex_session" in r.headers["set-cookie"]
    assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=strict" in r.headers["set-cookie"]
    page = client.get("/")
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert match
    return match.group(1)


def test_pages_need_sign_in(client: TestClient) -> None:
    for path in ("/", "/cases/1", "/audit", "/safe-countries", "/people/new"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/login").text)
    assert token
    r = client.post("/login", data={"username": "nobody", "password": "x", "csrf": token.group(1)})
    assert r.status_code == 401 and "Wrong username or password" in r.text
    assert 'class="govuk-error-summary"' in r.text and 'value="nobody"' in r.text


def test_case_page_shows_vulnerabilities_and_refuses_other_caseworkers(make_api: Any, app: Any) -> None:
    anna, bo = make_api("caseworker"), make_api("caseworker")
    _, case, _ = granted_case(anna, vulnerabilities=["pregnancy", "ptsd"])
    with TestClient(app) as c:
        web_login(c, anna)
        page = c.get(f"/cases/{case['id']}")
        assert page.status_code == 200
        assert 'id="vulnerability-banner"' in page.text and "pregnancy" in page.text
        assert 'href="#main-content"' in page.text and 'class="govuk-service-navigation' in page.text
    with TestClient(app) as c:
        web_login(c, bo)
        refused = c.get(f"/cases/{case['id']}", headers={"accept": "text/html"})
        # another caseworker's case does not exist for bo: a 404 page in the shell, navigation kept
        assert refused.status_code == 404 and refused.headers["content-type"].startswith("text/html")
        assert "Page not found" in refused.text and "Work queue" in refused.text
        assert "Sign out" in refused.text


def test_forms_need_the_csrf_token(make_api: Any, app: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    files = {"file": ("letter.txt", b"a letter", "text/plain")}
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        r = c.post(f"/cases/{case['id']}/documents", data={"title": "Letter"}, files=files)
        assert r.status_code == 403 and "You cannot do that" in r.text
        assert anna.get(f"/cases/{case['id']}/documents") == []
        r = c.post(
            f"/cases/{case['id']}/documents",
            data={"title": "Letter", "csrf": csrf},
            files=files,
            follow_redirects=False,
        )
        assert r.status_code == 303
        assert len(anna.get(f"/cases/{case['id']}/documents")) == 1


def test_intake_with_mistakes_keeps_every_answer_and_names_fields_in_plain_words(
    make_api: Any, app: Any
) -> None:
    anna = make_api("caseworker")
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        r = c.post(
            "/people/new",
            data={
                "csrf": csrf,
                "full_name": "",
                "birth_date": "1990-02-30",
                "nationality": "SY",
                "home_region": "Idlib",
                "vulnerabilities[]": ["ptsd", "minor"],
                "summary": "Arrived by land",
                "case_kind": "asylum_claim",
            },
        )
        assert r.status_code == 422
        assert "There is a problem" in r.text and "Enter full name" in r.text
        assert "field: full_name" not in r.text and "String should" not in r.text
        assert 'href="#f-full_name"' in r.text  # the summary links to the field
        for kept in ('value="SY"', 'value="Idlib"', "Arrived by land", 'value="1990-02-30"'):
            assert kept in r.text, kept
        assert r.text.count("checked") >= 2  # both vulnerabilities stay ticked
        assert 'class="govuk-service-navigation' in r.text  # navigation stays
    listed = anna.get("/people?limit=200")
    assert all(row["home_region"] != "Idlib" for row in listed["items"])  # nothing written half-way


def test_audit_page_for_auditors_only(make_api: Any, app: Any) -> None:
    anna, ida = make_api("caseworker"), make_api("auditor")
    with TestClient(app) as c:
        web_login(c, anna)
        assert c.get("/audit").status_code == 403
    with TestClient(app) as c:
        web_login(c, ida)
        r = c.get("/audit")
        assert r.status_code == 200 and "Chain verified" in r.text
        assert c.get(f"/audit?offset={10**20}").status_code == 200  # an edited link: brought in range


def test_browsers_get_error_pages_and_the_api_problem_json(make_api: Any, app: Any) -> None:
    anna = make_api("caseworker")
    with TestClient(app, raise_server_exceptions=False) as c:
        web_login(c, anna)
        html = {"accept": "text/html,application/xhtml+xml"}
        for path in ("/cases/99999999999", "/no/such/page", "/cases/abc"):
            r = c.get(path, headers=html)
            assert r.status_code == 404 and "Page not found" in r.text, path
            assert "<html" in r.text and "Work queue" in r.text and '"detail"' not in r.text
        case = anna.post("/cases", {"kind": "asylum_claim", "person_id": person(anna)["id"]})
        r = c.get(f"/cases/{case['id']}/assess?program=no.such.program", headers=html)
        assert r.status_code == 422 and "program" in r.text
        r = c.get("/api/v1/no/such/thing", headers={"accept": "application/json"})
        assert r.status_code in (401, 404)
        assert r.headers["content-type"].startswith("application/problem+json")


def test_document_upload_keeps_only_metadata_and_fingerprint(make_api: Any, app: Any) -> None:
    import hashlib

    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    content = b"%PDF-1.4 interview record" * 100
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        r = c.post(
            f"/cases/{case['id']}/documents",
            data={
                "csrf": csrf,
                "title": "Interview",
                "doc_type": "interview_record",
                "received_on": "2025-02-02",
            },
            files={"file": ("interview.pdf", content, "application/pdf")},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        r = c.post(
            f"/cases/{case['id']}/documents",
            data={"title": "No file"},
            files={"file": ("x.pdf", b"x", "application/pdf")},
        )
        assert r.status_code == 403
    [doc] = anna.get(f"/cases/{case['id']}/documents")
    assert doc["sha256"] == hashlib.sha256(content).hexdigest() and doc["size_bytes"] == len(content)
    assert doc["filename"] == "interview.pdf" and doc["received_on"] == "2025-02-02"


def test_blocked_decision_page_lists_reasons_with_sources(make_api: Any, app: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna, birth_date="2012-01-01")
    case = anna.post("/cases", {"kind": "expulsion", "person_id": p["id"]})
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        r = c.post(
            f"/cases/{case['id']}/decide",
            data={"csrf": csrf, "kind": "expulsion", "reasons": "x", "date": "2025-01-01"},
        )
        assert r.status_code == 409
        for needed in (
            "Individual assessment not recorded",
            "Non-refoulement not recorded",
            "Best interests of the child not recorded",
        ):
            assert needed in r.text
        assert "ohchr.org" in r.text and "unhcr.org" in r.text
    assert anna.get(f"/cases/{case['id']}/decisions") == []
