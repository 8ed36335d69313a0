"""The migralex web application: casework API and pages, programme ledger, policy lab.

from migralex.web import create_app
app = create_app("sqlite:///var/migralex.sqlite3")   # or None: $DATABASE_URL, else var/migralex.sqlite3
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from migralex.casework import access, checkpoint
from migralex.casework.api import auth_router, install_error_handlers
from migralex.casework.api import router as api_router
from migralex.casework.store import casework_engine, session_factory
from migralex.db.migrate import upgrade
from migralex.db.session import resolve_url
from migralex.notices.api import router as notices_router
from migralex.rules.registry import programs
from migralex.web.guard import signed_in_guard
from migralex.web.security import RateLimit, SecurityMiddleware

#: Routers of other parts, mounted when installed, each behind sign-in: the module, the part's name in the
#: shell's navigation (``migralex.ui.templating.NavItem.part``) and the roles that may change things.
OPTIONAL_ROUTERS = {
    "migralex.programmes.web": ("programmes", ("administrator",)),
    "migralex.lab.web": ("lab", ("caseworker", "senior_caseworker", "administrator")),
}


def write_checkpoint(app: FastAPI) -> None:
    """Sign the audit head and write it to ``$MIGRALEX_AUDIT_CHECKPOINT_DIR`` (see :mod:`.checkpoint`)."""
    key = checkpoint.load_key(Path(os.environ[checkpoint.KEY_ENV]))
    with app.state.sessions() as session:
        cp = checkpoint.make(session, key)
        session.rollback()
    checkpoint.write(cp, Path(os.environ[checkpoint.DIR_ENV]))


def periodic_checkpoints(app: FastAPI) -> asyncio.Task[None] | None:
    """When a key and a directory are configured, write a signed checkpoint now and then every
    ``$MIGRALEX_AUDIT_CHECKPOINT_SECONDS`` (default an hour), off the event loop."""
    if not (os.environ.get(checkpoint.KEY_ENV) and os.environ.get(checkpoint.DIR_ENV)):
        return None
    every = float(os.environ.get(checkpoint.EVERY_ENV, "3600"))

    async def loop() -> None:
        while True:
            try:
                await run_in_threadpool(write_checkpoint, app)
            except Exception:  # a failed checkpoint must not stop the service; it is logged
                logging.getLogger(__name__).exception("audit checkpoint failed")
            await asyncio.sleep(every)

    return asyncio.get_running_loop().create_task(loop())


def create_app(
    database_url: str | None = None, *, migrate: bool = True, anonymous_limit: RateLimit | None = None
) -> FastAPI:
    """Build the app on ``database_url``, migrating the schema first unless ``migrate`` is off.

    ``anonymous_limit`` rate-limits requests without a token or session per client address (default:
    ``MIGRALEX_ANON_RATE``, else 5 a second with bursts of 50).
    """
    from migralex.web.assessment import router as assessment_router
    from migralex.web.pages import install_page_errors
    from migralex.web.pages import router as pages_router

    url = resolve_url(database_url)
    if migrate:
        upgrade(url)
    engine = casework_engine(url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the rule packs load now, not inside the first decision's request (1.5-2 s on this machine)
        await run_in_threadpool(programs)
        task = periodic_checkpoints(app)
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            engine.dispose()

    app = FastAPI(
        title="migralex casework",
        version="1.0.0",
        description="Casework service on the migralex rules engine. REST API under /api/v1 (bearer tokens).",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.db_engine = engine  # the programme ledger's router reads this
    app.state.sessions = session_factory(engine)
    app.state.database_url = url
    app.state.parts = {"casework"}  # the shell's navigation shows the parts mounted here
    with app.state.sessions() as session:  # the cookie-signing key exists before the first request
        app.state.secret_key = access.secret_key(session)
        session.commit()
    app.add_middleware(SecurityMiddleware, secret_key=lambda: app.state.secret_key, limit=anonymous_limit)
    install_error_handlers(app)
    install_page_errors(app)  # browsers get HTML error pages in the shell; the API keeps problem+json
    app.include_router(auth_router)
    app.include_router(api_router)
    app.include_router(notices_router)
    app.include_router(pages_router)
    app.include_router(assessment_router)  # guided assessment, decisions, eligibility check, parameters
    app.state.parts.add("assessment")
    for name, (part, write_roles) in OPTIONAL_ROUTERS.items():
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # that part is not installed: the service runs without it
            if exc.name != name:
                raise
            logging.getLogger(__name__).warning("not mounting %s: not installed", name)
            continue
        app.include_router(module.router, dependencies=[Depends(signed_in_guard(write_roles))])
        app.state.parts.add(part)
        public = getattr(module, "public_router", None)
        if public is not None:  # a public page (the programme ledger's activity page): no sign-in
            app.include_router(public)
    app.mount(  # the shell's stylesheets and scripts (govuk-frontend, vendored), for every part
        "/static", StaticFiles(directory=str(resources.files("migralex.ui") / "static")), name="static"
    )
    return app
