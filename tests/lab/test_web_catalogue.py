"""Every string of the policy lab's pages, report and charts has its Danish wording in lab.po."""

from __future__ import annotations

import re
from importlib import resources

from migralex.i18n import catalogue
from migralex.lab import charts, report, web
from migralex.lab.jobs import STAGES
from migralex.lab.results import DIMENSIONS, OUTCOMES, TRANSITION_CLASSES, TRANSITION_DEFINITIONS

MESSAGE = re.compile(r"""\b_\(\s*"((?:[^"\\]|\\.)*)"\s*\)|\b_\(\s*'((?:[^'\\]|\\.)*)'\s*\)""")


def template_messages() -> set[str]:
    """The message ids of every lab template."""
    found = set()
    for path in (resources.files("migralex.lab") / "templates").iterdir():
        if path.name.endswith(".html"):
            for m in MESSAGE.finditer(path.read_text(encoding="utf-8")):
                found.add((m.group(1) if m.group(1) is not None else m.group(2)).replace("\\\\", "\\"))
    return found


def code_messages() -> set[str]:
    """Words the lab's Python code shows: statuses, states, stages, chart labels, banners, definitions."""
    return {
        *web.STATUSES.values(),
        *web.STATE_LABELS.values(),
        *STAGES,
        charts.IMPACT_START,
        charts.IMPACT_END,
        *charts.IMPACT_GAIN.values(),
        *charts.IMPACT_LOSE.values(),
        *(charts.words(x) for x in (*OUTCOMES, *TRANSITION_CLASSES, *DIMENSIONS)),
        *TRANSITION_DEFINITIONS.values(),
        report.BANNER_SYNTHETIC,
        report.BANNER_PARTLY,
        report.BANNER_USER,
        "Exclusion waterfall",
        "Eligible persons, baseline to reform",
        "Outcomes: baseline vs reforms",
        "Who gains and who loses",
        "Gains and losses by",
        "Share eligible by",
        "everyone evaluated",
        "SYNTHETIC DATA (generated people, not real cases)",
    }


def test_every_page_string_has_danish_wording() -> None:
    danish = catalogue("da", "lab")
    messages = template_messages() | code_messages()
    assert len(messages) > 150
    untranslated = sorted(m for m in messages if not getattr(danish.get(m), "string", None))
    assert untranslated == []
