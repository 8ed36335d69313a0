"""What a notice gives as reasons: the failing conditions of a refusal, the conditions that hold for a
measure (expulsion) or a grant; facts it rests on; documents that could change it; unverified law flagged."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from migralex.i18n import Translator
from migralex.notices import content, render
from migralex.rules.appeals import AppealQuery, AppealRoute, appeal_route
from migralex.rules.families import ProgramFamily, family_of
from migralex.rules.registry import get_program
from tests.casework.test_notices import SPOUSE_REFUSED
from tests.notices.helpers import stored_decision

#: tests/cases/dk/expulsion.yaml: an 8-month unconditional sentence after 6 years, decided 1 September 2025.
SENTENCED = {
    "person.residence_status": "other",
    "person.lawful_residence_years": 6,
    "person.unconditional_prison_days": 240,
    "person.strong_ties_to_host_country": False,
    "person.removal_affects_close_family": False,
    "person.weak_ties_to_country_of_return": False,
    "person.age_health_weigh_against_removal": False,
    "person.came_as_child": False,
    "person.previous_convictions": True,
    "case.expulsion_certainly_breaches_international_obligations": False,
    "person.return_breaches_non_refoulement": False,
}


def _notice(
    program_id: str,
    facts: dict[str, Any],
    on: date,
    kind: str,
    adverse: bool,
    route: AppealRoute | None = None,
) -> content.NoticeContent:
    program = get_program(program_id)
    family = family_of(program)
    if route is None:
        route = appeal_route(program.jurisdiction, family, AppealQuery(kind, on, decided_on=on))
    return content.build(
        decision=stored_decision(program_id, facts, on, kind, adverse),
        case_reference="CW-9",
        addressee="Test Person",
        notified_on=on,
        program=program,
        family=family,
        route=route,
    )


def test_a_refusal_gives_the_deepest_failing_condition_and_the_documents_that_could_change_it() -> None:
    n = _notice("dk.family_reunification.spouse", SPOUSE_REFUSED, date(2025, 3, 1), "refusal", True)
    assert [r.id for r in n.reasons] == ["dk.family_reunification.spouse.applicant_age"]
    assert not n.reasons[0].holds
    assert [(f.id, f.value) for f in n.reasons[0].facts] == [("applicant.birth_date", "2001-06-01")]
    assert [v.value for v in n.reasons[0].values] == [24]
    assert [f.id for f in n.next_steps] == ["applicant.birth_date"]
    assert n.route.deadline == date(2025, 4, 26)


def test_an_expulsion_gives_the_conditions_that_hold_and_the_14_days_from_the_judgment() -> None:
    n = _notice("dk.expulsion", SENTENCED, date(2025, 9, 1), "expulsion", True)
    assert n.family is ProgramFamily.EXPULSION
    ids = [r.id for r in n.reasons]
    assert "dk.expulsion.sentence_threshold" in ids and all(r.holds for r in n.reasons)
    assert (n.route.kind, n.route.body, n.route.deadline) == ("court", "landsret", date(2025, 9, 15))
    html, missing = render.render_html(n, "da")
    assert missing == []
    assert "Afgørelse om udvisning" in html and "Du kan anke dommen til landsretten." in html


def test_a_grant_has_no_documents_to_send_and_no_appeal_deadline() -> None:
    facts = {**SPOUSE_REFUSED, "applicant.birth_date": "1995-01-15"}
    n = _notice("dk.family_reunification.spouse", facts, date(2025, 3, 1), "grant", False)
    assert n.outcome == "eligible" and n.reasons and all(r.holds for r in n.reasons)
    assert n.next_steps == () and n.route.kind == "not_determined" and n.route.deadline is None


def test_an_asylum_refusal_goes_to_flygtningenaevnet_automatically_as_the_ministry_states() -> None:
    """uim.dk, "Klager over afgørelser", Asylsager: a first-instance asylum refusal is normally referred
    to Flygtningenævnet automatically (udlændingeloven § 53 a, stk. 1, nr. 2)."""
    route = appeal_route("dk", ProgramFamily.ASYLUM, AppealQuery("refusal", date(2025, 3, 3)))
    assert route.kind == "automatic"
    assert not route.unverified
    assert any("uim.dk" in str(getattr(c, "url", "")) for c in route.citations)


def test_unverified_law_is_listed_on_the_notice() -> None:
    # The revocation route is verified since § 53 a, stk. 2 was read (LBK 1009/2024); the same route marked
    # unverified stands for any route whose law could not be read.
    verified = appeal_route(
        "dk", ProgramFamily.PROTECTION_REVOCATION, AppealQuery("revocation", date(2025, 3, 3))
    )
    assert not verified.unverified
    automatic = dataclasses.replace(verified, status="unverified")
    n = _notice(
        "dk.family_reunification.spouse", SPOUSE_REFUSED, date(2025, 3, 1), "refusal", True, automatic
    )
    assert n.route.unverified
    assert any("§ 53 a, stk. 2" in u["citation"] for u in n.unverified)
    html, _ = render.render_html(n, "en")
    assert "Information that could not be verified" in html
    assert "Your case goes to Flygtningenævnet (the Refugee Appeals Board) automatically." in html


def test_a_label_naming_a_parameter_is_translated_as_a_template_and_filled_with_the_value_used() -> None:
    reason = content.Reason(
        id="x.applicant_age",
        label="The applicant is at least 24 years old",
        holds=False,
        facts=(),
        values=(),
        citation={"citation": "Udlændingeloven § 9, stk. 1, nr. 1"},
        label_template="The applicant is at least {param:dk.family_reunification.spouse.min_age} years old",
        parameter_values=(("dk.family_reunification.spouse.min_age", 24),),
    )
    assert render.Wording(Translator("en")).label(reason) == "The applicant is at least 24 years old"
    da = Translator("da")
    render.Wording(da).label(reason)
    assert da.missing == [reason.label_template]  # the template is the message id to translate
