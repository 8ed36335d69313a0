"""Run the Alembic migrations from code, so they work from an installed package.

No ``alembic.ini`` file is needed: the configuration below is what it would hold.
``python -m migralex.db.migrate [URL]`` upgrades a database to the newest revision.
"""

from __future__ import annotations

import sys
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from migralex.db.session import make_engine, resolve_url

#: The ``alembic.ini`` equivalent, shipped inside the package (script_location is added
#: at run time as the installed path of ``migralex/db/migrations``).
ALEMBIC_OPTIONS: dict[str, str] = {
    "path_separator": "os",
    "file_template": "%%(rev)s_%%(slug)s",
}


def alembic_config(url: str | None = None) -> Config:
    """An Alembic :class:`Config` for migralex, pointing at the packaged scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("migralex.db") / "migrations"))
    for key, value in ALEMBIC_OPTIONS.items():
        cfg.set_main_option(key, value)
    cfg.attributes["database_url"] = resolve_url(url)
    return cfg


def upgrade(url: str | None = None, revision: str = "head", engine: Engine | None = None) -> None:
    """Upgrade the database at ``url`` (or ``engine``) to ``revision``."""
    cfg = alembic_config(url)
    own_engine = engine is None
    eng = engine if engine is not None else make_engine(url)
    try:
        with eng.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    finally:
        if own_engine:
            eng.dispose()


def head_revision() -> str | None:
    """The newest revision shipped with the package."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database behind ``engine`` is at (``None`` if never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_up_to_date(engine: Engine) -> bool:
    """True when the database is at the newest shipped revision."""
    return current_revision(engine) == head_revision()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: upgrade the database named by argv[0] or the default."""
    args = sys.argv[1:] if argv is None else argv
    url = args[0] if args else None
    upgrade(url)
    print(f"upgraded {resolve_url(url).split('@')[-1]} to {head_revision()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
