"""Decision notices through the API: a refused Danish spouse case and a UK protection refusal.

Each notice is generated from the stored decision, in Danish and English, as HTML and PDF; it names the
failing conditions with their citations and gives the appeal deadline computed from the notification date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from migralex.casework.models import AuditEntry, Decision
from migralex.notices import service
from migralex.notices.models import Notice
from migralex.notices.schemas import NoticeIn
from tests.casework.helpers import PERSECUTED, granted_case, person

#: A couple meeting every spouse condition except the 24-year rule: the applicant is 23 on 1 March 2025
#: and no exception applies (tests/cases/dk/family_reunification_spouse_core.yaml).
SPOUSE_REFUSED = {
    "case.relationship_type": "married",
    "case.marriage_recognised": True,
    "case.both_present_at_ceremony": True,
    "case.marriage_date": "2023-06-01",
    "case.relationship_forced_or_pro_forma": False,
    "sponsor.convicted_of_partner_violence": False,
    "sponsor.has_independent_dwelling": True,
    "sponsor.dwelling_tenure": "owned",
    "case.household_size": 2,
    "sponsor.dwelling_living_rooms": 2,
    "sponsor.dwelling_floor_area_m2": 60,
    "sponsor.dwelling_on_housing_requirement_list": False,
    "sponsor.danish_test_level": "pd3",
    "sponsor.full_time_work_years": 6,
    "sponsor.education_years": 10,
    "sponsor.qualifying_education_beyond_basic_school": True,
    "applicant.english_b1_or_higher": True,
    "applicant.full_time_work_years_last_5_years": 4,
    "applicant.higher_or_vocational_education": True,
    "case.integration_declaration_signed": True,
    "applicant.has_made_lawful_visit": True,
    "sponsor.birth_date": "1990-05-01",
    "applicant.birth_date": "2001-06-01",
    "sponsor.residence_status": "danish_citizen",
    "sponsor.has_received_public_assistance": False,
    "sponsor.financial_guarantee_provided": True,
    "case.age_requirement_dispensation": False,
    "case.application_date": "2024-12-01",
}


def spouse_refusal(api: Any) -> dict[str, Any]:
    """A family-reunification case refused on 1 March 2025 under dk.family_reunification.spouse."""
    sponsor, _case, _grant = granted_case(api, PERSECUTED)
    applicant = person(api, "Spouse Applicant", birth_date="2001-06-01")
    case = api.post(
        "/cases",
        {"kind": "family_reunification", "person_id": applicant["id"], "sponsor_id": sponsor["id"]},
    )
    decision: dict[str, Any] = api.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "refusal",
            "decision_date": "2025-03-01",
            "program": "dk.family_reunification.spouse",
            "facts": SPOUSE_REFUSED,
            "reasons": "The applicant does not meet the 24-year rule.",
        },
    )
    return decision


def uk_protection_refusal(api: Any) -> dict[str, Any]:
    """An asylum claim refused on 1 December 2025 under uk.asylum.protection."""
    claimant = person(api, "UK Claimant")
    case = api.post(
        "/cases", {"kind": "asylum_claim", "person_id": claimant["id"], "opened_on": "2025-01-10"}
    )
    decision: dict[str, Any] = api.post(
        f"/cases/{case['id']}/decisions",
        {
            "kind": "refusal",
            "decision_date": "2025-12-01",
            "program": "uk.asylum.protection",
            "facts": {
                "applicant.recognised_as_refugee": False,
                "applicant.granted_humanitarian_protection": False,
                "claim.lodged_date": "2025-01-10",
            },
            "reasons": "Neither refugee status nor humanitarian protection.",
        },
    )
    return decision


def notices_of(sessions: sessionmaker[Session], decision_id: int) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).where(Notice.decision_id == decision_id)) or 0)


def audit_actions(sessions: sessionmaker[Session], action: str, entity_id: int) -> int:
    with sessions() as s:
        return int(
            s.scalar(
                select(func.count()).where(
                    AuditEntry.action == action, AuditEntry.entity_id == str(entity_id)
                )
            )
            or 0
        )


def test_refused_spouse_case_gets_danish_and_english_notices_with_reasons_law_and_deadline(
    make_api: Any, client: Any, sessions: sessionmaker[Session]
) -> None:
    api = make_api("caseworker")
    d = spouse_refusal(api)
    en = api.post(f"/decisions/{d['id']}/notices", {"language": "en", "notified_on": "2025-03-03"})
    da = api.post(f"/decisions/{d['id']}/notices", {"language": "da", "notified_on": "2025-03-03"})
    # Udlændingeloven § 46 a, stk. 3: 8 weeks from Monday 3 March 2025 is Monday 28 April 2025
    assert en["appeal_deadline"] == da["appeal_deadline"] == "2025-04-28"
    assert en["appeal"]["body"] == "udlaendingenaevnet" and en["appeal"]["kind"] == "complaint"

    html_en = client.get(
        f"/api/v1/decisions/{d['id']}/notice", params={"language": "en"}, headers=api.headers
    )
    assert html_en.status_code == 200 and html_en.headers["content-type"].startswith("text/html")
    text = html_en.text
    assert '<html lang="en">' in text
    assert "The applicant is at least 24 years old on the date of decision" in text
    assert "This condition is not met." in text
    assert "Udlændingeloven § 9, stk. 1, nr. 1" in text
    assert "1 June 2001" in text  # the fact the condition rests on
    assert "Your complaint must be lodged by 28 April 2025." in text
    assert "Udlændingenævnet" in text

    html_da = client.get(
        f"/api/v1/decisions/{d['id']}/notice", params={"language": "da"}, headers=api.headers
    ).text
    assert '<html lang="da">' in html_da
    assert "Ansøgeren er fyldt 24 år på afgørelsesdatoen" in html_da
    assert "Denne betingelse er ikke opfyldt." in html_da
    assert "Udlændingeloven § 9, stk. 1, nr. 1" in html_da
    assert "Din klage skal være indgivet senest den 28. april 2025." in html_da
    assert "familiesammenføring" in html_da

    pdf = client.get(
        f"/api/v1/decisions/{d['id']}/notice",
        params={"language": "da", "format": "pdf"},
        headers=api.headers,
    )
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 5000
    pdf_en = client.get(
        f"/api/v1/decisions/{d['id']}/notice",
        params={"language": "en", "format": "pdf"},
        headers=api.headers,
    )
    assert pdf_en.status_code == 200 and pdf_en.content.startswith(b"%PDF-") and pdf_en.content != pdf.content
    assert audit_actions(sessions, "notice.issue", en["id"]) == 1
    assert audit_actions(sessions, "notice.issue", da["id"]) == 1


def test_a_notice_is_reproducible_from_the_stored_decision(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    api = make_api("caseworker")
    d = spouse_refusal(api)
    first = api.post(f"/decisions/{d['id']}/notices", {"language": "da", "notified_on": "2025-03-03"})
    again = api.post(f"/decisions/{d['id']}/notices", {"language": "da", "notified_on": "2025-03-03"})
    assert first["id"] != again["id"]
    assert (first["html_sha256"], first["pdf_sha256"]) == (again["html_sha256"], again["pdf_sha256"])
    with sessions() as s:
        stored = s.get(Notice, first["id"])
        assert stored is not None and service.reproduce(s, stored) == (True, True)
        assert stored.inputs["case_reference"] and stored.inputs["addressee"].startswith("Spouse Applicant")


@pytest.mark.parametrize(
    ("notified_on", "deadline", "shown"),
    [
        ("2025-03-01", date(2025, 4, 26), "26. april 2025"),  # notified on the day of decision
        ("2025-03-03", date(2025, 4, 28), "28. april 2025"),
        ("2025-12-08", date(2026, 2, 2), "2. februar 2026"),  # across the new year
    ],
)
def test_the_deadline_follows_the_notification_date(
    make_api: Any, sessions: sessionmaker[Session], notified_on: str, deadline: date, shown: str
) -> None:
    api = make_api("caseworker")
    d = spouse_refusal(api)
    with sessions() as s:
        decision = s.get(Decision, d["id"])
        assert decision is not None
        html, route, _inputs = service.compose(
            s, decision, NoticeIn(language="da", notified_on=date.fromisoformat(notified_on))
        )
    assert route.deadline == deadline
    assert f"Din klage skal være indgivet senest den {shown}." in html


def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    make_api: Any, sessions: sessionmaker[Session]
) -> None:
    api = make_api("caseworker")
    d = spouse_refusal(api)
    path = f"/decisions/{d['id']}/notices"
    r = api.post(path, {"language": "fr", "notified_on": "2025-03-03"}, expect=422)
    assert r["field"] == "language"
    r = api.post(path, {"language": "da"}, expect=422)
    assert r["field"] == "notified_on"
    r = api.post(path, {"language": "da", "notified_on": "2025-02-27"}, expect=422)  # before the decision
    assert r["field"] == "notified_on"
    r = api.get(f"/decisions/{d['id']}/notice?language=xx", expect=422)
    assert r["field"] == "language"
    assert api.get(f"/decisions/{d['id']}/notice?language=da", expect=404)["field"] == "language"
    # nothing written: no notice, no appeal deadline on the case, no issue in the audit log
    assert notices_of(sessions, d["id"]) == 0
    assert [x for x in api.get(f"/cases/{d['case_id']}/deadlines") if x["kind"] == "appeal"] == []
    with sessions() as s:
        issued = select(func.count()).where(
            AuditEntry.action == "notice.issue", AuditEntry.case_id == d["case_id"]
        )
        assert s.scalar(issued) == 0
    # one notification per decision: a second notice with another date is a conflict
    api.post(path, {"language": "en", "notified_on": "2025-03-03"})
    r = api.post(path, {"language": "da", "notified_on": "2025-03-04"}, expect=409)
    assert r["field"] == "notified_on"
    assert notices_of(sessions, d["id"]) == 1


def test_uk_protection_refusal_states_the_tribunal_time_limit_in_and_out_of_country(
    make_api: Any, client: Any, sessions: sessionmaker[Session]
) -> None:
    api = make_api("caseworker")
    d = uk_protection_refusal(api)
    path = f"/decisions/{d['id']}/notices"
    assert (
        api.post(path, {"language": "en", "notified_on": "2025-12-02"}, expect=422)["field"] == "in_country"
    )
    n = api.post(path, {"language": "en", "notified_on": "2025-12-02", "in_country": True})
    # FtT IAC Rules 2014, rule 19(2): 14 days after the notice is sent
    assert n["appeal_deadline"] == "2025-12-16"
    assert n["appeal"]["body"] == "ftt_iac" and n["appeal"]["runs_from"] == "sent"
    html = client.get(f"/api/v1/decisions/{d['id']}/notice?language=en", headers=api.headers).text
    assert "Your notice of appeal must be received by 16 December 2025." in html
    assert "rule 19(2)" in html
    with sessions() as s:
        decision = s.get(Decision, d["id"])
        assert decision is not None
        out_html, out, _ = service.compose(
            s, decision, NoticeIn(language="en", notified_on=date(2025, 12, 2), in_country=False)
        )
        certified_html, certified, _ = service.compose(
            s,
            decision,
            NoticeIn(language="en", notified_on=date(2025, 12, 2), in_country=True, certification="s94"),
        )
    # rule 19(3)(b): 28 days after receipt outside the UK; 19(3)(a): 28 days after departure if certified
    assert out.deadline == date(2025, 12, 30) and out.from_outside_country
    assert "Your notice of appeal must be received by 30 December 2025." in out_html
    assert certified.deadline is None and certified.runs_from == "departure" and not certified.suspensive
    assert "within 28 days after you leave the United Kingdom" in certified_html
    assert "s. 94(1) and (7)" in certified_html


def test_the_appeal_deadline_is_on_the_case_and_in_the_queue_and_the_decision_becomes_final(
    make_api: Any,
) -> None:
    api = make_api("caseworker")
    senior = make_api("senior_caseworker")
    d = spouse_refusal(api)
    api.post(f"/decisions/{d['id']}/notices", {"language": "en", "notified_on": "2025-03-03"})
    deadlines = api.get(f"/cases/{d['case_id']}/deadlines")
    appeal = [x for x in deadlines if x["kind"] == "appeal"]
    assert [x["due_on"] for x in appeal] == ["2025-04-28"] and appeal[0]["done_on"] is None
    queue = senior.get("/queue?on=2025-04-01&limit=200")
    assert any(i["case_id"] == d["case_id"] and i["due_on"] == "2025-04-28" for i in queue["items"])
    # the last day to appeal is 28 April: not final on that day, final from 29 April
    assert senior.post("/decisions/finalise", {"on": "2025-04-28"}, expect=200) == []
    assert api.post("/decisions/finalise", {"on": "2025-04-29"}, expect=403)["field"] is None
    made = senior.post("/decisions/finalise", {"on": "2025-04-30"}, expect=200)
    mine = [m for m in made if m["decision_id"] == d["id"]]
    assert mine and mine[0]["final_on"] == "2025-04-29" and mine[0]["appeal_lodged_on"] is None
    assert api.post(f"/decisions/{d['id']}/appeal", {"lodged_on": "2025-05-02"}, expect=409)["field"] == (
        "decision_id"
    )
    assert [x["done_on"] for x in api.get(f"/cases/{d['case_id']}/deadlines") if x["kind"] == "appeal"] == [
        "2025-04-30"
    ]


def test_a_decision_appealed_in_time_does_not_become_final(make_api: Any) -> None:
    api = make_api("caseworker")
    senior = make_api("senior_caseworker")
    d = spouse_refusal(api)
    api.post(f"/decisions/{d['id']}/notices", {"language": "en", "notified_on": "2025-03-03"})
    status = api.post(f"/decisions/{d['id']}/appeal", {"lodged_on": "2025-04-28"})
    assert status["appeal_lodged_on"] == "2025-04-28" and status["appeal_late"] is False
    made = senior.post("/decisions/finalise", {"on": "2025-06-01"}, expect=200)
    assert d["id"] not in [m["decision_id"] for m in made]
    assert api.get(f"/decisions/{d['id']}/appeal")["final_on"] is None
