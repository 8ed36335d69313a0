"""Casework security: sign-in throttle (bounded, outside the audit chain), duplicate-intake flags, indexes.

* ``cw_sign_in_throttle``: one row per account, client address and (account, address) pair with the
  failures in the current window and the back-off; keys are HMACs, so a password typed into the
  username field is never stored. Rows are pruned when their window has passed.
* ``cw_duplicate_flag``: an intake that matched people the caseworker may not see, for a senior
  caseworker to check (the caseworker is told nothing about them).
* Indexes for the queries the service runs on every request (tokens by user, documents and deadlines by
  case, people by birth date and nationality for the duplicate check).

Revision ID: 0300
Revises: 0200
Create Date: 2026-11-29 17:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0300"
down_revision: str | None = "0200"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_cw_token_user_id", "cw_token", ["user_id"]),
    ("ix_cw_document_case_id", "cw_document", ["case_id"]),
    ("ix_cw_deadline_case_id", "cw_deadline", ["case_id"]),
    ("ix_cw_person_birth_date", "cw_person", ["birth_date", "nationality"]),
)


def upgrade() -> None:
    op.create_table(
        "cw_sign_in_throttle",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_cw_sign_in_throttle_last", "cw_sign_in_throttle", ["last_failed_at"])
    op.create_table(
        "cw_duplicate_flag",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("cw_person.id"), nullable=False),
        sa.Column("matches", sa.JSON(), nullable=False),
        sa.Column("raised_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    )
    for name, table, cols in INDEXES:
        op.create_index(name, table, cols)


def downgrade() -> None:
    for name, table, _cols in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table("cw_duplicate_flag")
    op.drop_index("ix_cw_sign_in_throttle_last", table_name="cw_sign_in_throttle")
    op.drop_table("cw_sign_in_throttle")
