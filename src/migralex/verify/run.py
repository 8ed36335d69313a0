"""``migralex verify``: run the checks over programs and reforms, compare with the accepted findings."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from migralex.engine.errors import MigralexError
from migralex.engine.program import Program, Reform
from migralex.verify.checks import (
    Finding,
    coverage_gaps,
    in_window,
    intervals,
    program_checks,
    reform_witness,
)

#: findings that are the law, not bugs, each with a citation and a reason
ACCEPTED = Path(__file__).with_name("accepted.yaml")


class VerifyInputError(MigralexError):
    """Bad input to ``migralex verify`` (exit 2)."""


@dataclass
class ProgramReport:
    """The results for one program under the baseline or one reform."""

    program: str
    reform: str | None
    seconds: float
    info: dict[str, Any]
    findings: list[Finding]
    witnesses: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "program": self.program,
            "reform": self.reform,
            "seconds": round(self.seconds, 2),
            **self.info,
            "findings": [f.as_dict() for f in self.findings],
            "witnesses": self.witnesses,
        }


def accepted_findings(path: Path = ACCEPTED) -> dict[str, dict[str, Any]]:
    """The accepted findings by key (each must give a citation and a reason)."""
    raw = yaml.safe_load(path.read_text()) or {}
    out: dict[str, dict[str, Any]] = {}
    for entry in raw.get("accepted", []):
        for name in ("key", "citation", "reason"):
            if not entry.get(name):
                raise VerifyInputError(f"{path.name}: accepted finding {entry!r} has no {name}")
        out[entry["key"]] = entry
    return out


def witnesses_for(program: Program, reform: Reform, on: date | None) -> dict[str, Any]:
    """Who loses and who gains under the reform: on ``on``, or on the first in-force date with one."""
    out: dict[str, Any] = {}
    spans = [(on, on)] if on else intervals(program, reform)
    for direction in ("loses", "gains"):
        status, found = "none", None
        for lo, hi in spans:
            status_here, w, _ = reform_witness(program, reform, lo, hi, direction)
            if w is not None:
                status, found = status_here, w
                break
            if status_here != "none":
                status = status_here
        out[direction] = {"status": status, "witness": found.as_dict() if found else None}
    return out


def check_inputs(programs: Sequence[Program], reform: Reform | None, on: date | None) -> None:
    """Bad input is an error naming the field: a reform for another pack, a date outside every window."""
    if reform is not None:
        for p in programs:
            if not reform.applies_to(p):
                raise VerifyInputError(
                    f"--reform {reform.id}: applies to the {reform.base} pack"
                    f"{' programs ' + ', '.join(reform.programs) if reform.programs else ''}, not to {p.id}"
                )
    if on is not None:
        for p in programs:
            if not in_window(p, on):
                raise VerifyInputError(f"--date {on.isoformat()}: {p.id} is not in force on that date")


def verify_program(program: Program, reform: Reform | None, on: date | None, witness: bool) -> ProgramReport:
    """Every check for one program (under a reform: also who loses and who gains)."""
    t0 = time.process_time()
    findings, info = program_checks(program, reform)
    findings.extend(coverage_gaps(program, reform))
    for t in info["timeouts"]:
        findings.append(
            Finding(
                program.id,
                "not checked (solver resource limit)",
                t,
                "the solver ran out of time",
                reform.id if reform else None,
            )
        )
    report = ProgramReport(program.id, reform.id if reform else None, 0.0, info, findings)
    if reform is not None and (witness or on is None):
        report.witnesses = witnesses_for(program, reform, on)
    report.seconds = time.process_time() - t0
    return report


def new_findings(reports: Sequence[ProgramReport], accepted: dict[str, dict[str, Any]]) -> list[Finding]:
    """Findings not in the accepted list: each fails the build."""
    return [f for r in reports for f in r.findings if f.key not in accepted]


def render_text(reports: Sequence[ProgramReport], accepted: dict[str, dict[str, Any]]) -> str:
    """Plain-text report."""
    lines: list[str] = []
    for r in reports:
        head = r.program + (f" under {r.reform}" if r.reform else "")
        reach = ", ".join(k for k, v in r.info["reachable"].items() if v)
        lines.append(
            f"{head}: {r.info['intervals']} interval(s), outcomes reachable: {reach}; {r.seconds:.1f}s CPU"
        )
        if r.info["unsupported"]:
            lines.append(f"  not checked exactly (unsupported: {', '.join(r.info['unsupported'])})")
        for f in r.findings:
            tag = "accepted" if f.key in accepted else "FINDING"
            lines.append(f"  {tag}: {f.check}: {f.subject}: {f.detail}")
        lines.extend(_witness_lines(r))
        if not r.findings:
            lines.append("  no findings")
    return "\n".join(lines)


def render_markdown(reports: Sequence[ProgramReport], accepted: dict[str, dict[str, Any]]) -> str:
    """``docs/rules/verification.md``."""
    out = [
        "# Verification results",
        "",
        "Generated by `migralex verify --markdown docs/rules/verification.md`; do not edit by hand.",
        "Each program is checked with the z3 SMT solver on every interval of its in-force window on which",
        "no parameter changes: every condition can be true, false and unknown; every outcome is reachable;",
        "no two exceptions of one priority can apply at once; every parameter has a value on every day.",
        'A reform also gets a person who loses and a person who gains ("none" is a proof), each re-assessed',
        "with both evaluators.",
        "",
        "| program | scenario | intervals | findings | who loses | who gains |",
        "|---|---|---|---|---|---|",
    ]
    for r in reports:
        found = (
            "; ".join(
                f"{f.check}: {f.subject}" + (" (accepted)" if f.key in accepted else "") for f in r.findings
            )
            or "none"
        )
        loses = r.witnesses.get("loses", {}).get("status", "")
        gains = r.witnesses.get("gains", {}).get("status", "")
        out.append(
            f"| {r.program} | {r.reform or 'baseline'} | {r.info['intervals']} "
            f"| {found} | {loses} | {gains} |"
        )
    if accepted:
        out += ["", "## Accepted findings", ""]
        out += [f"* `{k}`: {v['reason']} ({v['citation']})" for k, v in sorted(accepted.items())]
    return "\n".join(out) + "\n"


def reform_witness_text(reform: Reform, on: date) -> str:
    """Who loses and who gains on ``on``, per program of the reform in force then (``migralex reform``)."""
    from migralex.rules.registry import programs

    reports = []
    for p in programs().values():
        if reform.applies_to(p) and in_window(p, on):
            report = ProgramReport(p.id, reform.id, 0.0, {}, [])
            report.witnesses = witnesses_for(p, reform, on)
            reports.append(report)
    lines = [f"A person this reform affects, on {on.isoformat()}:"]
    for r in reports:
        lines.append(r.program)
        lines.extend(_witness_lines(r))
    return "\n".join(lines)


def _witness_lines(r: ProgramReport) -> list[str]:
    lines: list[str] = []
    for direction, w in r.witnesses.items():
        lines.append(f"  who {direction}: {w['status']}")
        if w["witness"]:
            wit = w["witness"]
            lines.append(f"    on {wit['date']}, with only these facts known:")
            lines.extend(f"      {k} = {v}" for k, v in wit["facts"].items())
            lines.append("    re-assessed: " + ", ".join(f"{k} {v}" for k, v in wit["outcomes"].items()))
    return lines
