"""``migralex serve``: the web service (API and casework pages), mounted by :func:`register`.

migralex serve [--demo] [--host 127.0.0.1] [--port 8000] [--database-url URL] [--workers N]

It lives above casework (it builds the app of :mod:`migralex.web`), so casework never imports web.
With ``--workers N`` (POSIX, PostgreSQL) the parent migrates the database and loads the rule packs once,
then forks N server processes that accept on the same socket and each open their own connections; a
worker dies with its parent (also on ``kill -9``), and when one worker ends the others are stopped. A
SQLite file is served by one process: its writers take turns through the process's write queue
(:mod:`migralex.casework.store`), and writers of several processes measured slower, not faster
(benchmarks/results/casework_load.md).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import traceback
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


#: At most this many ``--workers`` (each is a full server process with its own connection pool).
MAX_WORKERS = 16


def settle_heap() -> None:
    """Load the rule packs, then hand every object alive now to the garbage collector's permanent
    generation (:func:`gc.freeze`), so a full collection never scans them again.

    The loaded packs and the app are about 250,000 long-lived objects; a full (generation 2) collection
    walks them all, and while it runs (60-190 ms here under load) every request waits: that was the
    p99 of the load benchmark on SQLite (benchmarks/results/casework_load.md). Frozen, they are
    still freed by reference counting; only cyclic garbage among them would stay (there is none to
    speak of: they live as long as the process). Before forking workers it also keeps the pages shared.
    """
    import gc

    from migralex.rules.registry import programs

    programs()
    gc.collect()
    gc.freeze()


def _die_with_parent() -> None:
    """Linux: this process gets SIGKILL when its parent dies, however it dies (no orphaned workers)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent still stops its workers when it ends
        pass


def _run_worker(url: str, sock: socket.socket, first: bool, parent: int) -> None:
    """A forked worker: its own app (engine, pool) on the shared socket; never returns."""
    import uvicorn

    from migralex.casework import checkpoint
    from migralex.web import create_app

    code = 0
    try:
        _die_with_parent()
        if os.getppid() != parent:  # the parent died before the line above: do not serve orphaned
            raise SystemExit(1)
        if not first:  # one worker writes the periodic audit checkpoints
            os.environ.pop(checkpoint.KEY_ENV, None)
        app = create_app(url, migrate=False)
        settle_heap()
        uvicorn.Server(uvicorn.Config(app, log_level="info", access_log=True)).run(sockets=[sock])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # a worker never returns into the parent's code
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _supervise(url: str, sock: socket.socket, workers: int) -> None:
    """Fork ``workers`` server processes; SIGTERM/SIGINT stop them; when one ends, stop the rest."""
    pids: list[int] = []
    parent = os.getpid()
    for i in range(workers):
        pid = os.fork()
        if pid == 0:
            _run_worker(url, sock, first=i == 0, parent=parent)
        pids.append(pid)
    sock.close()

    def stop(signum: int, _frame: object) -> None:
        for p in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    while pids:
        pid, code = os.wait()
        if pid in pids:
            pids.remove(pid)
            status = status or os.waitstatus_to_exitcode(code)
            stop(signal.SIGTERM, None)
    if status:
        raise typer.Exit(1)


def serve(
    demo: Annotated[bool, typer.Option("--demo", help="Load demo users and cases (once)")] = False,
    host: Annotated[str, typer.Option("--host", metavar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT")] = 8000,
    database_url: DbUrl = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            metavar="N",
            min=1,
            max=MAX_WORKERS,
            help="Server processes sharing the port (POSIX, PostgreSQL only; default 1). Each has its "
            "own connection pool; the anonymous rate limit is kept per process.",
        ),
    ] = 1,
) -> None:
    """Run the casework web service (migrates the database first); logs each request."""
    import uvicorn
    from sqlalchemy.engine import make_url

    from migralex.casework.cli import demo_passwords_in_use, load_demo
    from migralex.casework.demo import DEMO_USERS
    from migralex.db.session import resolve_url
    from migralex.web import create_app

    url = resolve_url(database_url)
    if workers > 1 and not hasattr(os, "fork"):
        fail("--workers: more than one worker needs fork (POSIX)")
    if workers > 1 and make_url(url).get_backend_name() != "postgresql":
        fail(
            "--workers: more than one worker needs PostgreSQL; a SQLite file is served by one process "
            "(its writers take turns in that process's write queue)"
        )
    sock = bind(host, port)
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
    if workers > 1:
        out.print(f"{workers} worker processes.")
    out.print("Requests are logged below; Ctrl+C stops the service.")
    sys.stdout.flush()
    if workers > 1:
        app.state.engine.dispose()  # the workers open their own connections
        settle_heap()  # the rule packs loaded once here, shared by the forked workers
        _supervise(url, sock, workers)
        return
    settle_heap()
    config = uvicorn.Config(app, log_level="info", access_log=True)
    uvicorn.Server(config).run(sockets=[sock])


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the main CLI."""
    app.command("serve")(serve)
