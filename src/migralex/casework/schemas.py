"""Request and response models of the casework API (pydantic 2); services take the request models."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

T = TypeVar("T")
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)

Vulnerability = Literal["torture_survivor", "ptsd", "minor", "pregnancy", "disability", "trafficking_victim"]
Ground = Literal["personal_persecution", "individual_risk", "generalised_violence", "family", "other"]
Relation = Literal["spouse", "partner", "child", "parent", "sibling"]
CaseKind = Literal[
    "asylum_claim",
    "family_reunification",
    "permanent_residence",
    "extension",
    "review",
    "expulsion",
    "return",
]
DecisionKindName = Literal[
    "grant",
    "refusal",
    "extension",
    "revocation",
    "separate_accommodation",
    "expulsion",
    "voluntary_return",
    "enforced_return",
    "departure_centre",
    "tolerated_stay",
]
AssessmentKind = Literal[
    "individual_assessment", "non_refoulement", "best_interests_child", "vulnerability_considered"
]
Conclusion = Literal["done", "no_risk", "risk", "considered"]
Role = Literal["caseworker", "senior_caseworker", "auditor", "administrator"]
Country = Field(pattern=r"^[A-Z]{2,3}$", description="ISO 3166 alpha-2 or alpha-3 code, upper case")


def _check_values(value: Any, where: str) -> None:
    """Refuse NUL characters, non-finite numbers and dates outside 1900-2200 anywhere in the input."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(f"{where}: NUL characters are not allowed")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where}: numbers must be finite")
    if isinstance(value, date) and not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"{where}: date must be between {MIN_DATE} and {MAX_DATE}")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_values(k, where)
            _check_values(v, f"{where}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_values(v, f"{where}[{i}]")


class Strict(BaseModel):
    """Unknown fields are errors; no NUL characters, non-finite numbers or far-off dates anywhere."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _sane(self) -> Strict:
        for name in type(self).model_fields:
            _check_values(getattr(self, name), name)
        return self


class PersonIn(Strict):
    """A person recorded at intake; vulnerabilities are recorded here and shown on every case page."""

    full_name: str = Field(min_length=1, max_length=200)
    birth_date: date | None = None
    nationality: str = Country
    home_region: str | None = Field(default=None, max_length=120)
    vulnerabilities: list[Vulnerability] = Field(default_factory=list, max_length=6)
    vulnerability_notes: str = Field(default="", max_length=4000)
    allow_duplicate: bool = Field(
        default=False,
        description="record even if a person with the same name, birth date and nationality exists",
    )


class PersonOut(BaseModel):
    """A person."""

    id: int
    full_name: str
    birth_date: date | None
    nationality: str
    home_region: str | None
    vulnerabilities: list[str]
    vulnerability_notes: str


class FamilyLinkIn(Strict):
    """``relative_id`` is the person's spouse, partner, child, parent or sibling."""

    relative_id: int = Field(ge=1)
    relation: Relation


class FamilyLinkOut(BaseModel):
    """A family link."""

    id: int
    person_id: int
    relative_id: int
    relation: str


class CaseIn(Strict):
    """Open a case; ``sponsor_id`` is required for family reunification."""

    kind: CaseKind
    person_id: int = Field(ge=1)
    sponsor_id: int | None = Field(default=None, ge=1)
    parent_case_id: int | None = Field(default=None, ge=1)
    summary: str = Field(default="", max_length=4000)
    opened_on: date | None = None
    assigned_to: int | None = Field(default=None, ge=1, description="senior caseworkers only")


class CaseOut(BaseModel):
    """A case."""

    id: int
    reference: str
    kind: str
    person_id: int
    sponsor_id: int | None
    parent_case_id: int | None
    designation_id: int | None
    status: str
    assigned_to: int | None
    opened_on: date
    summary: str


class AssessmentIn(Strict):
    """A recorded safeguard assessment; ``reasons`` must say what was considered."""

    kind: AssessmentKind
    conclusion: Conclusion
    reasons: str = Field(min_length=10, max_length=20000)
    recorded_on: date | None = None


class AssessmentOut(BaseModel):
    """A recorded assessment."""

    id: int
    case_id: int
    kind: str
    conclusion: str
    reasons: str
    recorded_on: date
    recorded_by: int


class DocumentIn(Strict):
    """Metadata of a document on file."""

    title: str = Field(min_length=1, max_length=300)
    doc_type: str = Field(min_length=1, max_length=60)
    filename: str = Field(min_length=1, max_length=300)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size_bytes: int = Field(ge=0, le=2_000_000_000)
    received_on: date


class DocumentOut(DocumentIn):
    """A document's metadata."""

    id: int
    case_id: int


class EvaluateIn(Strict):
    """Run a program on a case without deciding: the outcome and the facts still needed."""

    program: str = Field(min_length=1, max_length=120)
    date: date
    facts: dict[str, Any] = Field(default_factory=dict)
    reform: str | None = Field(default=None, max_length=120)


class EvaluateOut(BaseModel):
    """Outcome, facts used (stored + entered), facts still needed, and the explanation."""

    program: str
    outcome: str
    facts: dict[str, Any]
    missing_facts: list[str]
    result: dict[str, Any]


class DecisionIn(Strict):
    """A decision on a case; ``program`` runs the rules on ``facts`` (prefilled from the database)."""

    kind: DecisionKindName
    decision_date: date
    reasons: str = Field(min_length=1, max_length=20000)
    program: str | None = Field(default=None, max_length=120)
    facts: dict[str, Any] = Field(default_factory=dict)
    reform: str | None = Field(default=None, max_length=120)
    separates_family: bool = False
    status_code: str | None = Field(default=None, max_length=40)
    ground: Ground | None = None
    permit_until: date | None = None
    extension_years: int | None = Field(default=None, ge=1, le=20)


class DecisionOut(BaseModel):
    """A decision exactly as made."""

    id: int
    case_id: int
    kind: str
    adverse: bool
    decision_date: date
    program_id: str | None
    outcome: str | None
    facts: dict[str, Any]
    result: dict[str, Any] | None
    rulepack: dict[str, str | None] | None
    reform: dict[str, str | None] | None
    support_amount: Decimal | None
    support_unit: str | None
    safeguards: list[dict[str, Any]]
    reasons: str
    decided_by: int


class RerunOut(BaseModel):
    """Re-running a stored decision: same pack hash must give an identical result."""

    decision_id: int
    stored_rulepack_hash: str | None
    current_rulepack_hash: str | None
    same_pack: bool
    identical: bool
    stored_outcome: str | None
    current_outcome: str | None
    facts_upgraded: list[str] = []
    not_in_force: dict[str, Any] | None = None
    conditions_changed: list[dict[str, Any]] = []
    parameters_changed: list[dict[str, Any]] = []


class SafeguardStatus(BaseModel):
    """For one decision kind: the safeguards met (with the assessment) and the blocks still open."""

    decision_kind: str
    adverse: bool
    met: list[dict[str, Any]]
    blocks: list[dict[str, Any]]


class TimelineEntry(BaseModel):
    """One event on a case."""

    on: date
    what: str
    decision_id: int | None


class StatusOut(BaseModel):
    """A residence status held (or once held) by a person."""

    id: int
    person_id: int
    case_id: int
    decision_id: int
    status_code: str
    ground: str | None
    sponsor_id: int | None
    valid_from: date
    valid_until: date | None
    review_on: date | None
    ended_on: date | None


class DeadlineOut(BaseModel):
    """A dated task, with how it was computed."""

    id: int
    case_id: int
    kind: str
    label: str
    due_on: date
    source: str
    done_on: date | None


class DesignationIn(Strict):
    """Declare a country (or a region of it) safe from a date."""

    country: str = Country
    region: str | None = Field(default=None, min_length=1, max_length=120)
    safe_from: date
    basis: str = Field(min_length=5, max_length=4000)


class AffectedHolder(BaseModel):
    """A holder affected by (or excluded from) a designation."""

    person_id: int
    full_name: str
    status_id: int
    status_code: str
    ground: str | None
    home_region: str | None
    review_case_id: int | None = None
    reason: str


class DesignationOut(BaseModel):
    """A designation with the holders it affects, those excluded, and the review cases opened."""

    id: int | None
    country: str
    region: str | None
    safe_from: date
    basis: str
    affected: list[AffectedHolder]
    excluded: list[AffectedHolder]


class TokenIn(Strict):
    """Credentials for a bearer token."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1000)


class TokenOut(BaseModel):
    """A bearer token (shown once)."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"


class UserIn(Strict):
    """A new user (administrators only)."""

    username: str = Field(min_length=2, max_length=64, pattern=r"^[a-z0-9_.-]+$")
    password: str = Field(min_length=8, max_length=1000)
    role: Role
    display_name: str = Field(default="", max_length=200)


class UserOut(BaseModel):
    """A user (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool


class AuditOut(BaseModel):
    """An audit-log entry."""

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    case_id: int | None
    detail: str
    hash: str


class VerifyOut(BaseModel):
    """The result of verifying the audit chain."""

    ok: bool
    checked: int
    bad_seq: int | None
    reason: str


class QueueItem(BaseModel):
    """An open case or a due deadline in the work queue."""

    case_id: int
    reference: str
    kind: str
    person: str
    vulnerabilities: list[str]
    assigned_to: int | None
    due_on: date | None
    task: str


class Page(BaseModel, Generic[T]):
    """A page of results: ``items``, ``total``, ``limit``, ``offset``."""

    items: list[T]
    total: int
    limit: int
    offset: int


class ProgramOut(BaseModel):
    """A program the service can run."""

    id: str
    title: str
    jurisdiction: str
    status: str
    facts_schema: dict[str, Any]


class Message(BaseModel):
    """A short confirmation."""

    message: str


class Timestamped(BaseModel):
    """Server time."""

    now: datetime
