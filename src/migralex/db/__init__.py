"""Database layer shared by migralex services (programmes, casework).

* :mod:`migralex.db.base` - the declarative base every model inherits from.
* :mod:`migralex.db.types` - column types (exact decimals that survive SQLite).
* :mod:`migralex.db.session` - ``make_engine`` and session factories.
* :mod:`migralex.db.migrate` - ``upgrade(url)``: Alembic, configured in code.

The schema is only ever created by Alembic migrations (``migralex/db/migrations``).
"""
