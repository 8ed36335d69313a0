"""Server-rendered casework pages, one module per resource, all inside the shared shell (``migralex.ui``).

Signed-in state is a signed cookie holding a session token (stored hashed, revocable); every form carries a
CSRF token derived from the session. Pages read through :mod:`migralex.casework.queries` and write through
the same services as the API. The guided assessment, decision form and decision page live in
:mod:`migralex.web.assessment` (mounted beside these when present).
"""

from __future__ import annotations

from fastapi import APIRouter

from migralex.web.pages import audit, cases, designations, intake, queue, signin
from migralex.web.pages.errors import install_page_errors

router = APIRouter(include_in_schema=False)
for _part in (signin, queue, intake, cases, designations, audit):
    router.include_router(_part.router)

__all__ = ["install_page_errors", "router"]
