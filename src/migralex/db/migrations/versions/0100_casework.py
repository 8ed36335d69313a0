"""Casework service (issue 5): people, cases, decisions, safeguards, deadlines, users, audit log.

``cw_decision``, ``cw_assessment`` and ``cw_audit`` are append-only: triggers refuse UPDATE and
DELETE on SQLite and PostgreSQL (and TRUNCATE on PostgreSQL).

Revision ID: 0100
Revises: 0001
Create Date: 2026-11-23 01:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migralex.db.types import ExactDecimal

revision: str = "0100"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Frozen copy of migralex.casework.models.APPEND_ONLY_TABLES at this revision.
APPEND_ONLY_TABLES = ("cw_decision", "cw_assessment", "cw_audit")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION migralex_cw_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'migralex: % rows are append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "cw_user",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _ts("created_at"),
        sa.CheckConstraint(
            "role IN ('caseworker', 'senior_caseworker', 'auditor', 'administrator')", name="role_known"
        ),
    )
    op.create_table(
        "cw_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _ts("created_at"),
        _ts("expires_at"),
        sa.Column("revoked", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "cw_setting",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "cw_person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("nationality", sa.String(3), nullable=False),
        sa.Column("home_region", sa.String(120), nullable=True),
        sa.Column("vulnerabilities", sa.JSON(), nullable=False),
        sa.Column("vulnerability_notes", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=True),
        _ts("created_at"),
    )
    op.create_table(
        "cw_family_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("cw_person.id"), nullable=False),
        sa.Column("relative_id", sa.Integer(), sa.ForeignKey("cw_person.id"), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.UniqueConstraint("person_id", "relative_id", "relation"),
        sa.CheckConstraint("person_id <> relative_id", name="not_self"),
    )
    op.create_table(
        "cw_safe_designation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("region", sa.String(120), nullable=True),
        sa.Column("safe_from", sa.Date(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=False),
        _ts("created_at"),
    )
    op.create_table(
        "cw_case",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(32), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("cw_person.id"), nullable=False),
        sa.Column("sponsor_id", sa.Integer(), sa.ForeignKey("cw_person.id"), nullable=True),
        sa.Column("parent_case_id", sa.Integer(), sa.ForeignKey("cw_case.id"), nullable=True),
        sa.Column("designation_id", sa.Integer(), sa.ForeignKey("cw_safe_designation.id"), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("assigned_to", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_cw_case_assigned_to", "cw_case", ["assigned_to"])
    op.create_index("ix_cw_case_person_id", "cw_case", ["person_id"])
    op.create_table(
        "cw_decision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cw_case.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("adverse", sa.Boolean(), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("program_id", sa.String(120), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("rulepack_id", sa.String(32), nullable=True),
        sa.Column("rulepack_version", sa.String(32), nullable=True),
        sa.Column("rulepack_hash", sa.String(64), nullable=True),
        sa.Column("reform_id", sa.String(120), nullable=True),
        sa.Column("reform_hash", sa.String(64), nullable=True),
        sa.Column("support_amount", ExactDecimal(22, 2), nullable=True),
        sa.Column("support_unit", sa.String(16), nullable=True),
        sa.Column("safeguards", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_cw_decision_case_id", "cw_decision", ["case_id"])
    op.create_table(
        "cw_residence_status",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("cw_person.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cw_case.id"), nullable=False),
        sa.Column("decision_id", sa.Integer(), sa.ForeignKey("cw_decision.id"), nullable=False),
        sa.Column("status_code", sa.String(40), nullable=False),
        sa.Column("ground", sa.String(40), nullable=True),
        sa.Column("sponsor_id", sa.Integer(), sa.ForeignKey("cw_person.id"), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("ended_by_decision_id", sa.Integer(), sa.ForeignKey("cw_decision.id"), nullable=True),
    )
    op.create_index("ix_cw_residence_status_person_id", "cw_residence_status", ["person_id"])
    op.create_table(
        "cw_assessment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cw_case.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("conclusion", sa.String(16), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_cw_assessment_case_id", "cw_assessment", ["case_id"])
    op.create_table(
        "cw_document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cw_case.id"), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("doc_type", sa.String(60), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), sa.ForeignKey("cw_user.id"), nullable=False),
        _ts("created_at"),
    )
    op.create_table(
        "cw_deadline",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cw_case.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_cw_deadline_due_on", "cw_deadline", ["due_on"])
    op.create_table(
        "cw_audit",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_cw_audit_case_id", "cw_audit", ["case_id"])
    head = op.create_table(
        "cw_audit_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64}])
    op.create_table(
        "cw_idempotency",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("cw_user.id"), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        _ts("created_at"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_FUNCTION)
        for table in APPEND_ONLY_TABLES:
            op.execute(
                f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION migralex_cw_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION migralex_cw_refuse_change()"
            )
    elif dialect == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'migralex: {table} rows are append-only ({verb} refused)'); END"
                )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_truncate ON {table}")
        elif dialect == "sqlite":
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{verb}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS migralex_cw_refuse_change()")
    for table in (
        "cw_idempotency",
        "cw_audit_head",
        "cw_audit",
        "cw_deadline",
        "cw_document",
        "cw_assessment",
        "cw_residence_status",
        "cw_decision",
        "cw_case",
        "cw_safe_designation",
        "cw_family_link",
        "cw_person",
        "cw_setting",
        "cw_token",
        "cw_user",
    ):
        op.drop_table(table)
