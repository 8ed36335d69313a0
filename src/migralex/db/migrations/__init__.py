"""Alembic migration scripts of migralex (configured in code by migralex.db.migrate)."""
