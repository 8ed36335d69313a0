"""Request-level protections of the web app (one ASGI middleware).

* Requests that only read (GET, HEAD, OPTIONS) run with :data:`migralex.casework.store.READ_ONLY` set,
  so their SQLite transactions never take the write lock.
* A state-changing request whose ``Origin`` (or, without one, ``Referer``) names another site is refused
  (403) before it reaches a route: cross-site request forgery.
* Anonymous requests (no bearer token, no session cookie) are rate-limited per client address with a
  token bucket (429 with ``Retry-After``); the table of buckets is bounded.
* Every response carries a Content-Security-Policy (no framing, no inline script), X-Frame-Options,
  X-Content-Type-Options, Referrer-Policy and, on HTML forms that lack one, the session's CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from migralex.casework.errors import PROBLEM_JSON, problem
from migralex.casework.store import READ_ONLY

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]
ASGIApp = Callable[[Scope, Receive, Send], Any]

COOKIE = "migralex_session"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
_FORM = re.compile(rb"<form\b[^>]*\bmethod=[\"']?post[^>]*>", re.IGNORECASE)


def csrf_token(key: bytes, raw_session: str) -> str:
    """The CSRF token of a web session: HMAC of the session token under the cookie-signing key."""
    return hmac.new(key, f"csrf:{raw_session}".encode(), hashlib.sha256).hexdigest()


@dataclass
class RateLimit:
    """A token bucket per client address: ``rate`` requests a second on average, bursts of ``burst``."""

    rate: float = 5.0
    burst: float = 50.0
    max_clients: int = 10_000

    def __post_init__(self) -> None:
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls) -> RateLimit:
        """``MIGRALEX_ANON_RATE="RATE/BURST"`` (requests per second / burst), else the defaults."""
        spec = os.environ.get("MIGRALEX_ANON_RATE", "")
        if not spec:
            return cls()
        rate, _, burst = spec.partition("/")
        return cls(float(rate), float(burst or rate))

    def wait(self, client: str, now: float | None = None) -> float:
        """0 if ``client`` may make a request now (and count it), else the seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                tokens -= 1
                delay = 0.0
            else:
                delay = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.max_clients:  # forget the longest-idle client
                self._buckets.popitem(last=False)
            return delay


def _header(scope: Scope, name: bytes) -> str:
    for k, v in scope.get("headers", []):
        if k == name:
            return str(v.decode("latin-1"))
    return ""


def _own_origin(scope: Scope) -> str:
    host = _header(scope, b"host") or "localhost"
    return f"{scope.get('scheme', 'http')}://{host}".lower()


def _allowed_origins(scope: Scope) -> set[str]:
    extra = os.environ.get("MIGRALEX_ALLOWED_ORIGINS", "")
    return {_own_origin(scope), *(o.strip().rstrip("/").lower() for o in extra.split(",") if o.strip())}


def foreign_origin(scope: Scope) -> str | None:
    """The other site a state-changing request came from (``Origin``, else ``Referer``), or None."""
    origin = _header(scope, b"origin")
    if not origin:
        referer = _header(scope, b"referer")
        if not referer:
            return None
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    origin = origin.rstrip("/").lower()
    return None if origin in _allowed_origins(scope) else origin


def _cookie(scope: Scope, name: str) -> str:
    for part in _header(scope, b"cookie").split(";"):
        k, _, v = part.strip().partition("=")
        if k == name:
            return v.strip('"')
    return ""


class SecurityMiddleware:
    """See the module docstring; ``secret_key`` signs cookies and derives CSRF tokens."""

    def __init__(self, app: ASGIApp, secret_key: Callable[[], bytes], limit: RateLimit | None = None) -> None:
        self.app = app
        self.secret_key = secret_key
        self.limit = limit or RateLimit.from_env()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        path: str = scope.get("path", "")
        if method not in READ_METHODS and (other := foreign_origin(scope)) is not None:
            await self._refuse(
                scope, send, 403, "forbidden", f"cross-site request from {other} refused", "Origin"
            )
            return
        anonymous = not _header(scope, b"authorization") and not _cookie(scope, COOKIE)
        if anonymous and not path.startswith("/static/"):
            client = (scope.get("client") or ("unknown", 0))[0]
            delay = self.limit.wait(str(client))
            if delay > 0:
                await self._refuse(
                    scope,
                    send,
                    429,
                    "too_many_requests",
                    "too many requests from this address; slow down",
                    None,
                    {"retry-after": str(max(1, round(delay)))},
                )
                return
        token = READ_ONLY.set(method in READ_METHODS)
        try:
            await self.app(scope, receive, self._sender(scope, send))
        finally:
            READ_ONLY.reset(token)

    def _sender(self, scope: Scope, send: Send) -> Send:
        """Add the headers; put the CSRF token into HTML forms that lack one (signed-in users only)."""
        raw_cookie = _cookie(scope, COOKIE)
        start: Message | None = None
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in dict(HEADERS)]
                message = {**message, "headers": headers + HEADERS}
                content_type = dict(headers).get(b"content-type", b"")
                if raw_cookie and content_type.startswith(b"text/html"):
                    start = message  # hold it: the body may change length
                    return
                await send(message)
                return
            if start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = self._with_csrf(b"".join(chunks), raw_cookie)
                headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        return wrapped

    def _with_csrf(self, body: bytes, signed_cookie: str) -> bytes:
        from migralex.casework.access import unsign

        key = self.secret_key()
        raw = unsign(key, signed_cookie)
        if raw is None:
            return body
        field = f'<input type="hidden" name="csrf" value="{csrf_token(key, raw)}">'.encode()

        def add(match: re.Match[bytes]) -> bytes:
            tail = body[match.end() : match.end() + 4000].split(b"</form", 1)[0]
            return match.group(0) if b'name="csrf"' in tail else match.group(0) + field

        return _FORM.sub(add, body)

    async def _refuse(
        self,
        scope: Scope,
        send: Send,
        status: int,
        code: str,
        message: str,
        field: str | None,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        body = json.dumps(problem(status, code, message, field)).encode()
        headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
        headers += [(k.encode(), v.encode()) for k, v in (extra_headers or {}).items()]
        await send({"type": "http.response.start", "status": status, "headers": headers + HEADERS})
        await send({"type": "http.response.body", "body": body})
