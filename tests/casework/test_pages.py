"""Server-rendered pages through the app (both backends): sign-in, CSRF, per-case access, audit."""

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
    for path in ("/", "/cases/1", "/audit", "/safe-countries", "/people/new", "/decisions/1"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/login").text)
    assert token
    r = client.post("/login", data={"username": "nobody", "password": "x", "csrf": token.group(1)})
    assert r.status_code == 401 and "Wrong username or password" in r.text


def test_case_page_shows_vulnerabilities_and_refuses_other_caseworkers(make_api: Any, app: Any) -> None:
    anna, bo = make_api("caseworker"), make_api("caseworker")
    _, case, d = granted_case(anna, vulnerabilities=["pregnancy", "ptsd"])
    with TestClient(app) as c:
        web_login(c, anna)
        page = c.get(f"/cases/{case['id']}")
        assert page.status_code == 200
        assert 'id="vulnerability-banner"' in page.text and "pregnancy" in page.text
        dec = c.get(f"/decisions/{d['id']}")
        assert "dk.asylum.status" in dec.text and "identical result" in dec.text
        assert dec.text.count('class="citation"') >= 2
    with TestClient(app) as c:
        web_login(c, bo)
        assert c.get(f"/cases/{case['id']}").status_code == 404
        assert c.get(f"/decisions/{d['id']}").status_code == 404


def test_forms_need_the_csrf_token(make_api: Any, app: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    form = {
        "kind": "individual_assessment",
        "conclusion": "done",
        "reasons": "Interviewed in person, 2 hours.",
    }
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        r = c.post(f"/cases/{case['id']}/assessments", data=form, follow_redirects=False)
        assert r.status_code == 403 and "csrf" in r.text
        assert anna.get(f"/cases/{case['id']}/assessments") == []
        r = c.post(f"/cases/{case['id']}/assessments", data={**form, "csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303
        assert len(anna.get(f"/cases/{case['id']}/assessments")) == 1


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


def test_audit_page_for_auditors_only(make_api: Any, app: Any) -> None:
    anna, ida = make_api("caseworker"), make_api("auditor")
    with TestClient(app) as c:
        web_login(c, anna)
        assert c.get("/audit").status_code == 403
    with TestClient(app) as c:
        web_login(c, ida)
        r = c.get("/audit")
        assert r.status_code == 200 and "Chain verified" in r.text


def test_bad_page_input_is_a_4xx_not_a_crash(make_api: Any, app: Any) -> None:
    anna = make_api("caseworker")
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    with TestClient(app, raise_server_exceptions=False) as c:
        web_login(c, anna)
        r = c.get(f"/cases/{case['id']}/assess?program=no.such.program")
        assert r.status_code == 422 and "program" in r.text
        assert c.get("/cases/99999999999").status_code == 422


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
