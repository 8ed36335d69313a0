"""A caseworker's unfinished assessment is kept per case and per caseworker until the decision (#12: the
pages keep it through the casework drafts service, never with their own queries)."""

# ruff: noqa: F811  (the casework fixtures are imported by name and requested as arguments)
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from migralex.casework import drafts
from migralex.casework.models import Case, User
from tests.casework.conftest import app, client, db_url, make_api, sessions  # noqa: F401
from tests.casework.helpers import granted_case


def test_a_draft_belongs_to_one_caseworker_on_one_case_until_it_is_cleared(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    anna, bo = make_api("caseworker"), make_api("caseworker")
    _, opened, _ = granted_case(anna)
    with sessions.begin() as s:
        case, a, b = s.get(Case, opened["id"]), s.get(User, anna.id), s.get(User, bo.id)
        assert case is not None and a is not None and b is not None
        assert drafts.load(s, case, a) is None
        drafts.save(s, case, a, '{"program": "first"}')
        drafts.save(s, case, a, '{"program": "second"}')  # replaces anna's draft
    with sessions.begin() as s:
        case, a, b = s.get(Case, opened["id"]), s.get(User, anna.id), s.get(User, bo.id)
        assert case is not None and a is not None and b is not None
        assert drafts.load(s, case, a) == '{"program": "second"}'
        assert drafts.load(s, case, b) is None  # bo's answers are his own
        drafts.clear(s, case, a)
        drafts.clear(s, case, b)  # nothing to clear: no error
    with sessions.begin() as s:
        case, a = s.get(Case, opened["id"]), s.get(User, anna.id)
        assert case is not None and a is not None
        assert drafts.load(s, case, a) is None
