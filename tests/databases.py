"""The one database fixture helper of the test suite: SQLite always, PostgreSQL when ``DATABASE_URL`` says.

Each suite that needs a database makes its own (so suites never see each other's rows)::

    @pytest.fixture(scope="session", params=BACKENDS)
    def db_url(request, tmp_path_factory):
        with fresh_database(request.param, tmp_path_factory, "migralex_cw") as url:
            yield url

PostgreSQL: a uniquely named database next to ``$DATABASE_URL``, dropped at the end. Without a PostgreSQL
``DATABASE_URL`` the PostgreSQL half is skipped, which ``MIGRALEX_REQUIRE_ALL=1`` (CI) turns into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

#: The two backends, as fixture parameters (the PostgreSQL one carries the ``postgres`` marker).
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def postgres_base_url() -> str:
    """``$DATABASE_URL`` when it names a PostgreSQL server; otherwise the test is skipped."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("DATABASE_URL is not set to a PostgreSQL server")
    return base


@contextmanager
def postgres_database(base_url: str, prefix: str) -> Iterator[str]:
    """Create a uniquely named database on the server of ``base_url``; drop it afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def fresh_database(backend: str, tmp_path_factory: pytest.TempPathFactory, prefix: str) -> Iterator[str]:
    """An empty database URL on ``backend`` ("sqlite" or "postgres"), removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp(prefix) / f'{prefix}.sqlite3'}"
        return
    with postgres_database(postgres_base_url(), prefix) as url:
        yield url
