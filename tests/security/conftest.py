"""Fixtures for the security probes of issue 14: the casework fixtures (both backends), a live server.

``live`` runs the app under uvicorn in a thread on a free port, so tests can make truly concurrent HTTP
requests against one event loop (the TestClient gives each client its own loop and would hide a blocked one).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from tests.casework.conftest import Api, app, client, db_url, make_api, senior_token, sessions

__all__ = ["Api", "app", "client", "db_url", "live", "make_api", "senior_token", "sessions"]


@pytest.fixture(scope="session")
def live(app: FastAPI) -> Iterator[str]:
    """Base URL of the app served by uvicorn in a background thread."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
