"""Casework tables (all prefixed ``cw_``): people, family links, cases, decisions, safeguards, audit.

The schema is created by the Alembic revisions from ``0100_casework`` on; these classes mirror it.
Decisions, safeguard assessments and the audit log are append-only (database triggers refuse
UPDATE and DELETE on SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from migralex.db.base import Base
from migralex.db.types import ExactDecimal

ROLES = ("caseworker", "senior_caseworker", "auditor", "administrator")
VULNERABILITIES = ("torture_survivor", "ptsd", "minor", "pregnancy", "disability", "trafficking_victim")
GROUNDS = ("personal_persecution", "individual_risk", "generalised_violence", "family", "other")
RELATIONS = ("spouse", "partner", "child", "parent", "sibling")
CASE_KINDS = (
    "asylum_claim",
    "family_reunification",
    "permanent_residence",
    "extension",
    "review",
    "expulsion",
    "return",
)
CASE_STATES = ("open", "decided", "closed")
ASSESSMENT_KINDS = (
    "individual_assessment",
    "non_refoulement",
    "best_interests_child",
    "vulnerability_considered",
)
ASSESSMENT_CONCLUSIONS = ("done", "no_risk", "risk", "considered")
#: Tables whose rows are never updated or deleted.
APPEND_ONLY_TABLES = ("cw_decision", "cw_assessment", "cw_audit")


def utcnow() -> datetime:
    """Timezone-aware now (UTC)."""
    return datetime.now(UTC)


class User(Base):
    """A person who signs in: caseworker, senior caseworker, auditor or administrator."""

    __tablename__ = "cw_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The page language the user chose (``en``, ``da``); None: the browser's Accept-Language decides.
    language: Mapped[str | None] = mapped_column(String(8), nullable=True, default=None)


class Token(Base):
    """A session (web cookie) or bearer token (API); only its sha256 is stored."""

    __tablename__ = "cw_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("cw_user.id"))
    kind: Mapped[str] = mapped_column(String(8))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Setting(Base):
    """Service settings kept in the database (e.g. the cookie-signing key)."""

    __tablename__ = "cw_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Person(Base):
    """An applicant, holder, sponsor or family member; vulnerabilities are recorded at intake."""

    __tablename__ = "cw_person"
    __table_args__ = (Index("ix_cw_person_duplicate", "birth_date", "nationality", "name_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    #: ``full_name`` case-folded with spaces collapsed: what the duplicate check at intake compares.
    name_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    nationality: Mapped[str] = mapped_column(String(3))
    home_region: Mapped[str | None] = mapped_column(String(120), nullable=True)
    vulnerabilities: Mapped[list[str]] = mapped_column(JSON, default=list)
    vulnerability_notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("cw_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FamilyLink(Base):
    """``person`` has ``relative`` as their spouse, partner, child, parent or sibling."""

    __tablename__ = "cw_family_link"
    __table_args__ = (UniqueConstraint("person_id", "relative_id", "relation"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("cw_person.id"))
    relative_id: Mapped[int] = mapped_column(ForeignKey("cw_person.id"), index=True)
    relation: Mapped[str] = mapped_column(String(16))


class SafeDesignation(Base):
    """A country (or one region of it) declared safe from a date by an authorised user."""

    __tablename__ = "cw_safe_designation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(3))
    region: Mapped[str | None] = mapped_column(String(120), nullable=True)
    safe_from: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("cw_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Case(Base):
    """A case about one person (the applicant or holder); ``sponsor`` for family reunification."""

    __tablename__ = "cw_case"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int] = mapped_column(ForeignKey("cw_person.id"), index=True)
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("cw_person.id"), nullable=True, index=True)
    parent_case_id: Mapped[int | None] = mapped_column(ForeignKey("cw_case.id"), nullable=True)
    designation_id: Mapped[int | None] = mapped_column(ForeignKey("cw_safe_designation.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("cw_user.id"), nullable=True, index=True)
    opened_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ResidenceStatus(Base):
    """A status held by a person: granted by a decision, ended by a later one (never deleted)."""

    __tablename__ = "cw_residence_status"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("cw_person.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cw_case.id"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("cw_decision.id"))
    status_code: Mapped[str] = mapped_column(String(40))
    ground: Mapped[str | None] = mapped_column(String(40), nullable=True)
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("cw_person.id"), nullable=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ended_by_decision_id: Mapped[int | None] = mapped_column(ForeignKey("cw_decision.id"), nullable=True)


class Decision(Base):
    """A decision exactly as made: program, facts, date, explanation, rule pack and reform (append-only)."""

    __tablename__ = "cw_decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cw_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    adverse: Mapped[bool] = mapped_column(Boolean)
    decision_date: Mapped[date] = mapped_column(Date)
    program_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    rulepack_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    rulepack_version: Mapped[str | None] = mapped_column(String(32), nullable=True)
    rulepack_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reform_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    reform_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    support_amount: Mapped[Decimal | None] = mapped_column(ExactDecimal(22, 2), nullable=True)
    support_unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    safeguards: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reasons: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int] = mapped_column(ForeignKey("cw_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Assessment(Base):
    """A recorded safeguard assessment (individual, non-refoulement, best interests, vulnerability)."""

    __tablename__ = "cw_assessment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cw_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    conclusion: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[str] = mapped_column(Text)
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("cw_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    """Metadata of a document on file (the file itself lives in the organisation's document store)."""

    __tablename__ = "cw_document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cw_case.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    doc_type: Mapped[str] = mapped_column(String(60))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("cw_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Deadline(Base):
    """A dated task on a case (review date, permit expiry, ...), with how it was computed."""

    __tablename__ = "cw_deadline"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cw_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class AuditEntry(Base):
    """One entry of the hash-chained audit log: every read of a case and every change (append-only)."""

    __tablename__ = "cw_audit"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The newest sequence number and hash of the audit chain (one row), so a cut tail is detected."""

    __tablename__ = "cw_audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class IdempotencyRecord(Base):
    """The stored response to a creating request made with an ``Idempotency-Key``."""

    __tablename__ = "cw_idempotency"
    user_id: Mapped[int] = mapped_column(ForeignKey("cw_user.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignInThrottle(Base):
    """Failed sign-ins in the current window for one key (account, client address or both), hashed."""

    __tablename__ = "cw_sign_in_throttle"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    first_failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DuplicateFlag(Base):
    """An intake that matched people its recorder may not see: for a senior caseworker to check."""

    __tablename__ = "cw_duplicate_flag"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("cw_person.id"))
    matches: Mapped[list[int]] = mapped_column(JSON)
    raised_by: Mapped[int] = mapped_column(ForeignKey("cw_user.id"))
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("cw_user.id"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
