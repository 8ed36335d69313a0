"""Shared test configuration: Hypothesis profiles, and skips that CI does not accept.

``MIGRALEX_REQUIRE_ALL=1`` (set by ``.ci/run``) turns every skipped test into a failure: a CI run cannot
pass by skipping the PostgreSQL, browser or Spark tests. Without it (a developer's machine) skips are
allowed, and the run ends with a summary of what was skipped and why.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Generator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

REQUIRE_ALL = os.environ.get("MIGRALEX_REQUIRE_ALL") == "1"


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def java_missing() -> str | None:
    """Why Spark cannot start here (no Java runtime), or None."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.path.exists(os.path.join(java_home, "bin", "java")):
        return None
    return None if shutil.which("java") else "no Java runtime (java not on PATH, JAVA_HOME unset)"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Spark tests need pyspark and a Java runtime: skip with the reason when either is missing."""
    if item.get_closest_marker("spark") is None:
        return
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.skip("pyspark is not installed (the spark extra)")
    reason = java_missing()
    if reason:
        pytest.skip(f"Spark needs Java: {reason}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Under ``MIGRALEX_REQUIRE_ALL=1`` a skipped test is reported as failed, with the skip's reason."""
    report = yield
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        report.outcome = "failed"
        report.longrepr = f"skipped, but MIGRALEX_REQUIRE_ALL=1 requires every test to run: {reason}"
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List what was skipped and why (once per reason), and how CI treats it."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if not hasattr(r, "wasxfail")]
    if not skipped:
        return
    reasons = Counter(_skip_reason(r) for r in skipped)
    terminalreporter.section("skipped tests (CI fails on these: MIGRALEX_REQUIRE_ALL=1)")
    for reason, n in reasons.most_common():
        terminalreporter.write_line(f"{n:5d} skipped: {reason}")
