"""Casework commands, mounted on the main ``migralex`` app by :func:`register`.

migralex serve [--demo] [--host 127.0.0.1] [--port 8000] [--database-url URL]
migralex audit verify [--checkpoint FILE] [--public-key HEX] [--database-url URL]
migralex audit keygen FILE
migralex audit checkpoint [--key FILE] [--out DIR] [--database-url URL]
migralex users add USERNAME --role ROLE [--password-stdin]
migralex casework migrate | demo
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Annotated, Any

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


def demo_passwords_in_use(factory: Any) -> list[str]:
    """Active demo users whose password is still the published demo password."""
    from sqlalchemy import select

    from migralex.casework import access
    from migralex.casework.demo import DEMO_USERS
    from migralex.casework.models import User

    with factory() as s:
        found = []
        for username, _role, _name, password in DEMO_USERS:
            user = s.scalar(select(User).where(User.username == username, User.active.is_(True)))
            if user is not None and access.verify_password(user, password):
                found.append(username)
        s.rollback()
        return found


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


@audit_app.command("verify")
def audit_verify(
    database_url: DbUrl = None,
    checkpoint_file: Annotated[
        Path | None, typer.Option("--checkpoint", help="A signed checkpoint the chain must still extend")
    ] = None,
    public_key: Annotated[
        str | None, typer.Option("--public-key", help="The trusted public key (hex) of the checkpoint")
    ] = None,
) -> None:
    """Verify the audit chain (and that it still extends a signed checkpoint); exit 1 naming the bad entry."""
    from migralex.casework import audit, checkpoint
    from migralex.casework.store import casework_engine, session_factory

    cp = None
    if checkpoint_file is not None:
        try:
            cp = checkpoint.Checkpoint.from_json(checkpoint_file.read_text(encoding="utf-8"))
        except (OSError, checkpoint.CheckpointError) as exc:
            err.print(f"error: --checkpoint: {exc}")
            raise typer.Exit(2) from None
    engine = casework_engine(database_url)
    try:
        with session_factory(engine)() as s:
            try:
                result = audit.verify(s) if cp is None else checkpoint.verify_against(s, cp, public_key)
            except checkpoint.CheckpointError as exc:
                err.print(f"audit checkpoint REFUSED: {exc}")
                raise typer.Exit(1) from None
            s.rollback()
    finally:
        engine.dispose()
    if result.ok:
        extends = f"; it extends the checkpoint at entry {cp.seq} ({cp.at})" if cp else ""
        out.print(f"audit chain OK: {result.checked} entries verified{extends}")
        return
    err.print(
        f"audit chain BROKEN at entry {result.bad_seq}: {result.reason} ({result.checked} good before it)"
    )
    raise typer.Exit(1)


@audit_app.command("keygen")
def audit_keygen(
    path: Annotated[Path, typer.Argument(help="Where to write the private key (new file)")],
) -> None:
    """Make an ed25519 key for signing checkpoints; keep it outside the database (and its backups)."""
    from migralex.casework import checkpoint

    try:
        public = checkpoint.generate_key(path)
    except FileExistsError:
        err.print(f"error: {path} exists; not overwriting a key")
        raise typer.Exit(2) from None
    out.print(f"private key written to {path}; public key (give to verifiers): {public}")


@audit_app.command("checkpoint")
def audit_checkpoint(
    database_url: DbUrl = None,
    key: Annotated[
        Path | None, typer.Option("--key", help="ed25519 private key file; default $MIGRALEX_AUDIT_KEY")
    ] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Also write the checkpoint into DIR")] = None,
) -> None:
    """Print the audit head signed with a key kept outside the database, for safekeeping elsewhere."""
    import os

    from migralex.casework import checkpoint
    from migralex.casework.store import casework_engine, session_factory

    key_path = key or (Path(os.environ[checkpoint.KEY_ENV]) if os.environ.get(checkpoint.KEY_ENV) else None)
    if key_path is None:
        err.print(f"error: --key: give the private key file (or set {checkpoint.KEY_ENV})")
        raise typer.Exit(2)
    try:
        private = checkpoint.load_key(key_path)
    except (OSError, ValueError, checkpoint.CheckpointError) as exc:
        err.print(f"error: --key: {exc}")
        raise typer.Exit(2) from None
    engine = casework_engine(database_url)
    try:
        with session_factory(engine)() as s:
            cp = checkpoint.make(s, private)
            s.rollback()
    finally:
        engine.dispose()
    if out_dir is not None:
        checkpoint.write(cp, out_dir)
    out.print(cp.to_json(), soft_wrap=True)


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
