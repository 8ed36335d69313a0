"""A real server for browser tests: ``migralex serve --demo`` on a free 127.0.0.1 port, per backend."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise RuntimeError(f"server exited early: {out}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


def postgres_database(base_url: str) -> Iterator[str]:
    """A uniquely named database on the server of ``base_url``, dropped afterwards."""
    url = make_url(base_url)
    name = f"migralex_web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database URL per backend (PostgreSQL skipped when ``DATABASE_URL`` is unset)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite3'}"
        return
    base = os.environ.get("DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        pytest.skip("DATABASE_URL is not set to a PostgreSQL server")
    gen = postgres_database(base)
    yield next(gen)
    next(gen, None)


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
