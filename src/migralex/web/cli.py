"""``migralex serve``: the web service (API and casework pages), mounted by :func:`register`.

migralex serve [--demo] [--host 127.0.0.1] [--port 8000] [--database-url URL]

It lives above casework (it builds the app of :mod:`migralex.web`), so casework never imports web.
"""

from __future__ import annotations

import os
import socket
import sys
from typing import Annotated

import typer

from migralex.clikit import DatabaseUrlOption as DbUrl
from migralex.clikit import fail, out


def database_banner(option: str | None, url: str) -> str:
    """Which database a command uses and why (password hidden)."""
    from sqlalchemy.engine import make_url

    shown = make_url(url).render_as_string(hide_password=True)
    if option:
        return f"{shown} (from --database-url)"
    if os.environ.get("DATABASE_URL"):
        return f"{shown} (from $DATABASE_URL)"
    return f"{shown} (embedded SQLite default; set --database-url or $DATABASE_URL for another)"


def bind(host: str, port: int) -> socket.socket:
    """Listen on ``host:port`` now, so that a port in use is an error before anything is printed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP: asyncio then sets TCP_NODELAY on every accepted connection (it checks the proto);
    # without it each response waits ~40 ms for the client's delayed ACK (Nagle), whatever the server does.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        fail(f"--host/--port: cannot listen on {host}:{port}: {exc.strerror}")
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(
    demo: Annotated[bool, typer.Option("--demo", help="Load demo users and cases (once)")] = False,
    host: Annotated[str, typer.Option("--host", metavar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT")] = 8000,
    database_url: DbUrl = None,
) -> None:
    """Run the casework web service (migrates the database first); logs each request."""
    import uvicorn

    from migralex.casework.cli import demo_passwords_in_use, load_demo
    from migralex.casework.demo import DEMO_USERS
    from migralex.db.session import resolve_url
    from migralex.web import create_app

    sock = bind(host, port)
    url = resolve_url(database_url)
    if demo:
        load_demo(url)
    app = create_app(url)
    if not demo and (published := demo_passwords_in_use(app.state.sessions)):
        app.state.engine.dispose()
        sock.close()
        fail(
            "refusing to start without --demo: the demo users "
            f"{', '.join(published)} still have their published demo passwords; change their passwords "
            "(POST /api/v1/users/{id}/password) or disable them, or start with --demo"
        )
    where = f"[{host}]" if ":" in host else host
    out.print(f"migralex casework on http://{where}:{port}")
    out.print(f"database: {database_banner(database_url, url)}")
    out.print(f"API: http://{where}:{port}/api/v1 · OpenAPI: http://{where}:{port}/openapi.json")
    if demo:
        out.print("Demo logins (demo only):")
        for username, role, _name, password in DEMO_USERS:
            out.print(f"  {username:<6} {password:<16} {role}")
    out.print("Requests are logged below; Ctrl+C stops the service.")
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="info", access_log=True)
    uvicorn.Server(config).run(sockets=[sock])


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the main CLI."""
    app.command("serve")(serve)
