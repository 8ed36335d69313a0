"""Every string a notice can show is translated: template messages, and the rule labels of the programs
whose notices are offered in Danish. A notice rendered in Danish records no untranslated message."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest

from migralex.i18n import LANGUAGES, Translator, catalogue
from migralex.notices import content, messages, render
from migralex.notices.messages import notice_messages, rule_messages
from migralex.rules.appeals import AppealQuery, AppealRoute, appeal_route
from migralex.rules.families import ProgramFamily, family_of
from migralex.rules.registry import get_program
from tests.casework.test_notices import SPOUSE_REFUSED
from tests.notices.helpers import stored_decision

#: Programs whose notices are offered in Danish: all their labels must be translated.
DANISH_PROGRAMS = [
    "dk.family_reunification.spouse",
    "dk.asylum.status",
    "dk.asylum.revocation",
    "dk.expulsion",
    "dk.family_reunification.child",
    "dk.permanent_residence",
]


def test_every_notice_message_has_a_danish_translation() -> None:
    messages = notice_messages()
    assert len(messages) > 50
    da = catalogue("da", "notices")
    untranslated = [m for m in messages if not (da.get(m) and da.get(m).string)]  # type: ignore[union-attr]
    assert untranslated == []


@pytest.mark.parametrize("program_id", DANISH_PROGRAMS)
def test_every_rule_label_of_a_danish_notice_program_is_translated(program_id: str) -> None:
    da = catalogue("da", "rules")
    missing = [
        (ctx, m)
        for ctx, m in rule_messages(get_program(program_id))
        if not getattr(da.get(m, context=ctx), "string", "")
    ]
    assert missing == []


def test_the_catalogue_check_command_lists_untranslated_messages(capsys: pytest.CaptureFixture[str]) -> None:
    assert messages.main(["da", *DANISH_PROGRAMS]) == 0
    assert messages.main(["da", "uk.asylum.protection"]) == 1
    shown = capsys.readouterr()
    lines = shown.out.splitlines()  # the UK protection program's labels are not all in Danish
    assert lines and all(line.startswith("uk.asylum.protection: ") for line in lines), lines
    assert shown.err.endswith(f"{len(lines)} untranslated\n")
    assert messages.main([]) == 2


def test_an_untranslated_message_is_recorded_and_an_unknown_language_refused() -> None:
    t = Translator("da")
    assert t.gettext("Refusal") == "Afslag"
    assert t.gettext("A sentence nobody translated") == "A sentence nobody translated"
    assert t.missing == ["A sentence nobody translated"]
    assert Translator("en").gettext("Refusal") == "Refusal"
    with pytest.raises(ValueError, match="language 'fr'"):
        Translator("fr")  # type: ignore[arg-type]


def _spouse_refusal() -> Any:
    safeguards = [
        {"safeguard": s, "assessment_id": 1, "conclusion": c, "why": "test"}
        for s, c in zip(render.SAFEGUARDS, render.CONCLUSIONS, strict=True)
    ]
    decision = stored_decision(
        "dk.family_reunification.spouse",
        SPOUSE_REFUSED,
        date(2025, 3, 1),
        "refusal",
        True,
        safeguards,
        "As written by the caseworker.",
    )
    return get_program("dk.family_reunification.spouse"), decision


def _notice(family: ProgramFamily, route: AppealRoute) -> content.NoticeContent:
    program, decision = _spouse_refusal()
    return content.build(
        decision=decision,
        case_reference="CW-TEST",
        addressee="Test Person",
        notified_on=date(2025, 3, 3),
        program=program,
        family=family,
        route=route,
    )


ROUTES = {
    "complaint": ("dk", ProgramFamily.FAMILY_REUNIFICATION, AppealQuery("refusal", date(2025, 3, 3))),
    "automatic": ("dk", ProgramFamily.ASYLUM, AppealQuery("refusal", date(2025, 3, 3))),
    "none": ("dk", ProgramFamily.ASYLUM, AppealQuery("refusal", date(2025, 3, 3), manifestly_unfounded=True)),
    "court": ("dk", ProgramFamily.EXPULSION, AppealQuery("expulsion", date(2025, 3, 3))),
    "sent": ("uk", ProgramFamily.ASYLUM, AppealQuery("refusal", date(2025, 3, 3), in_country=True)),
    "receipt": ("uk", ProgramFamily.ASYLUM, AppealQuery("refusal", date(2025, 3, 3), in_country=False)),
    "departure": ("uk", ProgramFamily.ASYLUM, AppealQuery("refusal", date(2025, 3, 3), True, "s94")),
    "not_determined": ("dk", ProgramFamily.OTHER, AppealQuery("refusal", date(2025, 3, 3))),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("family", list(ProgramFamily))
@pytest.mark.parametrize("route_name", list(ROUTES))
def test_every_family_template_and_appeal_route_renders_with_no_untranslated_message(
    language: Any, family: ProgramFamily, route_name: str
) -> None:
    pack, route_family, query = ROUTES[route_name]
    html, missing = render.render_html(_notice(family, appeal_route(pack, route_family, query)), language)
    assert missing == []
    assert f'<html lang="{language}">' in html


def test_the_spouse_program_is_in_the_family_reunification_family() -> None:
    assert family_of(get_program("dk.family_reunification.spouse")) is ProgramFamily.FAMILY_REUNIFICATION
    assert set(render.TEMPLATES) == set(ProgramFamily)


def test_pdf_metadata_dates_are_the_decision_and_notification_dates_and_bytes_repeat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    route = appeal_route("dk", ProgramFamily.FAMILY_REUNIFICATION, AppealQuery("refusal", date(2025, 3, 3)))
    html, _ = render.render_html(_notice(ProgramFamily.FAMILY_REUNIFICATION, route), "da")
    first = render.render_pdf(html)
    later = time.time() + 3600  # an hour later: the embedded fonts must not carry the clock
    monkeypatch.setattr(time, "time", lambda: later)
    second = render.render_pdf(html)
    assert first == second
    assert '<meta name="dcterms.created" content="2025-03-01T00:00:00Z">' in html
    assert '<meta name="dcterms.modified" content="2025-03-03T00:00:00Z">' in html
