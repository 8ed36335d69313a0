"""Texts the services store in English read back in the reader's language (#13 item 3), rows written before
the texts were messages included, and engine errors shown as messages chosen by the error's type."""

from __future__ import annotations

from datetime import date

import pytest

from migralex.casework.lifecycle.kinds import DECISION_KINDS
from migralex.casework.messages import APPEAL_BODIES, STORED, read_back
from migralex.engine import assess
from migralex.engine.errors import ExceptionConflictError, FactError, MigralexError, ParameterError
from migralex.error_messages import engine_error
from migralex.i18n import Message, Translator, catalogue
from migralex.rules.registry import get_program
from migralex.ui.templating import PAGE_DOMAINS

#: Texts exactly as the services stored them before they were messages (cw_deadline.label and .source,
#: cw_case.summary), with what a Danish page must show for each.
STORED_BEFORE = [
    (
        "Udlændingeloven § 46 a, stk. 3 (8 weeks from notification on 2025-03-03)",
        "Udlændingeloven § 46 a, stk. 3 (8 uger fra meddelelsen den 2025-03-03)",
    ),
    (  # several citations, each with parentheses of its own
        "Udlændingeloven § 46 a, stk. 1 (LBK nr. 1009 af 2024); Udlændingeloven § 46 a, stk. 3, 1. pkt. "
        "(LBK nr. 1009 af 2024) (8 weeks from notification on 2025-03-03)",
        "Udlændingeloven § 46 a, stk. 1 (LBK nr. 1009 af 2024); Udlændingeloven § 46 a, stk. 3, 1. pkt. "
        "(LBK nr. 1009 af 2024) (8 uger fra meddelelsen den 2025-03-03)",
    ),
    (
        "Tribunal Procedure Rules 2014, rule 19(2) (14 days from sent on 2025-12-02)",
        "Tribunal Procedure Rules 2014, rule 19(2) (14 dage fra afsendelsen den 2025-12-02)",
    ),
    (
        "permit end: dk.asylum.status output permit_years = 2 (rule pack dk 0a1b2c3d); review 90 days before "
        "(administrative setting)",
        "tilladelsens udløb: dk.asylum.status resultat permit_years = 2 (regelpakke dk 0a1b2c3d); "
        "revurdering 90 dage før (administrativ indstilling)",
    ),
    (
        "permit end: entered by the caseworker; review 90 days before (administrative setting)",
        "tilladelsens udløb: indtastet af sagsbehandleren; revurdering 90 dage før "
        "(administrativ indstilling)",
    ),
    (
        "extended 2 years from 2027-01-10 (program output later_extension_years = 2)",
        "forlænget 2 år fra 2027-01-10 (programmets resultat later_extension_years = 2)",
    ),
    ("every 6 months (administrative setting)", "hver 6. måned (administrativ indstilling)"),
    ("Appeal deadline for decision 5 (udlaendingenaevnet)", "Klagefrist for afgørelse 5 (Udlændingenævnet)"),
    (
        "Follows revocation / non-extension in CW-2025-0001",
        "Følger efter inddragelse / nægtet forlængelse i CW-2025-0001",
    ),
    (
        "Sponsor's status ended by CW-2025-0002: individual review of the family member's permit",
        "Referencens opholdsgrundlag ophørt ved CW-2025-0002: individuel vurdering af familiemedlemmets "
        "opholdstilladelse",
    ),
    (
        "Safe-country designation 3 (SY/Damascus from 2026-01-01): individual review of protection on "
        "generalised violence",
        "Udpegning af sikkert land 3 (SY/Damascus fra 2026-01-01): individuel vurdering af beskyttelse på "
        "grund af generel voldsudøvelse",
    ),
]


@pytest.mark.parametrize(("stored", "danish"), STORED_BEFORE)
def test_a_text_stored_before_reads_back_in_danish_in_full(stored: str, danish: str) -> None:
    found = read_back(stored)
    assert isinstance(found, Message)
    # the English is what was stored, except a code now shown by its words (an appeal body by its name,
    # the event "sent" as "sending")
    assert found == stored or any(code in stored for code in ("udlaendingenaevnet", "from sent on"))
    da = Translator("da", PAGE_DOMAINS)
    assert da.gettext(found) == danish and da.missing == []


def test_typed_text_is_shown_as_it_is() -> None:
    for typed in ("Spouse of a Convention refugee.", "every 6 weeks, said the judge", ""):
        assert not isinstance(read_back(typed), Message)


def test_every_stored_message_its_words_and_the_follow_up_kinds_are_translated() -> None:
    cats = [catalogue("da", d) for d in PAGE_DOMAINS]
    words = [*STORED, *APPEAL_BODIES.values(), *(k.label.lower() for k in DECISION_KINDS.values())]
    words += ["weeks", "days", "notification", "sending", "receipt", "judgment", "departure"]
    missing = [w for w in words if not any(getattr(c.get(w), "string", None) for c in cats)]
    assert missing == []


SPOUSE = "dk.family_reunification.spouse"


def _danish(exc: MigralexError) -> tuple[str, str, str]:
    message, field = engine_error(exc, get_program(SPOUSE).fact_specs())
    da = Translator("da", PAGE_DOMAINS)
    shown = da.gettext(message)
    assert da.missing == [], da.missing
    return str(message), shown, field


def _fact_error(facts: dict[str, object]) -> FactError:
    program = get_program(SPOUSE)
    with pytest.raises(FactError) as caught:
        assess(program, program.parse_facts(facts), date(2025, 3, 1))
    return caught.value


@pytest.mark.parametrize(
    ("facts", "field", "danish"),
    [
        (
            {"applicant.birth_date": "2025-02-30"},
            "facts.applicant.birth_date",
            "applicant.birth_date kan ikke læses: værdien skal være en gyldig dato skrevet som ÅÅÅÅ-MM-DD",
        ),
        (
            {"case.household_size": 0},
            "facts.case.household_size",
            "case.household_size kan ikke læses: værdien skal være et helt tal på mindst 1",
        ),
        (
            {"sponsor.dwelling_tenure": "castle"},
            "facts.sponsor.dwelling_tenure",
            "sponsor.dwelling_tenure kan ikke læses: værdien skal være en af koderne owned;",
        ),
        (
            {"no.such_fact": 1},
            "facts.no.such_fact",
            "no.such_fact er ikke en oplysning, som dette program læser",
        ),
    ],
)
def test_a_fact_the_engine_cannot_read_is_named_in_danish(
    facts: dict[str, object], field: str, danish: str
) -> None:
    english, shown, named = _danish(_fact_error(facts))
    assert named == field and shown.startswith(danish)
    assert english.startswith(field.removeprefix("facts."))  # the API's English names the fact too


def test_the_value_entered_is_named_with_the_fact() -> None:
    exc = _fact_error({"applicant.birth_date": "2025-02-30"})
    message, field = engine_error(
        exc, get_program(SPOUSE).fact_specs(), {"applicant.birth_date": "2025-02-30"}
    )
    assert field == "facts.applicant.birth_date"
    assert message.endswith("it must be a real date written as YYYY-MM-DD (given: '2025-02-30')")
    da = Translator("da", PAGE_DOMAINS)
    assert da.gettext(message).endswith("(angivet: '2025-02-30')") and da.missing == []


def test_other_engine_errors_are_chosen_by_their_type() -> None:
    english, shown, field = _danish(ParameterError("dk.x.min_age", "no value on 1900-01-01"))
    assert field == "date" and "parameteren dk.x.min_age har ingen gældende værdi" in shown
    assert "dk.x.min_age" in english
    _, shown, field = _danish(ExceptionConflictError("dk.x.node", ["a", "b"]))
    assert field == "facts" and shown.startswith("reglerne er i modstrid") and "a; b" in shown
    _, shown, field = _danish(MigralexError("anything at all"))
    assert (field, shown) == ("facts", "reglerne kunne ikke anvendes på disse oplysninger")
