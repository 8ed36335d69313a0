"""Request and response models of the casework API (pydantic 2); services take the request models."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

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
#: The largest id: ids are 32-bit signed integers on PostgreSQL (and kept so on SQLite).
MAX_ID = 2**31 - 1
#: How deeply a JSON value (e.g. ``facts``) may nest.
MAX_DEPTH = 16
#: Nationality codes outside ISO 3166-1 that travel documents use (ICAO Doc 9303, Part 3, section 5):
#: XXA stateless person, XXB refugee (1951 Convention), XXC refugee (other), XXX unspecified
#: nationality. They have no two-letter form, so they are stored as they are.
ICAO_NATIONALITIES = frozenset({"XXA", "XXB", "XXC", "XXX"})
#: Kosovo: the user-assigned code XK (three letters XKX) the European Commission uses.
KOSOVO = frozenset({"XK", "XKX"})
SPECIAL_NATIONALITIES = ICAO_NATIONALITIES | KOSOVO


def _no_number(value: Any) -> Any:
    """Dates are ISO strings: a number (``0``) or a boolean is not a date."""
    if isinstance(value, bool | int | float):
        raise ValueError("a date must be a string YYYY-MM-DD")
    return value


def _in_range(value: date) -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"date must be between {MIN_DATE} and {MAX_DATE}")
    return value


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


#: A moment, always with its offset (SQLite hands back naive UTC times).
UtcTime = Annotated[datetime, AfterValidator(_utc)]


def _country(value: str) -> str:
    """An ISO 3166-1 code (alpha-2, or alpha-3 turned into alpha-2, the stored form), an ICAO Doc 9303
    nationality code, or Kosovo's XK; anything else (``ZZ``, ``ZZZ``) is refused."""
    if value in ICAO_NATIONALITIES:
        return value
    if value in KOSOVO:
        return "XK"
    found = (
        pycountry.countries.get(alpha_2=value) if len(value) == 2 else pycountry.countries.get(alpha_3=value)
    )
    if found is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 country code (nor XXA, XXB, XXC, XXX, XK)")
    return str(found.alpha_2)


def _born(value: date) -> date:
    """A birth date is a real past day: from 1900-01-01 to today."""
    if value < MIN_DATE:
        raise ValueError(f"a birth date cannot be before {MIN_DATE}")
    if value > date.today():
        raise ValueError(f"a birth date cannot be in the future (today is {date.today()})")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


_DATE_RANGE = {"formatMinimum": str(MIN_DATE), "formatMaximum": str(MAX_DATE)}
#: A calendar date between 1900-01-01 and 2200-12-31, as an ISO string (numbers are refused).
Day = Annotated[
    date,
    BeforeValidator(_no_number),
    AfterValidator(_in_range),
    Field(description=f"ISO date, {MIN_DATE} to {MAX_DATE}", json_schema_extra=_DATE_RANGE),
]
#: A birth date: from 1900-01-01 to today, as an ISO string.
BirthDate = Annotated[
    date,
    BeforeValidator(_no_number),
    AfterValidator(_born),
    Field(
        description=f"ISO date, {MIN_DATE} to today (never in the future)",
        json_schema_extra={"formatMinimum": str(MIN_DATE), "x-not-after": "today"},
    ),
]
#: A record id: an integer 1 .. 2**31-1 (booleans, numbers with a fraction and strings are refused).
RecordId = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
#: A name-like text: at least one character that is not white space.
Name = Annotated[str, Field(pattern=r"\S"), AfterValidator(_not_blank)]
#: An ISO 3166-1 alpha-2 or alpha-3 code (upper case) or a travel-document code for the stateless.
Country = Annotated[
    str,
    Field(
        pattern=r"^[A-Z]{2,3}$",
        description="ISO 3166-1 alpha-2 (alpha-3 is accepted and stored as alpha-2), or the ICAO Doc 9303 "
        "codes XXA (stateless), XXB (refugee, 1951 Convention), XXC (refugee, other), XXX (unspecified), "
        "or XK (Kosovo)",
        json_schema_extra={"examples": ["SY", "XXA"]},
    ),
    AfterValidator(_country),
]


def _check_values(value: Any, where: str, depth: int = 0) -> None:
    """Refuse NUL characters, unpaired surrogates, non-finite numbers, far-off dates and deep nesting."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{where}: NUL characters are not allowed")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{where}: unpaired surrogate characters are not allowed") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where}: numbers must be finite")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        raise ValueError(f"{where}: integers must be at most 2**53 in size")
    if isinstance(value, date) and not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"{where}: date must be between {MIN_DATE} and {MAX_DATE}")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_values(k, where, depth + 1)
            _check_values(v, f"{where}.{k}", depth + 1)
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_values(v, f"{where}[{i}]", depth + 1)


class Strict(BaseModel):
    """Unknown fields are errors; no NUL characters, unpaired surrogates,
    non-finite numbers, far-off dates or deep nesting anywhere (each error names its field)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _sane(cls, value: Any) -> Any:
        _check_values(value, "value")
        return value


class PersonIn(Strict):
    """A person recorded at intake; vulnerabilities are recorded here and shown on every case page."""

    full_name: Name = Field(min_length=1, max_length=200)
    birth_date: BirthDate | None = None
    nationality: Country
    home_region: str | None = Field(default=None, max_length=120)
    vulnerabilities: list[Vulnerability] = Field(default_factory=list, max_length=6)
    vulnerability_notes: str = Field(default="", max_length=4000)
    allow_duplicate: bool = Field(
        default=False,
        strict=True,
        description="record even if a person with the same name, birth date and nationality exists",
    )


class PersonOut(BaseModel):
    """A person; ``vulnerabilities`` and ``vulnerability_notes`` are null for roles that may not read
    health data (auditors, administrators)."""

    id: int
    full_name: str
    birth_date: date | None
    nationality: str
    home_region: str | None
    vulnerabilities: list[str] | None
    vulnerability_notes: str | None


class DuplicateOut(BaseModel):
    """An intake that matched people its recorder may not see (for senior caseworkers)."""

    id: int
    person_id: int
    matches: list[int]
    raised_by: int
    raised_at: UtcTime
    resolved_by: int | None
    resolved_at: UtcTime | None


class FamilyLinkIn(Strict):
    """``relative_id`` is the person's spouse, partner, child, parent or sibling."""

    relative_id: RecordId
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
    person_id: RecordId
    sponsor_id: RecordId | None = None
    parent_case_id: RecordId | None = None
    summary: str = Field(default="", max_length=4000)
    opened_on: Day | None = None
    assigned_to: RecordId | None = Field(default=None, description="senior caseworkers only")


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
    reasons: Name = Field(min_length=10, max_length=20000)
    recorded_on: Day | None = None


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

    title: Name = Field(min_length=1, max_length=300)
    doc_type: Name = Field(min_length=1, max_length=60)
    filename: Name = Field(min_length=1, max_length=300)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size_bytes: int = Field(strict=True, ge=0, le=2_000_000_000)
    received_on: Day


class DocumentOut(DocumentIn):
    """A document's metadata."""

    id: int
    case_id: int


class EvaluateIn(Strict):
    """Run a program on a case without deciding: the outcome and the facts still needed."""

    program: Name = Field(min_length=1, max_length=120)
    date: Day
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
    decision_date: Day
    reasons: Name = Field(min_length=1, max_length=20000)
    program: str | None = Field(default=None, max_length=120)
    facts: dict[str, Any] = Field(default_factory=dict)
    reform: str | None = Field(default=None, max_length=120)
    separates_family: bool = Field(default=False, strict=True)
    status_code: str | None = Field(default=None, max_length=40)
    ground: Ground | None = None
    permit_until: Day | None = None
    extension_years: int | None = Field(default=None, strict=True, ge=1, le=20)


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

    country: Country
    region: Name | None = Field(default=None, min_length=1, max_length=120)
    safe_from: Day
    basis: Name = Field(min_length=5, max_length=4000)


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
    """A bearer token (shown once); ``notice`` reports failed sign-in attempts on the account."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 -- the OAuth token type, not a secret
    notice: str | None = None


class TokenInfo(BaseModel):
    """A live token of a user (never the token itself)."""

    id: int
    kind: str
    created_at: UtcTime
    expires_at: UtcTime


class PasswordChange(Strict):
    """Change one's own password: the current one, and a new one that is not common or guessable."""

    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(min_length=8, max_length=1000)


class PasswordSet(Strict):
    """Set a user's password (administrators); all the user's tokens are revoked."""

    new_password: str = Field(min_length=8, max_length=1000)


class UserActive(Strict):
    """Enable or disable a user (administrators); disabling revokes every token of the user."""

    active: bool = Field(strict=True)


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
    active: bool = Field(strict=True)


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
