"""Casework commands, mounted on the main ``migralex`` app by :func:`register`.

migralex serve [--demo] [--host 127.0.0.1] [--port 8000] [--database-url URL]
migralex audit verify [--database-url URL]
migralex users add USERNAME --role ROLE [--password-stdin]
migralex casework migrate | demo
"""

from __future__ import annotations

import os
import socket
import sys
from typing import Annotated

import typer

from migralex.casework.errors import CaseworkError
from migralex.clikit import DatabaseUrlOption as DbUrl
from migralex.clikit import err, fail, out

audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
users_app = typer.Typer(help="Users of the casework service.", no_args_is_help=True)
casework_app = typer.Typer(help="Casework database and demo data.", no_args_is_help=True)


def _sessions(url: str | None):  # type: ignore[no-untyped-def]
    from migralex.casework.store import casework_engine, session_factory
    from migralex.db.migrate import upgrade

    upgrade(url)
    engine = casework_engine(url)
    return engine, session_factory(engine)


def load_demo(url: str | None) -> bool:
    """Migrate and load the demo data once; True when loaded now."""
    from migralex.casework import demo

    engine, factory = _sessions(url)
    try:
        with factory() as s:
            loaded = demo.load(s)
            s.commit()
        return loaded
    finally:
        engine.dispose()


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
    sock = socket.socket(family, socket.SOCK_STREAM)
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

    from migralex.casework.demo import DEMO_USERS
    from migralex.db.session import resolve_url
    from migralex.web import create_app

    sock = bind(host, port)
    url = resolve_url(database_url)
    if demo:
        load_demo(url)
    app = create_app(url)
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


@audit_app.command("verify")
def audit_verify(database_url: DbUrl = None) -> None:
    """Verify the audit chain; exit 1 naming the first bad entry."""
    from migralex.casework import audit
    from migralex.casework.store import casework_engine, session_factory

    engine = casework_engine(database_url)
    try:
        with session_factory(engine)() as s:
            result = audit.verify(s)
            s.rollback()
    finally:
        engine.dispose()
    if result.ok:
        out.print(f"audit chain OK: {result.checked} entries verified")
        return
    err.print(
        f"audit chain BROKEN at entry {result.bad_seq}: {result.reason} ({result.checked} good before it)"
    )
    raise typer.Exit(1)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument()],
    role: Annotated[
        str, typer.Option("--role", help="caseworker | senior_caseworker | auditor | administrator")
    ],
    display_name: Annotated[str, typer.Option("--name")] = "",
    database_url: DbUrl = None,
) -> None:
    """Add a user; the password is read from standard input (never from the command line)."""
    from migralex.casework import access

    password = (
        sys.stdin.readline().rstrip("\n")
        if not sys.stdin.isatty()
        else typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    )
    engine, factory = _sessions(database_url)
    try:
        with factory() as s:
            user = access.create_user(s, None, username, password, role, display_name)
            s.commit()
    except CaseworkError as exc:
        fail(f"{exc.field}: {exc.message}")
    finally:
        engine.dispose()
    out.print(f"user {user.username} ({user.role}) added")


@casework_app.command("migrate")
def migrate(database_url: DbUrl = None) -> None:
    """Bring the database schema up to date."""
    from migralex.db.migrate import head_revision, upgrade

    upgrade(database_url)
    out.print(f"database at revision {head_revision()}")


@casework_app.command("demo")
def demo_cmd(database_url: DbUrl = None) -> None:
    """Load the demo data (once)."""
    out.print("demo data loaded" if load_demo(database_url) else "demo data already present")


def register(app: typer.Typer) -> None:
    """Add ``serve``, ``audit``, ``users`` and ``casework`` to the main CLI."""
    app.command("serve")(serve)
    app.add_typer(audit_app, name="audit")
    app.add_typer(users_app, name="users")
    app.add_typer(casework_app, name="casework")
