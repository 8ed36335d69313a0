"""Indexes for the lookups every casework request makes, and the duplicate check's name key.

The duplicate check at intake compared the name of every person with the same birth date and
nationality in Python (a scan that grows with the register); it now looks up an indexed normalised
name (``name_key``: case-folded, spaces collapsed), filled here for the people already on file. The
two lookups of every decision that still read a whole table get an index: cases by sponsor (who may
see a person) and family links by relative (the safeguards).

Revision ID: 0510
Revises: 0500
Create Date: 2026-11-29 23:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0510"
down_revision: str | None = "0500"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index name, table, columns) added here; the names are the models' (``migralex.casework.models``).
INDEXES = (
    ("ix_cw_person_duplicate", "cw_person", ["birth_date", "nationality", "name_key"]),
    ("ix_cw_case_sponsor_id", "cw_case", ["sponsor_id"]),
    ("ix_cw_family_link_relative_id", "cw_family_link", ["relative_id"]),
)
#: Replaced by ``ix_cw_person_duplicate`` (its first two columns).
OLD_DUPLICATE_INDEX = ("ix_cw_person_birth_date", "cw_person", ["birth_date", "nationality"])


def _name_key(name: str) -> str:
    # the same normalisation as migralex.casework.lifecycle.people.name_key (kept here: a migration
    # must not change when the application code does)
    return " ".join(name.casefold().split())


def upgrade() -> None:
    with op.batch_alter_table("cw_person") as batch:
        batch.add_column(sa.Column("name_key", sa.String(200), nullable=True))
    bind = op.get_bind()
    person = sa.table(
        "cw_person",
        sa.column("id", sa.Integer),
        sa.column("full_name", sa.String),
        sa.column("name_key", sa.String),
    )
    rows = bind.execute(sa.select(person.c.id, person.c.full_name)).all()
    if rows:
        bind.execute(
            person.update().where(person.c.id == sa.bindparam("pid")).values(name_key=sa.bindparam("key")),
            [{"pid": pid, "key": _name_key(name)} for pid, name in rows],
        )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.drop_index(OLD_DUPLICATE_INDEX[0], table_name=OLD_DUPLICATE_INDEX[1])


def downgrade() -> None:
    op.create_index(*OLD_DUPLICATE_INDEX)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("cw_person") as batch:
        batch.drop_column("name_key")
