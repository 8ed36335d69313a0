"""A slow form upload must not hold the database: another user's request completes meanwhile.

Against the real uvicorn server: request A sends its headers and half its body, then stalls; request B
is sent and must finish quickly. (Reading a form inside an open SQLite write transaction would stall
the event loop until the busy timeout.)
"""

from __future__ import annotations

import re
import socket
import time
from urllib.parse import urlencode, urlparse

import httpx


def _signed_in(server: str, username: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=server, timeout=40, follow_redirects=True)
    login = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/login").text)
    assert login
    r = client.post(
        "/login", data={"username": username, "password": f"{username}-demo-pass", "csrf": login.group(1)}
    )
    assert r.status_code == 200 and "Work queue" in r.text
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/people/new").text)
    assert match
    return client, match.group(1)


def test_a_stalled_form_does_not_block_other_requests(server: str) -> None:
    slow_client, slow_csrf = _signed_in(server, "anna")
    fast_client, fast_csrf = _signed_in(server, "bo")
    body = urlencode(
        {"csrf": slow_csrf, "full_name": "Slow Upload", "nationality": "IR", "case_kind": "asylum_claim"}
    ).encode()
    url = urlparse(server)
    cookie = "; ".join(f"{k}={v}" for k, v in slow_client.cookies.items())
    sock = socket.create_connection((url.hostname, url.port), timeout=30)
    try:
        sock.sendall(
            f"POST /people/new HTTP/1.1\r\nHost: {url.netloc}\r\nCookie: {cookie}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n".encode()
            + body[: len(body) // 2]
        )
        time.sleep(0.5)  # A is now waiting for the rest of its body
        t0 = time.monotonic()
        r = fast_client.post(
            "/people/new",
            data={
                "csrf": fast_csrf,
                "full_name": "Fast Intake",
                "nationality": "IR",
                "case_kind": "asylum_claim",
            },
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        assert time.monotonic() - t0 < 5
        sock.sendall(body[len(body) // 2 :])
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
        assert reply.startswith(b"HTTP/1.1 303"), reply[:300]
    finally:
        sock.close()
        slow_client.close()
        fast_client.close()
