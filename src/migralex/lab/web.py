"""The policy lab's pages, inside the shared shell: choose a program, a population and reforms; run; read.

Mount with ``app.include_router(router)`` behind a sign-in guard that sets ``request.state.user`` (the owner
of every run) and ``request.state.csrf``. Pages:

* ``GET /lab``: the form; ``POST /lab/run``: checks the input (errors shown on the form, input kept, 400),
  queues the run in a background worker (see :mod:`migralex.lab.jobs`) and redirects to its page;
* ``GET /lab/runs``: the user's runs (an administrator sees everyone's);
* ``GET /lab/runs/{run_id}/``: progress while queued or running, the reason when failed, the report when done;
  ``GET /lab/runs/{run_id}/status.json``: the same state as JSON (the progress page polls it);
* ``GET /lab/runs/{run_id}/{name}``: a file of the run (rows.parquet, summary.csv, summary.json, rejects.csv,
  report.html).

Runs are kept under ``MIGRALEX_LAB_RUNS`` (default: ``<tmp>/migralex-lab-runs``); at most
``MIGRALEX_LAB_WORKERS`` (default 2) run at once, the others wait in the queue.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from migralex.engine.errors import UnknownProgramError
from migralex.i18n import N_, from_dict
from migralex.lab.jobs import Manifest, Runner, RunRequest, runner
from migralex.lab.report import page_body_name
from migralex.lab.simulate import File as FileSource
from migralex.population.profiles import PROFILES
from migralex.rules.registry import get_program, get_reform, programs, reforms
from migralex.ui.templating import make_templates, page_language, render, translator

router = APIRouter(tags=["lab"])
templates = make_templates("migralex.lab")
_RUN_ID = re.compile(r"^[0-9a-f]{16}$")
_FILE = re.compile(r"^[A-Za-z0-9_-]+\.(parquet|csv|json|html)$")
ENGINES = ("polars", "streaming")
ADMIN = "administrator"
#: How a program's or reform's status is shown (translated in lab.po).
STATUSES = {
    "in_force": N_("in force"),
    "historical": N_("historical"),
    "proposed": N_("proposed"),
    "suspended": N_("suspended"),
    "enacted": N_("enacted"),
}
#: How each state and stage of a run is shown.
STATE_LABELS = {"queued": N_("Queued"), "running": N_("Running"), "done": N_("Done"), "failed": N_("Failed")}


def runs_dir() -> Path:
    """Where runs are stored."""
    return Path(os.environ.get("MIGRALEX_LAB_RUNS") or Path(tempfile.gettempdir()) / "migralex-lab-runs")


def max_rows() -> int:
    """Largest population the web page will simulate."""
    return int(os.environ.get("MIGRALEX_LAB_MAX_ROWS", "2000000"))


def workers() -> int:
    """How many runs may execute at once."""
    return max(1, int(os.environ.get("MIGRALEX_LAB_WORKERS", "2")))


def lab_runner() -> Runner:
    """The runner of this process for the configured runs directory."""
    return runner(runs_dir(), workers())


def _user(request: Request) -> Any:
    user = getattr(request.state, "user", None)
    if user is None:  # the guard in front of this router signs people in; without it nobody owns a run
        raise HTTPException(401, "sign in to use the policy lab")
    return user


def _form(
    request: Request, values: dict[str, Any] | None = None, errors: dict[str, str] | None = None
) -> HTMLResponse:
    default = {
        "program": "",
        "on": date.today().isoformat(),
        "reform": [],
        "profile": next(iter(PROFILES), ""),
        "size": "10000",
        "seed": "7",
        "missing": "",
        "engine": "polars",
    }
    ctx = {
        "programs": sorted(programs().values(), key=lambda p: p.id),
        "profiles": list(PROFILES.values()),
        "reforms": sorted(reforms().values(), key=lambda r: r.id),
        "statuses": STATUSES,
        "max_rows": max_rows(),
        "values": {**default, **(values or {})},
        "errors": errors or {},
    }
    return render(templates, request, "lab.html", ctx, 400 if errors else 200)


@router.get("/lab", response_class=HTMLResponse)
def lab_page(request: Request) -> HTMLResponse:
    """The lab form."""
    _user(request)
    return _form(request)


def _int(raw: str, name: str, label: str, errors: dict[str, str], gettext: Any) -> int | None:
    try:
        return int(raw.replace(",", "").strip())
    except ValueError:
        errors[name] = gettext("%(label)s must be a whole number, like %(example)s") % {
            "label": gettext(label),
            "example": "10000" if name == "size" else "7",
        }
        return None


def check_form(
    values: dict[str, Any], has_upload: bool, gettext: Any
) -> tuple[RunRequest | None, dict[str, str]]:
    """The run request the form describes, or the problems of each field (nothing is queued then)."""
    errors: dict[str, str] = {}
    program = None
    try:
        program = get_program(values["program"])
    except UnknownProgramError:
        errors["program"] = gettext("Choose a program from the list")
    on = values["on"].strip()
    try:
        decision = date.fromisoformat(on) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", on) else None
    except ValueError:
        decision = None
    if decision is None:
        errors["on"] = gettext("Enter the decision date as a real date, like 2025-03-01")
    reform_ids = list(values["reform"])
    for rid in reform_ids:
        try:
            reform = get_reform(rid)
        except UnknownProgramError:
            errors["reform"] = gettext("Choose reforms from the list")
            break
        if program is not None and not reform.applies_to(program):
            message = gettext("The reform %(reform)s is for %(base)s, not for the chosen program")
            errors["reform"] = message % {
                "reform": reform.id,
                "base": reform.base,
            }
            break
    if values["engine"] not in ENGINES:
        errors["engine"] = gettext("Choose the polars or streaming engine (use the CLI for Spark)")
    size = seed = 0
    missing: float | None = None
    if not has_upload:
        if values["profile"] not in PROFILES:
            errors["profile"] = gettext("Choose a synthetic profile or upload a population file")
        got = _int(values["size"], "size", N_("Size"), errors, gettext)
        if got is not None and not 1 <= got <= max_rows():
            errors["size"] = gettext("Size must be between 1 and %(max)s") % {"max": f"{max_rows():,}"}
        size = got or 0
        seed = _int(values["seed"], "seed", N_("Seed"), errors, gettext) or 0
        if values["missing"].strip():
            try:
                missing = float(values["missing"])
            except ValueError:
                missing = -1.0
            if not 0.0 <= missing <= 1.0:
                errors["missing"] = gettext("Unknown rate must be a number between 0 and 1, like 0.02")
    if errors:
        return None, errors
    assert program is not None and decision is not None  # noqa: S101 -- narrows a type for mypy
    request = RunRequest(
        program=program.id,
        on=decision.isoformat(),
        reforms=tuple(reform_ids),
        profile="" if has_upload else values["profile"],
        size=size,
        seed=seed,
        missing=missing,
        engine=values["engine"],
        rows_total=size,
    )
    return request, {}


@router.post("/lab/run", response_model=None)
def run(
    request: Request,
    program: Annotated[str, Form()] = "",
    profile: Annotated[str, Form()] = "",
    size: Annotated[str, Form()] = "10000",
    seed: Annotated[str, Form()] = "7",
    missing: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    engine: Annotated[str, Form()] = "polars",
    reform: Annotated[list[str] | None, Form()] = None,
    upload: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Check the form; queue the run and redirect to its page (or show the form again with its errors)."""
    user = _user(request)
    values = {
        "program": program,
        "profile": profile,
        "size": size,
        "seed": seed,
        "missing": missing,
        "on": on or date.today().isoformat(),
        "engine": engine,
        "reform": reform or [],
    }
    gettext = templates_gettext(request)
    has_upload = upload is not None and bool(upload.filename)
    spec, errors = check_form(values, has_upload, gettext)
    suffix = Path(upload.filename or "").suffix.lower() if upload is not None and has_upload else ""
    if has_upload and suffix not in (".csv", ".parquet"):
        errors["upload"] = gettext("The population file must be a .csv or .parquet file")
    if spec is None or errors:
        return _form(request, values, errors)
    lab = lab_runner()
    m = lab.store.create(int(user.id), str(getattr(user, "display_name", "") or user.id))
    if has_upload and upload is not None:
        name = f"upload{suffix}"
        path = lab.store.path(m.id) / name
        with path.open("wb") as fh:  # streamed to disk, not held in memory
            shutil.copyfileobj(upload.file, fh)
        try:
            rows = FileSource(path).size()
        except Exception:  # any unreadable file is the same problem for the user
            rows = -1
        if not 0 < rows <= max_rows():
            path.unlink()
            lab.store.path(m.id).rmdir()
            if rows < 0:
                message = gettext("The population file could not be read as %(kind)s") % {"kind": suffix}
            else:
                message = gettext("The population file must have between 1 and %(max)s rows")
                message %= {"max": f"{max_rows():,}"}
            return _form(request, values, {"upload": message})
        spec = RunRequest(**{**spec.__dict__, "upload": name, "rows_total": rows})
    m.request = spec
    lab.submit(m)
    return RedirectResponse(f"/lab/runs/{m.id}/", status_code=303)


def templates_gettext(request: Request) -> Any:
    """The page language's gettext (for messages built in Python): the request's translator, so a message
    without a translation is recorded like the template's own."""
    return translator(request).gettext


def _manifest(request: Request, run_id: str) -> Manifest:
    """The run, if it exists and the user may see it (its owner, or an administrator); else 404."""
    user = _user(request)
    m = lab_runner().store.load(run_id) if _RUN_ID.match(run_id) else None
    if m is None or (m.owner != int(user.id) and user.role != ADMIN):
        raise HTTPException(404, "no such run")
    return m


def reason_text(gettext: Any, m: Manifest) -> str | None:
    """Why a run failed, in the page's language (a run stored before reasons were messages: as stored)."""
    if m.reason_message:
        return str(gettext(from_dict(m.reason_message)))
    return m.reason


def _status(m: Manifest) -> dict[str, Any]:
    total = m.request.rows_total
    return {
        "id": m.id,
        "state": m.state,
        "stage": m.stage,
        "rows_done": m.rows_done,
        "rows_total": total or None,
        "reason": m.reason,
        "history": m.history,
        "report": f"/lab/runs/{m.id}/" if m.state == "done" else None,
    }


@router.get("/lab/runs", response_class=HTMLResponse)
def run_list(request: Request) -> HTMLResponse:
    """The user's runs, newest first (an administrator sees every user's)."""
    user = _user(request)
    mine = [m for m in lab_runner().store.all() if user.role == ADMIN or m.owner == int(user.id)]
    gettext = templates_gettext(request)
    ctx = {
        "runs": mine,
        "state_labels": STATE_LABELS,
        "show_owner": user.role == ADMIN,
        "reasons": {m.id: reason_text(gettext, m) for m in mine},
    }
    return render(templates, request, "runs.html", ctx)


@router.get("/lab/runs/{run_id}/status.json")
def run_status(request: Request, run_id: str) -> dict[str, Any]:
    """The run's state and progress (polled by its page); ``stage_text`` in the page language."""
    m = _manifest(request, run_id)
    gettext = templates_gettext(request)
    return {**_status(m), "stage_text": gettext(m.stage), "reason_text": reason_text(gettext, m)}


@router.get("/lab/runs/{run_id}/", response_class=HTMLResponse)
def run_page(request: Request, run_id: str) -> HTMLResponse:
    """Progress while the run is queued or running; the reason if it failed; the report when it is done."""
    m = _manifest(request, run_id)
    ctx: dict[str, Any] = {
        "run": m,
        "status": _status(m),
        "state_labels": STATE_LABELS,
        "reason": reason_text(templates_gettext(request), m),
    }
    if m.state == "done":
        body = lab_runner().store.path(m.id) / page_body_name(page_language(request))
        ctx["body"] = body.read_text(encoding="utf-8") if body.is_file() else ""
        return render(templates, request, "run_report.html", ctx)
    folder = lab_runner().store.path(m.id)
    ctx["files"] = sorted(p.name for p in folder.iterdir() if _FILE.match(p.name) and p.suffix == ".csv")
    return render(templates, request, "run_progress.html", ctx)


@router.get("/lab/assets/progress.js", include_in_schema=False)
def progress_script() -> Response:
    """The few lines that poll a run's status (served here: the pages allow only same-origin scripts)."""
    js = (resources.files("migralex.lab") / "static" / "progress.js").read_text(encoding="utf-8")
    return Response(js, media_type="text/javascript")


@router.get("/lab/assets/lab.css", include_in_schema=False)
def report_style() -> Response:
    """The few layout rules of the report's charts and tables inside the shell."""
    css = (resources.files("migralex.lab") / "templates" / "report.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css")


@router.get("/lab/runs/{run_id}/{name}")
def download(request: Request, run_id: str, name: str) -> FileResponse:
    """A file of a run: rows.parquet, summary.csv, summary.json, rejects.csv, report.html."""
    m = _manifest(request, run_id)
    if not _FILE.match(name) or name.startswith("run.") or name.startswith("page-"):
        raise HTTPException(404, "no such file")
    path = lab_runner().store.path(m.id) / name
    if not path.is_file():
        raise HTTPException(404, "no such file")
    media = {".csv": "text/csv", ".json": "application/json", ".html": "text/html"}.get(
        path.suffix, "application/octet-stream"
    )
    return FileResponse(path, media_type=media, filename=name)
