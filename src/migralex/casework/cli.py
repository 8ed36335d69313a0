"""Casework commands, mounted on the main ``migralex`` app by :func:`register`.

``migralex serve`` is in :mod:`migralex.web.cli` (it builds the web app; casework never imports web).

migralex audit verify [--checkpoint FILE] [--public-key HEX] [--database-url URL]
migralex audit keygen FILE
migralex audit checkpoint [--key FILE] [--out DIR] [--database-url URL]
migralex users add USERNAME --role ROLE [--password-stdin]
migralex casework migrate | demo
"""

from __future__ import annotations

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
    """Add ``audit``, ``users`` and ``casework`` to the main CLI."""
    app.add_typer(audit_app, name="audit")
    app.add_typer(users_app, name="users")
    app.add_typer(casework_app, name="casework")
