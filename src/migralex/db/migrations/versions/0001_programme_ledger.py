"""Programme ledger: the first migralex schema (issue 7).

Creates the donor-programme tables and, on SQLite and PostgreSQL, triggers that
refuse UPDATE and DELETE on the append-only ledger tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 00:44:26.853549
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migralex.db.types import ExactDecimal

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


#: Frozen copy of migralex.programmes.models.APPEND_ONLY_TABLES at this revision.
APPEND_ONLY_TABLES = (
    "ledger_entry",
    "funding_attribution",
    "contribution",
    "earmark",
    "agreement_amendment",
    "exchange_rate",
    "budget_line",
    "irregularity_notification",
    "irregularity_event",
    "consultation_response",
    "programme_audit_event",
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION migralex_refuse_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'migralex: % rows are append-only (% refused); record a reversing entry',
        TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END
$$
"""


def _create_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_FUNCTION)
        for table in APPEND_ONLY_TABLES:
            op.execute(
                f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION migralex_refuse_append_only_change()"
            )
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION migralex_refuse_append_only_change()"
            )
    elif dialect == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'migralex: {table} rows are append-only ({verb} refused); "
                    "record a reversing entry'); END"
                )
    # other backends: the service layer and the ORM flush guard still refuse edits


def _drop_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table in APPEND_ONLY_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS migralex_refuse_append_only_change()")
    elif dialect == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{verb}")


def upgrade() -> None:
    op.create_table(
        "exchange_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_currency", sa.String(length=3), nullable=False),
        sa.Column("to_currency", sa.String(length=3), nullable=False),
        sa.Column("rate", ExactDecimal(precision=24, scale=10), nullable=False),
        sa.Column("rate_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("CAST(rate AS NUMERIC) > 0", name=op.f("ck_exchange_rate_rate_positive")),
        sa.CheckConstraint("from_currency <> to_currency", name=op.f("ck_exchange_rate_distinct_currencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rate")),
        sa.UniqueConstraint(
            "from_currency",
            "to_currency",
            "rate_date",
            "kind",
            name=op.f("uq_exchange_rate_from_currency_to_currency_rate_date_kind"),
        ),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("short_name", sa.String(length=40), nullable=False),
        sa.Column("iati_ref", sa.String(length=100), nullable=True),
        sa.Column("iati_type", sa.String(length=4), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("short_name", name=op.f("uq_organisation_short_name")),
    )
    op.create_table(
        "programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=True),
        sa.Column("iati_identifier", sa.String(length=200), nullable=False),
        sa.Column("reporting_org_id", sa.Integer(), nullable=False),
        sa.Column("base_currency", sa.String(length=3), nullable=False),
        sa.Column("total_budget", ExactDecimal(precision=22, scale=4), nullable=True),
        sa.Column("activity_status", sa.String(length=2), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("actual_start_date", sa.Date(), nullable=True),
        sa.Column("finance_act_line", sa.String(length=60), nullable=True),
        sa.Column("managing_unit", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_programme_period")),
        sa.ForeignKeyConstraint(
            ["reporting_org_id"], ["organisation.id"], name=op.f("fk_programme_reporting_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme")),
        sa.UniqueConstraint("code", name=op.f("uq_programme_code")),
        sa.UniqueConstraint("iati_identifier", name=op.f("uq_programme_iati_identifier")),
    )
    op.create_table(
        "donor_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("donor_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("instrument", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("manages_on_behalf_of_all", sa.Boolean(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("signatories", sa.Text(), nullable=True),
        sa.Column("document_url", sa.String(length=1000), nullable=True),
        sa.Column("iati_activity_id", sa.String(length=200), nullable=True),
        sa.Column("irregularity_notice_days", sa.Integer(), nullable=False),
        sa.Column("activity_report_months", sa.Integer(), nullable=False),
        sa.Column("financial_report_months", sa.Integer(), nullable=False),
        sa.Column("major_adjustment_percent", ExactDecimal(precision=7, scale=2), nullable=True),
        sa.Column("major_adjustment_amount", ExactDecimal(precision=22, scale=4), nullable=True),
        sa.Column("consultation_days", sa.Integer(), nullable=False),
        sa.Column("may_adjust_contribution", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("role IN ('lead', 'co_donor')", name=op.f("ck_donor_agreement_role")),
        sa.CheckConstraint("consultation_days >= 0", name=op.f("ck_donor_agreement_consultation_days")),
        sa.CheckConstraint("irregularity_notice_days >= 0", name=op.f("ck_donor_agreement_notice_days")),
        sa.CheckConstraint("valid_to >= valid_from", name=op.f("ck_donor_agreement_period")),
        sa.ForeignKeyConstraint(
            ["donor_id"], ["organisation.id"], name=op.f("fk_donor_agreement_donor_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_donor_agreement_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donor_agreement")),
        sa.UniqueConstraint("ref", name=op.f("uq_donor_agreement_ref")),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_meeting_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    op.create_table(
        "programme_audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_audit_event_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_audit_event")),
    )
    op.create_table(
        "programme_component",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("sector_code", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_component_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_component")),
        sa.UniqueConstraint("programme_id", "code", name=op.f("uq_programme_component_programme_id_code")),
    )
    op.create_table(
        "programme_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("format", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=4), nullable=False),
        sa.Column("language", sa.String(length=3), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("publish", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_document_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_document")),
    )
    op.create_table(
        "programme_geo_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("vocabulary", sa.String(length=4), nullable=True),
        sa.Column("percentage", ExactDecimal(precision=7, scale=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('country', 'region')", name=op.f("ck_programme_geo_share_kind")),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_geo_share_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_geo_share")),
        sa.UniqueConstraint(
            "programme_id", "kind", "code", name=op.f("uq_programme_geo_share_programme_id_kind_code")
        ),
    )
    op.create_table(
        "programme_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("iati_role", sa.String(length=2), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_programme_participant_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_participant_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_participant")),
        sa.UniqueConstraint(
            "programme_id",
            "organisation_id",
            "iati_role",
            name=op.f("uq_programme_participant_programme_id_organisation_id_iati_role"),
        ),
    )
    op.create_table(
        "programme_sector_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("vocabulary", sa.String(length=4), nullable=False),
        sa.Column("percentage", ExactDecimal(precision=7, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_sector_share_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_sector_share")),
        sa.UniqueConstraint(
            "programme_id",
            "vocabulary",
            "code",
            name=op.f("uq_programme_sector_share_programme_id_vocabulary_code"),
        ),
    )
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("subject_ref", sa.String(length=100), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_decision_meeting_id_meeting")),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_decision_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    op.create_table(
        "earmark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("component_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("fx_rate", ExactDecimal(precision=24, scale=10), nullable=False),
        sa.Column("exchange_rate_id", sa.Integer(), nullable=True),
        sa.Column("base_amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["donor_agreement.id"], name=op.f("fk_earmark_agreement_id_donor_agreement")
        ),
        sa.ForeignKeyConstraint(
            ["component_id"],
            ["programme_component.id"],
            name=op.f("fk_earmark_component_id_programme_component"),
        ),
        sa.ForeignKeyConstraint(
            ["exchange_rate_id"], ["exchange_rate.id"], name=op.f("fk_earmark_exchange_rate_id_exchange_rate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_earmark")),
    )
    op.create_table(
        "partner_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("ceiling", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "CAST(ceiling AS NUMERIC) > 0", name=op.f("ck_partner_agreement_ceiling_positive")
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_partner_agreement_period")),
        sa.ForeignKeyConstraint(
            ["component_id"],
            ["programme_component.id"],
            name=op.f("fk_partner_agreement_component_id_programme_component"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["organisation.id"], name=op.f("fk_partner_agreement_partner_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_partner_agreement_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_agreement")),
        sa.UniqueConstraint("ref", name=op.f("uq_partner_agreement_ref")),
    )
    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("budget_type", sa.String(length=1), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("CAST(amount AS NUMERIC) >= 0", name=op.f("ck_budget_line_amount_not_negative")),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_budget_line_period")),
        sa.ForeignKeyConstraint(
            ["component_id"],
            ["programme_component.id"],
            name=op.f("fk_budget_line_component_id_programme_component"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_budget_line_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_budget_line_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("base_amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.Column("share_percent", ExactDecimal(precision=7, scale=2), nullable=True),
        sa.Column("is_major", sa.Boolean(), nullable=False),
        sa.Column("major_because", sa.Text(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("answer_by", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_consultation_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_consultation_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    op.create_table(
        "irregularity_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("case_no", sa.String(length=60), nullable=False),
        sa.Column("partner_agreement_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("locality", sa.String(length=200), nullable=True),
        sa.Column("detected_on", sa.Date(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("irregularity_type", sa.String(length=40), nullable=False),
        sa.Column("corruption_type", sa.String(length=40), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("suspected_amount", ExactDecimal(precision=22, scale=4), nullable=True),
        sa.Column("suspected_currency", sa.String(length=3), nullable=True),
        sa.Column("suspected_amount_local", ExactDecimal(precision=22, scale=4), nullable=True),
        sa.Column("local_currency", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("auditor_general_notified_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_irregularity_case_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_agreement_id"],
            ["partner_agreement.id"],
            name=op.f("fk_irregularity_case_partner_agreement_id_partner_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_irregularity_case_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_irregularity_case")),
        sa.UniqueConstraint("case_no", name=op.f("uq_irregularity_case_case_no")),
    )
    op.create_table(
        "ledger_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("entry_type", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("transaction_date", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("provider_org_id", sa.Integer(), nullable=True),
        sa.Column("receiver_org_id", sa.Integer(), nullable=True),
        sa.Column("donor_agreement_id", sa.Integer(), nullable=True),
        sa.Column("partner_agreement_id", sa.Integer(), nullable=True),
        sa.Column("component_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("fx_rate", ExactDecimal(precision=24, scale=10), nullable=False),
        sa.Column("exchange_rate_id", sa.Integer(), nullable=True),
        sa.Column("base_amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.CheckConstraint(
            "entry_type IN ('incoming_commitment', 'incoming_funds', 'outgoing_commitment',"
            " 'disbursement', 'expenditure')",
            name=op.f("ck_ledger_entry_entry_type"),
        ),
        sa.CheckConstraint(
            "CAST(amount AS NUMERIC) > 0 OR reverses_id IS NOT NULL",
            name=op.f("ck_ledger_entry_positive_unless_reversal"),
        ),
        sa.ForeignKeyConstraint(
            ["component_id"],
            ["programme_component.id"],
            name=op.f("fk_ledger_entry_component_id_programme_component"),
        ),
        sa.ForeignKeyConstraint(
            ["donor_agreement_id"],
            ["donor_agreement.id"],
            name=op.f("fk_ledger_entry_donor_agreement_id_donor_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["exchange_rate_id"],
            ["exchange_rate.id"],
            name=op.f("fk_ledger_entry_exchange_rate_id_exchange_rate"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_agreement_id"],
            ["partner_agreement.id"],
            name=op.f("fk_ledger_entry_partner_agreement_id_partner_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_ledger_entry_programme_id_programme")
        ),
        sa.ForeignKeyConstraint(
            ["provider_org_id"],
            ["organisation.id"],
            name=op.f("fk_ledger_entry_provider_org_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["receiver_org_id"],
            ["organisation.id"],
            name=op.f("fk_ledger_entry_receiver_org_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"], ["ledger_entry.id"], name=op.f("fk_ledger_entry_reverses_id_ledger_entry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entry")),
        sa.UniqueConstraint("reference", name=op.f("uq_ledger_entry_reference")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_ledger_entry_reverses_id")),
    )
    op.create_table(
        "work_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("document_url", sa.String(length=1000), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("approved_by_decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by_decision_id"],
            ["decision.id"],
            name=op.f("fk_work_plan_approved_by_decision_id_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_work_plan_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_plan")),
        sa.UniqueConstraint("programme_id", "year", name=op.f("uq_work_plan_programme_id_year")),
    )
    op.create_table(
        "agreement_amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["donor_agreement.id"],
            name=op.f("fk_agreement_amendment_agreement_id_donor_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_agreement_amendment_consultation_id_consultation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_amendment")),
        sa.UniqueConstraint(
            "agreement_id", "number", name=op.f("uq_agreement_amendment_agreement_id_number")
        ),
    )
    op.create_table(
        "consultation_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("donor_agreement_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "answer IN ('no_objection', 'objection')", name=op.f("ck_consultation_response_answer")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_response_consultation_id_consultation"),
        ),
        sa.ForeignKeyConstraint(
            ["donor_agreement_id"],
            ["donor_agreement.id"],
            name=op.f("fk_consultation_response_donor_agreement_id_donor_agreement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_response")),
        sa.UniqueConstraint(
            "consultation_id",
            "donor_agreement_id",
            name=op.f("uq_consultation_response_consultation_id_donor_agreement_id"),
        ),
    )
    op.create_table(
        "funding_attribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ledger_entry_id", sa.Integer(), nullable=False),
        sa.Column("donor_agreement_id", sa.Integer(), nullable=False),
        sa.Column("earmark_id", sa.Integer(), nullable=True),
        sa.Column("base_amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.Column("rule", sa.String(length=30), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["donor_agreement_id"],
            ["donor_agreement.id"],
            name=op.f("fk_funding_attribution_donor_agreement_id_donor_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["earmark_id"], ["earmark.id"], name=op.f("fk_funding_attribution_earmark_id_earmark")
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["ledger_entry.id"],
            name=op.f("fk_funding_attribution_ledger_entry_id_ledger_entry"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_attribution")),
    )
    op.create_table(
        "irregularity_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["irregularity_case.id"],
            name=op.f("fk_irregularity_event_case_id_irregularity_case"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_irregularity_event")),
    )
    op.create_table(
        "irregularity_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("donor_agreement_id", sa.Integer(), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("due_by", sa.Date(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["irregularity_case.id"],
            name=op.f("fk_irregularity_notification_case_id_irregularity_case"),
        ),
        sa.ForeignKeyConstraint(
            ["donor_agreement_id"],
            ["donor_agreement.id"],
            name=op.f("fk_irregularity_notification_donor_agreement_id_donor_agreement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_irregularity_notification")),
    )
    op.create_table(
        "report_due",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("donor_agreement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("document_url", sa.String(length=1000), nullable=True),
        sa.Column("irregularity_case_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "kind IN ('activity', 'financial', 'irregularity', 'audit')", name=op.f("ck_report_due_kind")
        ),
        sa.ForeignKeyConstraint(
            ["donor_agreement_id"],
            ["donor_agreement.id"],
            name=op.f("fk_report_due_donor_agreement_id_donor_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["irregularity_case_id"],
            ["irregularity_case.id"],
            name=op.f("fk_report_due_irregularity_case_id_irregularity_case"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_report_due_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_due")),
    )
    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("fx_rate", ExactDecimal(precision=24, scale=10), nullable=False),
        sa.Column("exchange_rate_id", sa.Integer(), nullable=True),
        sa.Column("base_amount", ExactDecimal(precision=22, scale=4), nullable=False),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_contribution_period")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["donor_agreement.id"],
            name=op.f("fk_contribution_agreement_id_donor_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["agreement_amendment.id"],
            name=op.f("fk_contribution_amendment_id_agreement_amendment"),
        ),
        sa.ForeignKeyConstraint(
            ["exchange_rate_id"],
            ["exchange_rate.id"],
            name=op.f("fk_contribution_exchange_rate_id_exchange_rate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution")),
    )
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    op.drop_table("contribution")
    op.drop_table("report_due")
    op.drop_table("irregularity_notification")
    op.drop_table("irregularity_event")
    op.drop_table("funding_attribution")
    op.drop_table("consultation_response")
    op.drop_table("agreement_amendment")
    op.drop_table("work_plan")
    op.drop_table("ledger_entry")
    op.drop_table("irregularity_case")
    op.drop_table("consultation")
    op.drop_table("budget_line")
    op.drop_table("partner_agreement")
    op.drop_table("earmark")
    op.drop_table("decision")
    op.drop_table("programme_sector_share")
    op.drop_table("programme_participant")
    op.drop_table("programme_geo_share")
    op.drop_table("programme_document")
    op.drop_table("programme_component")
    op.drop_table("programme_audit_event")
    op.drop_table("meeting")
    op.drop_table("donor_agreement")
    op.drop_table("programme")
    op.drop_table("organisation")
    op.drop_table("exchange_rate")
