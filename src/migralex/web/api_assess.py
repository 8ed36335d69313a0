"""``POST /api/v1/assess``: a stateless check, answering exactly as ``migralex assess --format json``.

The same steps as the CLI (:func:`migralex.entry.decide`): the program and reform from the registry, the
facts parsed by the program, :func:`migralex.engine.assess`, and the decision's JSON
(:meth:`~migralex.engine.Decision.to_json_bytes`, the bytes of ``to_json()``), with as much of the
explanation as ``explain`` asks for (``full``, ``failing`` or ``none``, as ``--explain``). Signed-in
callers only (bearer token or web session); nothing is written to the database; a bad program, reform,
date or fact is a problem+json 422 naming the field (``program``, ``reform``, ``date``, ``facts.<id>``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from migralex.casework.api import ERRORS
from migralex.casework.errors import InvalidInput
from migralex.casework.store import READ_ONLY
from migralex.engine import Decision, assess
from migralex.engine.errors import FactError, MigralexError
from migralex.engine.program import Explain
from migralex.rules.registry import get_program, get_reform
from migralex.web.guard import current_user


def signed_in_reader(request: Request) -> None:
    """401 before anything else (even body validation) unless a bearer token or web session is sent;
    checked in a reading transaction, so it never takes the write lock."""
    token = READ_ONLY.set(True)
    try:
        current_user(request, api_writes_need_bearer=False)
    finally:
        READ_ONLY.reset(token)


router = APIRouter(
    prefix="/api/v1", tags=["assess"], responses=ERRORS, dependencies=[Depends(signed_in_reader)]
)


class AssessIn(BaseModel):
    """One case to assess: the program, the decision date (default today), the facts, optionally a reform."""

    model_config = ConfigDict(extra="forbid")

    program: str = Field(min_length=1, max_length=120, examples=["dk.family_reunification.spouse"])
    date: dt.date | None = Field(
        default=None,
        ge=dt.date(1900, 1, 1),
        le=dt.date(2199, 12, 31),
        description="Decision date (YYYY-MM-DD, 1900-2199); default today",
    )
    facts: dict[str, Any] = Field(
        default_factory=dict,
        max_length=1000,
        description="Facts as in `migralex assess --facts` (see `migralex schema PROGRAM`); absent = unknown",
        examples=[{"sponsor.birth_date": "1990-07-02", "applicant.birth_date": "1995-05-05"}],
    )
    reform: str | None = Field(default=None, max_length=120, description="Assess under a named reform")
    explain: Explain = Field(
        default="full",
        description=(
            "How much of the explanation tree to return, as `migralex assess --explain`: full (every "
            "condition), failing (only those false or unknown), none (the outcome, outputs and missing "
            "facts alone)"
        ),
    )


def assess_case(body: AssessIn) -> Decision:
    """Assess as the CLI does; :class:`InvalidInput` names the field at fault."""
    try:
        program = get_program(body.program)
    except MigralexError as exc:
        raise InvalidInput(str(exc), "program") from None
    reform = None
    if body.reform:
        try:
            reform = get_reform(body.reform)
        except MigralexError as exc:
            raise InvalidInput(str(exc), "reform") from None
        if not reform.applies_to(program):
            raise InvalidInput(f"reform {reform.id} does not apply to {program.id}", "reform")
    try:
        facts = program.parse_facts(body.facts, reform)
    except FactError as exc:
        raise InvalidInput(str(exc), f"facts.{exc.field}") from None
    except MigralexError as exc:
        raise InvalidInput(str(exc), "facts") from None
    try:
        return assess(program, facts, body.date or dt.date.today(), reform, explain=body.explain)
    except (MigralexError, OverflowError) as exc:  # a date the rules' date arithmetic cannot reach
        raise InvalidInput(str(exc), "date") from None


@router.post(
    "/assess",
    summary="Assess a case without recording anything",
    response_description="The same JSON as `migralex assess --format json`",
    responses={200: {"content": {"application/json": {}}}},
)
def assess_endpoint(body: AssessIn) -> Response:
    """Outcome, cited explanation tree, missing facts and unknown parameters; read-only, for any signed-in
    user (bearer token, or the web session of the pages)."""
    decision = assess_case(body)
    return Response(decision.to_json_bytes(body.explain), media_type="application/json")
