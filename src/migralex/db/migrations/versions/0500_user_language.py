"""The language a user chose for the pages (``en`` or ``da``; empty: Accept-Language, else English).

Revision ID: 0500
Revises: 0400
Create Date: 2026-11-29 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0500"
down_revision: str | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cw_user") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cw_user") as batch:
        batch.drop_column("language")
