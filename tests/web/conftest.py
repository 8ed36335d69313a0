"""A real server for browser tests: ``migralex serve --demo`` on a free 127.0.0.1 port, per backend."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.databases import BACKENDS, fresh_database

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(database_url: str, cwd: Path, port: int) -> subprocess.Popen[bytes]:
    """Start ``migralex serve --demo`` and wait until it answers."""
    exe = Path(sys.executable).with_name("migralex")
    log = cwd / "server.log"
    proc = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--demo",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database-url",
            database_url,
        ],
        cwd=cwd,
        stdout=log.open("wb"),  # a file, not a pipe: the request log must never fill a pipe and block
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database URL per backend."""
    with fresh_database(request.param, tmp_path_factory, "migralex_web") as url:
        yield url


@pytest.fixture(scope="session")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a demo server (``migralex serve --demo``) on a fresh database."""
    tmp = tmp_path_factory.mktemp("srv")
    port = free_port()
    proc = start_server(backend, tmp, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never downloads a browser)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: browser tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def shot(backend: str) -> object:
    """``shot(page, name)`` saves a full-page screenshot under test-artifacts/web/<backend>/."""
    folder = ARTIFACTS / backend.split(":", 1)[0].split("+", 1)[0]
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: object, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]

    return take
