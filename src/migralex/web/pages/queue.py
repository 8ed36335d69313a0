"""The work queue (home page) and opening due reviews."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from migralex.casework import lifecycle
from migralex.web.pages.deps import Form, SignedIn, check_csrf, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, viewer: SignedIn) -> Response:
    """The work queue, with a banner after reviews were opened."""
    today = date.today()
    items, total = lifecycle.queue(viewer.session, viewer.user, today, 200, 0)
    opened = request.query_params.get("opened")
    return render(
        request,
        "queue.html",
        {
            "items": items,
            "total": total,
            "today": today,
            "opened": int(opened) if opened and opened.isdigit() else None,
        },
    )


@router.post("/reviews/open-due", response_class=HTMLResponse)
def open_due(form: Form, viewer: SignedIn) -> Response:
    """Open review cases for every status whose review date has come (senior caseworkers)."""
    check_csrf(form, viewer)
    opened = lifecycle.open_due_reviews(viewer.session, viewer.user, date.today())
    return RedirectResponse(f"/?opened={len(opened)}", status_code=303)
