"""The migralex web application: casework API and pages, programme ledger, policy lab.

from migralex.web import create_app
app = create_app("sqlite:///var/migralex.sqlite3")   # or None: $DATABASE_URL, else var/migralex.sqlite3
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from migralex.casework.api import auth_router, install_error_handlers
from migralex.casework.api import router as api_router
from migralex.casework.store import casework_engine, session_factory
from migralex.db.migrate import upgrade
from migralex.db.session import resolve_url
from migralex.notices.api import router as notices_router
from migralex.web.guard import signed_in_guard

#: Routers of other parts, mounted when installed, each behind sign-in; the roles that may change things.
OPTIONAL_ROUTERS = {
    "migralex.programmes.web": ("administrator",),
    "migralex.lab.web": ("caseworker", "senior_caseworker", "administrator"),
}


def create_app(database_url: str | None = None, *, migrate: bool = True) -> FastAPI:
    """Build the app on ``database_url``, migrating the schema first unless ``migrate`` is off."""
    from migralex.web.pages import router as pages_router

    url = resolve_url(database_url)
    if migrate:
        upgrade(url)
    engine = casework_engine(url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
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
    install_error_handlers(app)
    app.include_router(auth_router)
    app.include_router(api_router)
    app.include_router(notices_router)
    app.include_router(pages_router)
    for name, write_roles in OPTIONAL_ROUTERS.items():
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # that part is not installed: the service runs without it
            if exc.name != name:
                raise
            logging.getLogger(__name__).warning("not mounting %s: not installed", name)
            continue
        app.include_router(module.router, dependencies=[Depends(signed_in_guard(write_roles))])
        public = getattr(module, "public_router", None)
        if public is not None:  # a public page (the programme ledger's activity page): no sign-in
            app.include_router(public)
    app.mount(
        "/static", StaticFiles(directory=str(resources.files("migralex.web") / "static")), name="static"
    )
    return app
