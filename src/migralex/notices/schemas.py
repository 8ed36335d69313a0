"""Request and response shapes of the notice API."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from migralex.casework.schemas import Strict
from migralex.i18n import Language
from migralex.rules.appeals import Certification


class NoticeIn(Strict):
    """Issue a notice of a stored decision: the language and how and when the person was notified."""

    language: Language
    notified_on: date
    in_country: bool | None = None
    certification: Certification = "none"
    manifestly_unfounded: bool = False
    departed_on: date | None = None


class NoticeOut(BaseModel):
    """An issued notice: what it states about the appeal, and the sha256 of its documents."""

    id: int
    decision_id: int
    case_id: int
    language: str
    notified_on: date
    appeal: dict[str, Any]
    appeal_deadline: date | None
    rulepack_hash: str | None
    html_sha256: str
    pdf_sha256: str


class AppealIn(Strict):
    """An appeal lodged against a decision."""

    lodged_on: date


class FinaliseIn(Strict):
    """Make final every decision whose appeal deadline passed before ``on`` without an appeal."""

    on: date


class AppealStatusOut(BaseModel):
    """Where a decision stands: its appeal deadline, any appeal lodged, whether it is final."""

    decision_id: int
    appeal_deadline: date | None
    appeal_lodged_on: date | None
    appeal_late: bool | None
    final_on: date | None
