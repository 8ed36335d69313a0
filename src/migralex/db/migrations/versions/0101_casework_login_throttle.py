"""Casework: index the audit log by (action, entity_id) for sign-in throttling.

Revision ID: 0101
Revises: 0100
Create Date: 2026-11-23 01:31:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0101"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cw_audit_action_entity_id", "cw_audit", ["action", "entity_id"])


def downgrade() -> None:
    op.drop_index("ix_cw_audit_action_entity_id", table_name="cw_audit")
