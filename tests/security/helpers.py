"""Helpers of the security probes."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient


def csrf_of(html: str) -> str:
    """The CSRF token of the first form in ``html``."""
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, html[:500]
    return match.group(1)


def web_login(client: TestClient, api: Any) -> None:
    """Sign ``client`` in to the pages as ``api``'s user (through the sign-in form and its CSRF token)."""
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": api.username, "password": api.password, "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
