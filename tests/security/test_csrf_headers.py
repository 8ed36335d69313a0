"""Issue 14, item 9: cross-site requests refused, CSRF tokens on every form (sign-in and policy lab
included), API writes with bearer tokens only, and the security headers on every response."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from .helpers import csrf_of, web_login

EVIL = {"Origin": "https://evil.example"}
DISBURSEMENT = {
    "partner_agreement": "RMGP-TWB-IOM-BMM",
    "reference": "CSRF-1",
    "amount": "1.00",
    "currency": "DKK",
    "transaction_date": "2026-10-05",
    "country": "RS",
}


def test_cookie_only_cross_site_writes_are_refused(make_api: Any, client: TestClient) -> None:
    """Probe 9: with a signed-in administrator's cookie, a POST from https://evil.example is refused (403)
    before it reaches the route, and an API write by cookie alone is refused (401: bearer only)."""
    admin = make_api("administrator")
    web_login(client, admin)
    r = client.post("/api/v1/programmes/RMGP-TWB/disbursements", json=DISBURSEMENT, headers=EVIL)
    assert r.status_code == 403 and r.json()["field"] == "Origin"
    r = client.post(
        "/api/v1/programmes/RMGP-TWB/disbursements",
        json=DISBURSEMENT,
        headers={"Referer": "https://evil.example/page"},
    )
    assert r.status_code == 403
    r = client.post("/api/v1/programmes/RMGP-TWB/disbursements", json=DISBURSEMENT)
    assert r.status_code == 401 and "bearer" in r.json()["message"].lower()
    r = client.post("/lab/run", data={"program": "dk.asylum.status"}, headers=EVIL)
    assert r.status_code == 403


def test_every_form_carries_a_csrf_token_and_the_lab_checks_it(make_api: Any, client: TestClient) -> None:
    """Probe 9: the sign-in form and the lab form carry a CSRF token; a lab run without it is refused."""
    login_page = client.get("/login").text
    assert re.search(r'name="csrf" value="[0-9a-f]{64}"', login_page)
    r = client.post("/login", data={"username": "x", "password": "y"})
    assert r.status_code == 403  # no sign-in CSRF token: refused before the password is checked
    anna = make_api("caseworker")
    web_login(client, anna)
    lab = client.get("/lab")
    assert lab.status_code == 200
    token = csrf_of(lab.text)
    r = client.post("/lab/run", data={"program": "dk.asylum.status"}, follow_redirects=False)
    assert r.status_code == 403 and "csrf" in r.text
    r = client.post("/lab/run", data={"program": "dk.asylum.status", "csrf": token}, follow_redirects=False)
    assert r.status_code != 403


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    """Probe 9: CSP with frame-ancestors, X-Frame-Options, nosniff and Referrer-Policy everywhere."""
    for path in ("/login", "/api/v1/me", "/openapi.json"):
        h = client.get(path).headers
        assert "frame-ancestors 'none'" in h["content-security-policy"], path
        assert "default-src 'self'" in h["content-security-policy"]
        assert h["x-frame-options"] == "DENY"
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "same-origin"
