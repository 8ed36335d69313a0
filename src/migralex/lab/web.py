"""The policy lab web page: choose a program, a population (synthetic or an upload) and reforms; run; read.

Mount with ``app.include_router(router)``. Pages:

* ``GET /lab``: the form;
* ``POST /lab/run``: runs a simulation (polars or streaming; at most ``MIGRALEX_LAB_MAX_ROWS`` rows, default
  2,000,000) and redirects to its report;
* ``GET /lab/runs/{run_id}/``: the HTML report; ``GET /lab/runs/{run_id}/{name}``: its files (rows.parquet,
  summary.csv, summary.json, rejects.csv).

Runs are kept under ``MIGRALEX_LAB_RUNS`` (default: ``<tmp>/migralex-lab-runs``).
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from migralex.engine import MigralexError
from migralex.engine.facts import parse_date
from migralex.lab.report import REPORT_HTML, write_outputs
from migralex.lab.results import Plan
from migralex.lab.simulate import File as FileSource
from migralex.lab.simulate import Synthetic, simulate
from migralex.population.generate import PopulationSpec
from migralex.population.profiles import PROFILES, get_profile
from migralex.population.validate import PopulationFileError
from migralex.rules.registry import get_program, get_reform, programs, reforms

router = APIRouter(tags=["lab"])
_RUN_ID = re.compile(r"^[0-9a-f]{16}$")
_FILE = re.compile(r"^[A-Za-z0-9_.-]+\.(parquet|csv|json|html)$")


def runs_dir() -> Path:
    """Where runs are stored."""
    return Path(os.environ.get("MIGRALEX_LAB_RUNS") or Path(tempfile.gettempdir()) / "migralex-lab-runs")


def max_rows() -> int:
    """Largest population the web page will simulate."""
    return int(os.environ.get("MIGRALEX_LAB_MAX_ROWS", "2000000"))


def _env() -> Environment:
    return Environment(loader=PackageLoader("migralex.lab", "templates"), autoescape=select_autoescape())


def _form(error: str | None = None, status: int = 200) -> HTMLResponse:
    html = (
        _env()
        .get_template("lab.html")
        .render(
            programs=sorted(programs().values(), key=lambda p: p.id),
            profiles=list(PROFILES.values()),
            reforms=sorted(reforms().values(), key=lambda r: r.id),
            today=date.today().isoformat(),
            max_rows=max_rows(),
            error=error,
        )
    )
    return HTMLResponse(html, status_code=status)


@router.get("/lab", response_class=HTMLResponse)
def lab_page() -> HTMLResponse:
    """The lab form."""
    return _form()


@router.post("/lab/run", response_model=None)
def run(
    program: Annotated[str, Form()],
    profile: Annotated[str, Form()] = "",
    size: Annotated[int, Form()] = 10_000,
    seed: Annotated[int, Form()] = 7,
    missing: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    engine: Annotated[str, Form()] = "polars",
    reform: Annotated[list[str] | None, Form()] = None,
    upload: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Run a simulation and redirect to its report (or show the form again with the error)."""
    run_id = uuid.uuid4().hex[:16]
    out = runs_dir() / run_id
    try:
        if engine not in ("polars", "streaming"):
            raise ValueError("the web lab runs the polars or streaming engine; use the CLI for Spark")
        decision = parse_date(on, "date") if on else date.today()
        prog = get_program(program)
        plan = Plan(prog, [get_reform(r) for r in reform or []], decision)
        source: Synthetic | FileSource
        if upload is not None and upload.filename:
            suffix = Path(upload.filename).suffix.lower()
            if suffix not in (".csv", ".parquet"):
                raise ValueError("upload a .csv or .parquet file")
            out.mkdir(parents=True, exist_ok=True)
            path = out / f"upload{suffix}"
            path.write_bytes(upload.file.read())
            source = FileSource(path)
            if source.size() > max_rows():
                raise ValueError(f"the web lab takes at most {max_rows():,} rows; use the CLI for more")
        else:
            if not profile:
                raise ValueError("choose a population profile or upload a file")
            if not 1 <= size <= max_rows():
                raise ValueError(f"population size must be between 1 and {max_rows():,}")
            rate = float(missing) if missing else None
            source = Synthetic(PopulationSpec(get_profile(profile), size, seed, decision, rate))
        summary = simulate(plan, source, out, engine=engine)
        write_outputs(summary, out)
    except (MigralexError, ValueError, KeyError, PopulationFileError) as exc:
        return _form(str(exc).strip("'\""), status=400)
    return RedirectResponse(f"/lab/runs/{run_id}/", status_code=303)


def _run_path(run_id: str, name: str) -> Path:
    if not _RUN_ID.match(run_id) or not _FILE.match(name):
        raise HTTPException(404, "no such run or file")
    path = runs_dir() / run_id / name
    if not path.is_file():
        raise HTTPException(404, "no such run or file")
    return path


@router.get("/lab/runs/{run_id}/", response_class=HTMLResponse)
def report(run_id: str) -> HTMLResponse:
    """The report of a run (its download links are relative to this page)."""
    return HTMLResponse(_run_path(run_id, REPORT_HTML).read_text(encoding="utf-8"))


@router.get("/lab/runs/{run_id}/{name}")
def download(run_id: str, name: str) -> FileResponse:
    """A file of a run: rows.parquet, summary.csv, summary.json, rejects.csv, report.html."""
    path = _run_path(run_id, name)
    media = {".csv": "text/csv", ".json": "application/json", ".html": "text/html"}.get(
        path.suffix, "application/octet-stream"
    )
    return FileResponse(path, media_type=media, filename=name)
