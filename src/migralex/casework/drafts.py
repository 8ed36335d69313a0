"""A caseworker's unfinished assessment of a case: the answers typed so far, one draft per case and user.

Kept as JSON text in the settings table (key ``assess-draft:{case}:{user}``) until the decision is
recorded; the pages own the draft's shape, this service only keeps it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from migralex.casework.models import Case, Setting, User

DRAFT_KEY = "assess-draft:{case}:{user}"


def _key(case: Case, user: User) -> str:
    return DRAFT_KEY.format(case=case.id, user=user.id)


def load(session: Session, case: Case, user: User) -> str | None:
    """The user's saved draft on this case (JSON text), if any."""
    row = session.get(Setting, _key(case, user))
    return row.value if row is not None else None


def save(session: Session, case: Case, user: User, text: str) -> None:
    """Keep the draft, replacing the user's previous draft on this case."""
    row = session.get(Setting, _key(case, user))
    if row is None:
        session.add(Setting(key=_key(case, user), value=text))
    else:
        row.value = text


def clear(session: Session, case: Case, user: User) -> None:
    """Forget the user's draft on this case (once the decision is recorded)."""
    row = session.get(Setting, _key(case, user))
    if row is not None:
        session.delete(row)
