"""Lab runs as background jobs: a bounded worker pool, one JSON manifest per run, progress as it happens.

A run is a directory ``<runs>/<run id>/`` holding ``run.json`` (the manifest: owner, request, state,
progress, history of states) and, once done, the outputs (rows.parquet, summary.csv, summary.json,
report.html and the report's page body per language). States: ``queued`` -> ``running`` -> ``done`` or
``failed`` (with the reason). At most ``workers`` runs execute at once; later ones wait in the queue.

Manifests are written atomically (temporary file, then rename) and survive restarts: a run still marked
``queued`` or ``running`` whose process is gone is shown as ``failed`` with the reason ``interrupted``.
"""

from __future__ import annotations

import json
import os
import threading
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from migralex.engine import MigralexError
from migralex.error_messages import engine_error
from migralex.i18n import N_, Message, term
from migralex.lab.report import write_outputs
from migralex.lab.results import Plan
from migralex.lab.simulate import File as FileSource
from migralex.lab.simulate import Synthetic, simulate
from migralex.population.generate import PopulationSpec
from migralex.population.profiles import get_profile
from migralex.population.validate import PopulationFileError
from migralex.rules.registry import get_program, get_reform

State = Literal["queued", "running", "done", "failed"]
STATES: tuple[State, ...] = ("queued", "running", "done", "failed")
FINISHED: tuple[State, ...] = ("done", "failed")
MANIFEST = "run.json"
#: What a run is doing, shown beside its state (translated in lab.po).
WAITING, READING, EVALUATING, WRITING, FINISHED_STAGE, STOPPED = (
    "waiting for a free worker",
    "reading the population",
    "evaluating the rules",
    "writing the report",
    "finished",
    "stopped",
)
STAGES = (WAITING, READING, EVALUATING, WRITING, FINISHED_STAGE, STOPPED)
INTERRUPTED = N_("interrupted: the service stopped before the run finished")
#: A token of this process: a manifest written by another process (or before a restart) carries another.
PROCESS_TOKEN = uuid.uuid4().hex
#: Problems of a run's input or data that are shown to the user as they are (anything else: "internal error").
USER_ERRORS = (MigralexError, ValueError, KeyError, PopulationFileError)
INTERNAL_ERROR = N_(
    "internal error: the run failed in the service; the technical detail is kept with the run"
)


@dataclass(frozen=True)
class RunRequest:
    """What a user asked the lab to run (validated by the form before it is queued)."""

    program: str
    on: str
    reforms: tuple[str, ...] = ()
    profile: str = ""
    size: int = 0
    seed: int = 7
    missing: float | None = None
    engine: str = "polars"
    #: the uploaded population's file name inside the run directory, or None for a synthetic one
    upload: str | None = None
    #: rows expected (the synthetic size or the file's row count), for progress
    rows_total: int = 0


@dataclass
class Manifest:
    """The stored state of one run."""

    id: str
    owner: int
    request: RunRequest
    state: State = "queued"
    stage: str = WAITING
    rows_done: int = 0
    reason: str | None = None
    #: the reason as a message (``{"msgid", "params"}``), shown in the reader's language; ``reason`` keeps
    #: the English detail
    reason_message: dict[str, Any] | None = None
    created: str = ""
    history: list[dict[str, str]] = field(default_factory=list)
    pid: int = 0
    process: str = ""
    #: how the owner is named in an administrator's run list
    owner_name: str = ""

    def to_json(self) -> dict[str, Any]:
        """The manifest as stored (and as the status endpoint shows it, without the process fields)."""
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Manifest:
        """Read a stored manifest."""
        req = dict(raw["request"])
        req["reforms"] = tuple(req.get("reforms", ()))
        return cls(**{**raw, "request": RunRequest(**req)})

    @property
    def finished(self) -> bool:
        """Done or failed."""
        return self.state in FINISHED


def failure_message(exc: Exception, request: RunRequest) -> Message:
    """Why a run stopped, as a message chosen by the error's type (the English detail stays in ``reason``);
    an error raised with a message (the lab's own) is that message."""
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    if isinstance(exc, MigralexError):
        try:
            specs = get_program(request.program).fact_specs()
        except MigralexError:
            specs = {}
        found = engine_error(exc, specs)[0]
        return found if isinstance(found, Message) else term(found)
    if isinstance(exc, PopulationFileError):
        return term("the population file could not be read as a table of facts")
    return term("the run's input or data could not be used (the detail, in English, is kept with the run)")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RunStore:
    """Run directories under ``root``: create, read and update manifests (atomic writes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def path(self, run_id: str) -> Path:
        """The run's directory."""
        return self.root / run_id

    def create(self, owner: int, owner_name: str = "") -> Manifest:
        """A new run directory and its manifest (the caller fills in the request, then submits it)."""
        run_id = uuid.uuid4().hex[:16]
        self.path(run_id).mkdir(parents=True, exist_ok=False)
        return Manifest(run_id, owner, RunRequest(program="", on=""), created=_now(), owner_name=owner_name)

    def save(self, m: Manifest) -> None:
        """Write the manifest atomically."""
        target = self.path(m.id) / MANIFEST
        tmp = target.with_suffix(f".{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(m.to_json(), indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, target)

    def load(self, run_id: str) -> Manifest | None:
        """The run's manifest (a run orphaned by a dead process is marked failed: interrupted), or None."""
        path = self.path(run_id) / MANIFEST
        if not path.is_file():
            return None
        m = Manifest.from_json(json.loads(path.read_text(encoding="utf-8")))
        if not m.finished and not self._live(m):
            with self._lock:
                self.transition(m, "failed", reason=INTERRUPTED, stage=STOPPED, why=term(INTERRUPTED))
        return m

    def _live(self, m: Manifest) -> bool:
        if m.pid == os.getpid():
            return m.process == PROCESS_TOKEN
        return _alive(m.pid)

    def all(self) -> list[Manifest]:
        """Every run, newest first."""
        if not self.root.is_dir():
            return []
        found = [self.load(p.name) for p in self.root.iterdir() if (p / MANIFEST).is_file()]
        return sorted((m for m in found if m is not None), key=lambda m: m.created, reverse=True)

    def transition(
        self,
        m: Manifest,
        state: State,
        *,
        reason: str | None = None,
        stage: str = "",
        why: Message | None = None,
    ) -> None:
        """Move the run to ``state`` (recorded in its history) and save it."""
        m.state = state
        m.reason = reason
        m.reason_message = why.as_dict() if why is not None else None
        if stage:
            m.stage = stage
        m.history.append({"state": state, "at": _now()})
        self.save(m)


def execute(request: RunRequest, out: Path, progress: Callable[[int], None]) -> None:
    """Run one simulation and write its outputs and report pages into ``out``."""
    on = date.fromisoformat(request.on)
    plan = Plan(get_program(request.program), [get_reform(r) for r in request.reforms], on)
    source: Synthetic | FileSource
    if request.upload:
        source = FileSource(out / request.upload)
    else:
        source = Synthetic(
            PopulationSpec(get_profile(request.profile), request.size, request.seed, on, request.missing)
        )
    chunk = max(10_000, request.rows_total // 20) if request.rows_total else 1_048_576
    summary = simulate(plan, source, out, engine=request.engine, chunk_size=chunk, progress=progress)
    if summary.n == 0:
        raise ValueError(
            N_(
                "no row of the population could be evaluated (%(read)s read, all rejected): rejects.csv "
                "names each row, column and problem",
                read=f"{summary.n_read:,}",
            )
        )
    progress(-1)  # the simulation is over: the report is being written
    write_outputs(summary, out, pages=True)


class Runner:
    """A bounded pool of workers executing lab runs; manifests in a :class:`RunStore`."""

    def __init__(self, root: Path, workers: int = 2, work: Callable[..., None] = execute) -> None:
        self.store = RunStore(root)
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="migralex-lab")
        self._futures: dict[str, Future[None]] = {}
        self._work = work

    def submit(self, m: Manifest) -> Manifest:
        """Queue a run whose directory and request are ready (any upload already saved in it)."""
        m.pid, m.process = os.getpid(), PROCESS_TOKEN
        m.state, m.stage = "queued", WAITING
        m.history = [{"state": "queued", "at": _now()}]
        self.store.save(m)
        self._futures[m.id] = self._pool.submit(self._run, m)
        return m

    def wait(self, run_id: str, timeout: float | None = None) -> Manifest | None:
        """Block until the run is finished (for the CLI and tests); the final manifest."""
        future = self._futures.get(run_id)
        if future is not None:
            future.result(timeout=timeout)
        return self.store.load(run_id)

    def _run(self, m: Manifest) -> None:
        store = self.store
        store.transition(m, "running", stage=READING)

        def progress(n: int) -> None:
            if n < 0:
                m.stage = WRITING
            else:
                m.rows_done += n
                m.stage = EVALUATING
            store.save(m)

        try:
            self._work(m.request, store.path(m.id), progress)
        except USER_ERRORS as exc:
            why = failure_message(exc, m.request)
            store.transition(m, "failed", reason=str(exc).strip("'\""), stage=STOPPED, why=why)
        except Exception as exc:  # any failure is recorded on the run, not lost in a thread
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            internal = term(INTERNAL_ERROR)
            store.transition(m, "failed", reason=f"internal error: {detail}", stage=STOPPED, why=internal)
        else:
            store.transition(m, "done", stage=FINISHED_STAGE)

    def shutdown(self) -> None:
        """Stop taking runs; wait for those running."""
        self._pool.shutdown(wait=True)


_runners: dict[tuple[Path, int], Runner] = {}
_runners_lock = threading.Lock()


def runner(root: Path, workers: int) -> Runner:
    """The process's runner for a runs directory (made on first use)."""
    key = (root.resolve(), workers)
    with _runners_lock:
        if key not in _runners:
            _runners[key] = Runner(root, workers)
        return _runners[key]
