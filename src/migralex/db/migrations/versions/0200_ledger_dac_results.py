"""Programme ledger: DAC classifications, entry overrides, results and indicators, child
activities, consistency overrides (issue 18).

Revision ID: 0200
Revises: 0101
Create Date: 2026-11-29 17:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migralex.db.types import ExactDecimal

revision: str = "0200"
down_revision: str | None = "0101"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: New append-only tables at this revision (same triggers as revision 0001).
APPEND_ONLY_TABLES = ("ledger_entry_dac", "consistency_override")
PROGRAMME_COLUMNS = (
    ("collaboration_type", 2),
    ("default_flow_type", 3),
    ("default_finance_type", 4),
    ("default_aid_type", 10),
    ("default_tied_status", 2),
)


def _triggers(create: bool) -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        if dialect == "postgresql":
            if create:
                op.execute(
                    f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION migralex_refuse_append_only_change()"
                )
            else:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")
        elif dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                if create:
                    op.execute(
                        f"CREATE TRIGGER trg_{table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                        f"SELECT RAISE(ABORT, 'migralex: {table} rows are append-only ({verb} refused); "
                        "record a new row'); END"
                    )
                else:
                    op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{verb.lower()}")


def upgrade() -> None:
    with op.batch_alter_table("programme") as batch:
        for name, size in PROGRAMME_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(size), nullable=True))
    op.create_table(
        "ledger_entry_dac",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "ledger_entry_id", sa.Integer(), sa.ForeignKey("ledger_entry.id"), nullable=False, unique=True
        ),
        sa.Column("flow_type", sa.String(3)),
        sa.Column("finance_type", sa.String(4)),
        sa.Column("aid_type", sa.String(10)),
        sa.Column("tied_status", sa.String(2)),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "programme_result",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme_id", sa.Integer(), sa.ForeignKey("programme.id"), nullable=False),
        sa.Column("component_id", sa.Integer(), sa.ForeignKey("programme_component.id")),
        sa.Column("result_type", sa.String(2), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "programme_indicator",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("result_id", sa.Integer(), sa.ForeignKey("programme_result.id"), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("measure", sa.String(2), nullable=False),
        sa.Column("ascending", sa.Boolean(), nullable=False),
        sa.Column("baseline_year", sa.Integer()),
        sa.Column("baseline_value", ExactDecimal(22, 4)),
    )
    op.create_table(
        "programme_indicator_period",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("programme_indicator.id"), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("target_value", ExactDecimal(22, 4)),
        sa.Column("actual_value", ExactDecimal(22, 4)),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_programme_indicator_period_period")),
    )
    op.create_table(
        "programme_child_activity",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme_id", sa.Integer(), sa.ForeignKey("programme.id"), nullable=False),
        sa.Column(
            "partner_agreement_id",
            sa.Integer(),
            sa.ForeignKey("partner_agreement.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("iati_identifier", sa.String(200), nullable=False, unique=True),
        sa.Column("title", sa.String(500), nullable=False),
    )
    op.create_table(
        "consistency_override",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme_id", sa.Integer(), sa.ForeignKey("programme.id"), nullable=False),
        sa.Column("rule_id", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    _triggers(create=True)


def downgrade() -> None:
    _triggers(create=False)
    for table in (
        "consistency_override",
        "programme_child_activity",
        "programme_indicator_period",
        "programme_indicator",
        "programme_result",
        "ledger_entry_dac",
    ):
        op.drop_table(table)
    with op.batch_alter_table("programme") as batch:
        for name, _size in reversed(PROGRAMME_COLUMNS):
            batch.drop_column(name)
