"""Every pack and reform verified: a finding not in accepted.yaml fails the build (and a stale entry too)."""

from __future__ import annotations

import pytest

from migralex.rules.registry import programs, reforms
from migralex.verify.run import ProgramReport, accepted_findings, new_findings, verify_program

SCENARIOS = [(p, None) for p in programs().values()] + [
    (p, r) for r in reforms().values() for p in programs().values() if r.applies_to(p)
]

#: CPU seconds one program may take (CPU, not wall-clock: the machine is shared)
LIMIT = 60.0


@pytest.fixture(scope="module")
def reports() -> list[ProgramReport]:
    return [verify_program(p, r, None, witness=True) for p, r in SCENARIOS]


def test_no_finding_is_new(reports: list[ProgramReport]) -> None:
    new = new_findings(reports, accepted_findings())
    assert new == [], "\n".join(f"{f.key}: {f.detail}" for f in new)


def test_every_accepted_finding_still_occurs(reports: list[ProgramReport]) -> None:
    found = {f.key for r in reports for f in r.findings}
    assert set(accepted_findings()) <= found


def test_every_program_is_checked_within_its_time_limit_and_without_timeouts(
    reports: list[ProgramReport],
) -> None:
    for r in reports:
        assert r.seconds < LIMIT, f"{r.program} under {r.reform}: {r.seconds:.0f}s"
        assert r.info["timeouts"] == []


def test_every_outcome_of_every_program_is_reachable(reports: list[ProgramReport]) -> None:
    for r in reports:
        assert all(r.info["reachable"].values()), (r.program, r.reform, r.info["reachable"])
