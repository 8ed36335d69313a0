"""ORM models of the donor-programme ledger.

Tables fall into four groups:

* **structure**: organisations, programmes, their geography and sectors, components,
  participants (IATI roles) and partner agreements;
* **donors**: donor agreements (MoU / delegated cooperation, role, currency and the
  policy settings of the agreement), contribution schedule lines, earmarks and
  agreement amendments;
* **money**: exchange rates, budget lines (versioned), work plans, ledger entries
  (commitments, incoming funds, disbursements, expenditures) and the funding
  attributions that split each spending entry across donor agreements;
* **governance**: meetings and decisions, due reports, irregularity cases with their
  donor notifications and status history, consultations and their responses, and
  an audit trail.

Money is always ``amount`` (Decimal) + ``currency`` (ISO 4217) + ``value_date``, with
the exchange rate used to reach the programme's base currency recorded next to it.
Rows of :data:`APPEND_ONLY_TABLES` are never updated or deleted: the services refuse
it, an ORM flush guard refuses it, and database triggers (see the first migration)
refuse it too. Corrections are reversing entries.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from migralex.db.base import Base
from migralex.db.types import ExactDecimal

#: Money amounts: 22 digits, 4 after the point (covers 0-, 2- and 3-decimal currencies).
Amount = ExactDecimal(22, 4)
#: Exchange rates: units of the base currency for one unit of the foreign currency.
Rate = ExactDecimal(24, 10)
#: Percentages (0-100) with two decimals.
Percent = ExactDecimal(7, 2)


class Organisation(Base):
    """A donor, implementing partner or other party (IATI organisation)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(40), unique=True)
    iati_ref: Mapped[str | None] = mapped_column(String(100))
    iati_type: Mapped[str | None] = mapped_column(String(4))
    country: Mapped[str | None] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(Text)


class Programme(Base):
    """A multi-donor programme, published as one IATI activity (hierarchy 1)."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str | None] = mapped_column(Text)
    iati_identifier: Mapped[str] = mapped_column(String(200), unique=True)
    reporting_org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    base_currency: Mapped[str] = mapped_column(String(3))
    total_budget: Mapped[Decimal | None] = mapped_column(Amount)
    activity_status: Mapped[str] = mapped_column(String(2), default="2")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    actual_start_date: Mapped[date | None] = mapped_column(Date)
    finance_act_line: Mapped[str | None] = mapped_column(String(60))
    managing_unit: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # DAC classifications (IATI codelists CollaborationType, FlowType, FinanceType, AidType
    # vocabulary 1, TiedStatus); transactions inherit them unless an entry overrides them.
    collaboration_type: Mapped[str | None] = mapped_column(String(2))
    default_flow_type: Mapped[str | None] = mapped_column(String(3))
    default_finance_type: Mapped[str | None] = mapped_column(String(4))
    default_aid_type: Mapped[str | None] = mapped_column(String(10))
    default_tied_status: Mapped[str | None] = mapped_column(String(2))

    __table_args__ = (CheckConstraint("end_date >= start_date", name="period"),)

    reporting_org: Mapped[Organisation] = relationship()
    components: Mapped[list[Component]] = relationship(back_populates="programme", order_by="Component.id")
    geography: Mapped[list[GeoShare]] = relationship(order_by="GeoShare.id")
    sectors: Mapped[list[SectorShare]] = relationship(order_by="SectorShare.id")
    participants: Mapped[list[Participant]] = relationship(order_by="Participant.id")
    donor_agreements: Mapped[list[DonorAgreement]] = relationship(
        back_populates="programme", order_by="DonorAgreement.id"
    )
    partner_agreements: Mapped[list[PartnerAgreement]] = relationship(
        back_populates="programme", order_by="PartnerAgreement.id"
    )
    documents: Mapped[list[DocumentLink]] = relationship(order_by="DocumentLink.id")


class GeoShare(Base):
    """A recipient country or region of the programme with its share (IATI %)."""

    __tablename__ = "programme_geo_share"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    kind: Mapped[str] = mapped_column(String(10))  # "country" | "region"
    code: Mapped[str] = mapped_column(String(10))
    vocabulary: Mapped[str | None] = mapped_column(String(4))  # regions: 1 = OECD DAC
    percentage: Mapped[Decimal] = mapped_column(Percent)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("programme_id", "kind", "code"),
        CheckConstraint("kind IN ('country', 'region')", name="kind"),
    )


class SectorShare(Base):
    """A DAC 5-digit sector of the programme with its share (IATI %)."""

    __tablename__ = "programme_sector_share"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    code: Mapped[str] = mapped_column(String(10))
    vocabulary: Mapped[str] = mapped_column(String(4), default="1")
    percentage: Mapped[Decimal] = mapped_column(Percent)

    __table_args__ = (UniqueConstraint("programme_id", "vocabulary", "code"),)


class Component(Base):
    """A core area / pillar of a programme."""

    __tablename__ = "programme_component"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    sector_code: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    programme: Mapped[Programme] = relationship(back_populates="components")


class Participant(Base):
    """An organisation's IATI role in a programme (1 funding ... 4 implementing)."""

    __tablename__ = "programme_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    iati_role: Mapped[str] = mapped_column(String(2))
    label: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (UniqueConstraint("programme_id", "organisation_id", "iati_role"),)

    organisation: Mapped[Organisation] = relationship()


class DocumentLink(Base):
    """A document about the programme (IATI document-link when ``publish``)."""

    __tablename__ = "programme_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(1000))
    format: Mapped[str] = mapped_column(String(100), default="text/html")
    category: Mapped[str] = mapped_column(String(4))
    language: Mapped[str | None] = mapped_column(String(3))
    document_date: Mapped[date | None] = mapped_column(Date)
    publish: Mapped[bool] = mapped_column(Boolean, default=True)


class PartnerAgreement(Base):
    """An agreement with an implementing partner for one component in some countries."""

    __tablename__ = "partner_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    component_id: Mapped[int] = mapped_column(ForeignKey("programme_component.id"))
    ref: Mapped[str] = mapped_column(String(100), unique=True)
    countries: Mapped[list[str]] = mapped_column(JSON)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    ceiling: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), default="active")
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("CAST(ceiling AS NUMERIC) > 0", name="ceiling_positive"),
        CheckConstraint("end_date >= start_date", name="period"),
    )

    programme: Mapped[Programme] = relationship(back_populates="partner_agreements")
    partner: Mapped[Organisation] = relationship()
    component: Mapped[Component] = relationship()


class DonorAgreement(Base):
    """A donor's agreement (MoU, delegated-cooperation arrangement) with its policy settings.

    The policy settings are the agreement's own numbers, never constants in code:
    ``irregularity_notice_days`` (0 = "without delay", i.e. the same day),
    ``activity_report_months`` / ``financial_report_months`` after each reporting
    period, ``major_adjustment_percent`` / ``major_adjustment_amount`` (an adjustment
    reaching either is *major* and needs every donor's answer), and
    ``consultation_days`` (default answer time).
    """

    __tablename__ = "donor_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    donor_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    ref: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    instrument: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    manages_on_behalf_of_all: Mapped[bool] = mapped_column(Boolean, default=False)
    currency: Mapped[str] = mapped_column(String(3))
    signed_on: Mapped[date | None] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    signatories: Mapped[str | None] = mapped_column(Text)
    document_url: Mapped[str | None] = mapped_column(String(1000))
    iati_activity_id: Mapped[str | None] = mapped_column(String(200))
    irregularity_notice_days: Mapped[int] = mapped_column(Integer, default=0)
    activity_report_months: Mapped[int] = mapped_column(Integer, default=3)
    financial_report_months: Mapped[int] = mapped_column(Integer, default=6)
    major_adjustment_percent: Mapped[Decimal | None] = mapped_column(Percent)
    major_adjustment_amount: Mapped[Decimal | None] = mapped_column(Amount)
    consultation_days: Mapped[int] = mapped_column(Integer, default=14)
    may_adjust_contribution: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("role IN ('lead', 'co_donor')", name="role"),
        CheckConstraint("valid_to >= valid_from", name="period"),
        CheckConstraint("irregularity_notice_days >= 0", name="notice_days"),
        CheckConstraint("consultation_days >= 0", name="consultation_days"),
    )

    programme: Mapped[Programme] = relationship(back_populates="donor_agreements")
    donor: Mapped[Organisation] = relationship()
    contributions: Mapped[list[Contribution]] = relationship(order_by="Contribution.id")
    earmarks: Mapped[list[Earmark]] = relationship(order_by="Earmark.id")
    amendments: Mapped[list[AgreementAmendment]] = relationship(order_by="AgreementAmendment.id")


class ExchangeRate(Base):
    """A recorded exchange rate: ``rate`` units of ``to_currency`` per one ``from_currency``."""

    __tablename__ = "exchange_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Rate)
    rate_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # planning | booking | realised
    source: Mapped[str] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("from_currency <> to_currency", name="distinct_currencies"),
        CheckConstraint("CAST(rate AS NUMERIC) > 0", name="rate_positive"),
        UniqueConstraint("from_currency", "to_currency", "rate_date", "kind"),
    )


class MoneyMixin:
    """Amount + currency + value date + the rate used to reach the base currency."""

    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3))
    value_date: Mapped[date] = mapped_column(Date)
    fx_rate: Mapped[Decimal] = mapped_column(Rate)
    exchange_rate_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_rate.id"))
    base_amount: Mapped[Decimal] = mapped_column(Amount)


class Contribution(MoneyMixin, Base):
    """One line of a donor's contribution schedule (append-only; amendments add lines)."""

    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("donor_agreement.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    expected_on: Mapped[date | None] = mapped_column(Date)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_amendment.id"))
    label: Mapped[str] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("period_end >= period_start", name="period"),)


class Earmark(MoneyMixin, Base):
    """A restriction on a donor's funds: countries and/or a component, up to an amount.

    ``countries`` empty means any country; ``component_id`` null means any component.
    """

    __tablename__ = "earmark"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("donor_agreement.id"))
    name: Mapped[str] = mapped_column(String(200))
    countries: Mapped[list[str]] = mapped_column(JSON)
    component_id: Mapped[int | None] = mapped_column(ForeignKey("programme_component.id"))
    category: Mapped[str] = mapped_column(String(2), default="3")  # IATI EarmarkingCategory
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    component: Mapped[Component | None] = relationship()


class AgreementAmendment(Base):
    """A numbered amendment of a donor agreement (e.g. a contribution adjustment)."""

    __tablename__ = "agreement_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("donor_agreement.id"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    effective_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("agreement_id", "number"),)


class BudgetLine(Base):
    """An annual (at most one year) budget of a programme or component; versions append."""

    __tablename__ = "budget_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    component_id: Mapped[int | None] = mapped_column(ForeignKey("programme_component.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3))
    value_date: Mapped[date] = mapped_column(Date)
    budget_type: Mapped[str] = mapped_column(String(1))  # 1 original, 2 revised
    status: Mapped[str] = mapped_column(String(1))  # 1 indicative, 2 committed
    version: Mapped[int] = mapped_column(Integer)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    label: Mapped[str] = mapped_column(String(500), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period"),
        CheckConstraint("CAST(amount AS NUMERIC) >= 0", name="amount_not_negative"),
    )


class WorkPlan(Base):
    """An annual work plan, approved by a decision of the donor meeting."""

    __tablename__ = "work_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    document_url: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    approved_by_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))

    __table_args__ = (UniqueConstraint("programme_id", "year"),)


#: IATI transaction types used by the ledger.
ENTRY_TYPES: dict[str, str] = {
    "incoming_commitment": "11",
    "incoming_funds": "1",
    "outgoing_commitment": "2",
    "disbursement": "3",
    "expenditure": "4",
}


class LedgerEntry(MoneyMixin, Base):
    """One append-only money movement (IATI transaction); reversals carry ``reverses_id``."""

    __tablename__ = "ledger_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    entry_type: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    transaction_date: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    provider_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    receiver_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    donor_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("donor_agreement.id"))
    partner_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agreement.id"))
    component_id: Mapped[int | None] = mapped_column(ForeignKey("programme_component.id"))
    country: Mapped[str | None] = mapped_column(String(2))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "entry_type IN ('incoming_commitment', 'incoming_funds', 'outgoing_commitment',"
            " 'disbursement', 'expenditure')",
            name="entry_type",
        ),
        CheckConstraint(
            "CAST(amount AS NUMERIC) > 0 OR reverses_id IS NOT NULL", name="positive_unless_reversal"
        ),
    )

    provider_org: Mapped[Organisation | None] = relationship(foreign_keys=[provider_org_id])
    receiver_org: Mapped[Organisation | None] = relationship(foreign_keys=[receiver_org_id])
    component: Mapped[Component | None] = relationship()
    attributions: Mapped[list[FundingAttribution]] = relationship(order_by="FundingAttribution.id")


class EntryClassification(Base):
    """DAC classifications of one ledger entry that differ from the programme defaults."""

    __tablename__ = "ledger_entry_dac"

    id: Mapped[int] = mapped_column(primary_key=True)
    ledger_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    flow_type: Mapped[str | None] = mapped_column(String(3))
    finance_type: Mapped[str | None] = mapped_column(String(4))
    aid_type: Mapped[str | None] = mapped_column(String(10))
    tied_status: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FundingAttribution(Base):
    """The share of a spending entry paid from one donor agreement (and earmark), in base currency."""

    __tablename__ = "funding_attribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    ledger_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entry.id"))
    donor_agreement_id: Mapped[int] = mapped_column(ForeignKey("donor_agreement.id"))
    earmark_id: Mapped[int | None] = mapped_column(ForeignKey("earmark.id"))
    base_amount: Mapped[Decimal] = mapped_column(Amount)
    rule: Mapped[str] = mapped_column(String(30))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    agreement: Mapped[DonorAgreement] = relationship()
    earmark: Mapped[Earmark | None] = relationship()


class Meeting(Base):
    """A donor meeting (annual or extraordinary) with agenda, minutes and decisions."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    kind: Mapped[str] = mapped_column(String(20))  # annual | extraordinary
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(500))
    agenda: Mapped[list[str]] = mapped_column(JSON)
    participants: Mapped[list[str]] = mapped_column(JSON)
    minutes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned | held

    decisions: Mapped[list[ProgrammeDecision]] = relationship(order_by="ProgrammeDecision.id")


class ProgrammeDecision(Base):
    """A recorded decision, usually of a donor meeting."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    decided_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    subject_ref: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReportDue(Base):
    """A report owed to a donor: activity, financial or irregularity, with its due date."""

    __tablename__ = "report_due"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    donor_agreement_id: Mapped[int] = mapped_column(ForeignKey("donor_agreement.id"))
    kind: Mapped[str] = mapped_column(String(20))  # activity | financial | irregularity | audit
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    document_url: Mapped[str | None] = mapped_column(String(1000))
    irregularity_case_id: Mapped[int | None] = mapped_column(ForeignKey("irregularity_case.id"))
    title: Mapped[str] = mapped_column(String(500))

    __table_args__ = (
        CheckConstraint("kind IN ('activity', 'financial', 'irregularity', 'audit')", name="kind"),
    )

    agreement: Mapped[DonorAgreement] = relationship()


class IrregularityCase(Base):
    """A suspected irregularity (fraud, corruption, misuse), after the MFA reporting form."""

    __tablename__ = "irregularity_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    case_no: Mapped[str] = mapped_column(String(60), unique=True)
    partner_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agreement.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    locality: Mapped[str | None] = mapped_column(String(200))
    detected_on: Mapped[date] = mapped_column(Date)
    reported_on: Mapped[date] = mapped_column(Date)
    irregularity_type: Mapped[str] = mapped_column(String(40))
    corruption_type: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    suspected_amount: Mapped[Decimal | None] = mapped_column(Amount)
    suspected_currency: Mapped[str | None] = mapped_column(String(3))
    suspected_amount_local: Mapped[Decimal | None] = mapped_column(Amount)
    local_currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(30), default="open")
    auditor_general_notified_on: Mapped[date | None] = mapped_column(Date)

    notifications: Mapped[list[IrregularityNotification]] = relationship(
        order_by="IrregularityNotification.id"
    )
    events: Mapped[list[IrregularityEvent]] = relationship(order_by="IrregularityEvent.id")


class IrregularityNotification(Base):
    """A notice of an irregularity case (or a status change) sent to one donor."""

    __tablename__ = "irregularity_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("irregularity_case.id"))
    donor_agreement_id: Mapped[int] = mapped_column(ForeignKey("donor_agreement.id"))
    notified_on: Mapped[date] = mapped_column(Date)
    due_by: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    agreement: Mapped[DonorAgreement] = relationship()


class IrregularityEvent(Base):
    """A status change of an irregularity case (append-only history)."""

    __tablename__ = "irregularity_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("irregularity_case.id"))
    occurred_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Consultation(Base):
    """A proposed programme adjustment put to the donors (no-objection procedure)."""

    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3))
    base_amount: Mapped[Decimal] = mapped_column(Amount)
    share_percent: Mapped[Decimal | None] = mapped_column(Percent)
    is_major: Mapped[bool] = mapped_column(Boolean)
    major_because: Mapped[str] = mapped_column(Text, default="")
    opened_on: Mapped[date] = mapped_column(Date)
    answer_by: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open|approved|rejected|withdrawn
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))

    responses: Mapped[list[ConsultationResponse]] = relationship(order_by="ConsultationResponse.id")


class ConsultationResponse(Base):
    """A donor's answer to a consultation."""

    __tablename__ = "consultation_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    donor_agreement_id: Mapped[int] = mapped_column(ForeignKey("donor_agreement.id"))
    answer: Mapped[str] = mapped_column(String(20))  # no_objection | objection
    answered_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("consultation_id", "donor_agreement_id"),
        CheckConstraint("answer IN ('no_objection', 'objection')", name="answer"),
    )

    agreement: Mapped[DonorAgreement] = relationship()


class Result(Base):
    """An IATI ``result`` of a programme (output, outcome or impact), per core area."""

    __tablename__ = "programme_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    component_id: Mapped[int | None] = mapped_column(ForeignKey("programme_component.id"))
    result_type: Mapped[str] = mapped_column(String(2))  # IATI ResultType
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    component: Mapped[Component | None] = relationship()
    indicators: Mapped[list[Indicator]] = relationship(order_by="Indicator.id")


class Indicator(Base):
    """An indicator of a result with its baseline (IATI ``indicator``)."""

    __tablename__ = "programme_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("programme_result.id"))
    title: Mapped[str] = mapped_column(String(500))
    measure: Mapped[str] = mapped_column(String(2))  # IATI IndicatorMeasure
    ascending: Mapped[bool] = mapped_column(Boolean, default=True)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[Decimal | None] = mapped_column(Amount)

    periods: Mapped[list[IndicatorPeriod]] = relationship(order_by="IndicatorPeriod.id")


class IndicatorPeriod(Base):
    """A reporting period of an indicator: target and, once known, the actual value."""

    __tablename__ = "programme_indicator_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("programme_indicator.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    target_value: Mapped[Decimal | None] = mapped_column(Amount)
    actual_value: Mapped[Decimal | None] = mapped_column(Amount)

    __table_args__ = (CheckConstraint("period_end >= period_start", name="period"),)


class ChildActivity(Base):
    """A partner's part of the programme, published as an IATI activity of hierarchy 2."""

    __tablename__ = "programme_child_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    partner_agreement_id: Mapped[int] = mapped_column(ForeignKey("partner_agreement.id"), unique=True)
    iati_identifier: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(500))

    partner_agreement: Mapped[PartnerAgreement] = relationship()


class ConsistencyOverride(Base):
    """A recorded decision to publish despite one consistency rule, and why (append-only)."""

    __tablename__ = "consistency_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    rule_id: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Immutable log of every write made by the programme services."""

    __tablename__ = "programme_audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programme.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


#: Tables whose rows are never updated or deleted (database triggers refuse it).
APPEND_ONLY_TABLES: tuple[str, ...] = (
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
    "ledger_entry_dac",
    "consistency_override",
)

_APPEND_ONLY_MODELS: tuple[type[Base], ...] = (
    LedgerEntry,
    FundingAttribution,
    Contribution,
    Earmark,
    AgreementAmendment,
    ExchangeRate,
    BudgetLine,
    IrregularityNotification,
    IrregularityEvent,
    ConsultationResponse,
    AuditEvent,
    EntryClassification,
    ConsistencyOverride,
)


class AppendOnlyViolation(RuntimeError):
    """Raised when code tries to update or delete an append-only row."""


@event.listens_for(Session, "before_flush")
def _refuse_append_only_changes(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, _APPEND_ONLY_MODELS):
            raise AppendOnlyViolation(
                f"{obj.__tablename__} rows are append-only: record a reversing entry instead of deleting"
            )
    for obj in session.dirty:
        if isinstance(obj, _APPEND_ONLY_MODELS) and session.is_modified(obj, include_collections=False):
            raise AppendOnlyViolation(
                f"{obj.__tablename__} rows are append-only: record a reversing entry instead of editing"
            )
