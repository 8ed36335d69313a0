"""Decision notices (issue 13): notices as issued, appeals lodged, decisions made final.

``cw_notice``, ``cw_appeal`` and ``cw_decision_final`` are append-only: triggers refuse UPDATE and DELETE
(the PostgreSQL function ``migralex_cw_refuse_change`` comes from revision 0100).

Revision ID: 0400
Revises: 0200
Create Date: 2026-11-29 17:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0400"
down_revision: str | None = "0200"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Frozen copy of migralex.notices.models.NOTICE_TABLES at this revision.
TABLES = ("cw_notice", "cw_appeal", "cw_decision_final")


def _ts(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "cw_notice",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("decision_id", sa.Integer(), sa.ForeignKey("cw_decision.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cw_case.id"), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("appeal", sa.JSON(), nullable=False),
        sa.Column("appeal_deadline", sa.Date(), nullable=True),
        sa.Column("rulepack_hash", sa.String(64), nullable=True),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("html_sha256", sa.String(64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("issued_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_cw_notice_decision_id", "cw_notice", ["decision_id"])
    op.create_table(
        "cw_appeal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("decision_id", sa.Integer(), sa.ForeignKey("cw_decision.id"), nullable=False, unique=True),
        sa.Column("lodged_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=False),
        _ts("created_at"),
    )
    op.create_table(
        "cw_decision_final",
        sa.Column("decision_id", sa.Integer(), sa.ForeignKey("cw_decision.id"), primary_key=True),
        sa.Column("final_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        _ts("created_at"),
    )
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION migralex_cw_refuse_change()"
            )
        elif dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'migralex: {table} rows are append-only ({verb} refused)'); END"
                )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")
        elif dialect == "sqlite":
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{verb}")
    op.drop_table("cw_decision_final")
    op.drop_table("cw_appeal")
    op.drop_index("ix_cw_notice_decision_id", table_name="cw_notice")
    op.drop_table("cw_notice")
