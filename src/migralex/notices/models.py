"""Notice tables (prefixed ``cw_``, created by the Alembic revision ``0400_notices``).

``cw_notice`` keeps every issue of a notice (HTML and PDF, with their sha256) and the appeal route it
states; ``cw_appeal`` records an appeal lodged against a decision; ``cw_decision_final`` records that a
decision became final because its appeal deadline passed without an appeal. All three are append-only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from migralex.casework.models import utcnow
from migralex.db.base import Base

#: Tables whose rows are never updated or deleted.
NOTICE_TABLES = ("cw_notice", "cw_appeal", "cw_decision_final")


class Notice(Base):
    """One issue of a decision notice in one language: what was stated and the exact documents."""

    __tablename__ = "cw_notice"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("cw_decision.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cw_case.id"))
    language: Mapped[str] = mapped_column(String(8))
    notified_on: Mapped[date] = mapped_column(Date)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    appeal: Mapped[dict[str, Any]] = mapped_column(JSON)
    appeal_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    rulepack_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    html: Mapped[str] = mapped_column(Text)
    html_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    issued_by: Mapped[int] = mapped_column(ForeignKey("cw_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Appeal(Base):
    """An appeal (complaint, anke, notice of appeal) lodged against a decision."""

    __tablename__ = "cw_appeal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("cw_decision.id"), unique=True)
    lodged_on: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(default=False)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("cw_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DecisionFinal(Base):
    """A decision that became final: its appeal deadline passed with no appeal lodged."""

    __tablename__ = "cw_decision_final"
    decision_id: Mapped[int] = mapped_column(ForeignKey("cw_decision.id"), primary_key=True)
    final_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
