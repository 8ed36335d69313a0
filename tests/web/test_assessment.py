"""The guided assessment of a Danish spouse case, through the pages (both backends).

A caseworker is asked one subject's questions per page, in plain words and never by a fact's id, only the
questions that can still change the outcome; answers are kept in the case's draft; the result shows the
outcome with the law, and the decision form preselects what the outcome supports and loses nothing.
"""

# ruff: noqa: F811  (the casework fixtures are imported by name and requested as arguments)
from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from migralex.rules.registry import programs
from tests.casework.conftest import app, client, db_url, make_api, sessions  # noqa: F401
from tests.casework.helpers import granted_case, person
from tests.casework.test_pages import web_login

SPOUSE = "dk.family_reunification.spouse"
ALL_FACT_IDS = sorted({f for p in programs().values() for f in p.fact_specs()}, key=len, reverse=True)


def visible_text(page: str) -> str:
    """The page's text as a reader sees it, without the "For experts" disclosure and the markup."""
    body = re.sub(r'<details class="govuk-details" id="for-experts">.*?</details>', " ", page, flags=re.S)
    body = re.sub(r"<(script|style|title)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def fact_ids_shown(page: str) -> list[str]:
    """Fact ids a reader would see outside the expert disclosure."""
    text = visible_text(page)
    return [f for f in ALL_FACT_IDS if re.search(rf"(?<![\w.]){re.escape(f)}(?![\w.])", text)]


def spouse_case(api: Any) -> dict[str, Any]:
    """A family reunification case: an adult applicant and a sponsor with Convention refugee status."""
    sponsor, _, _ = granted_case(api, birth_date="1990-07-02")
    applicant = person(api, name="Spouse", birth_date="1995-05-05")
    case: dict[str, Any] = api.post(
        "/cases", {"kind": "family_reunification", "person_id": applicant["id"], "sponsor_id": sponsor["id"]}
    )
    return case


def shows_python_none(page: str) -> bool:
    """A Python ``None`` leaked into the page (the answer "None of these" is a choice, not a leak)."""
    return re.search(r"\bNone\b(?! of these)", visible_text(page)) is not None


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert match
    return match.group(1)


def answer_everything(page: str, yes_or_no: str) -> dict[str, Any]:
    """A form answering every question on a question page: dates, numbers, codes and yes/no."""
    form: dict[str, Any] = {"csrf": csrf_of(page)}
    names = re.findall(r'name="(answer-[a-z0-9_.]+?)(?:-day|-month|-year|-unknown)?"', page)
    for name in set(names):
        values = re.findall(rf'name="{re.escape(name)}" type="(radio|checkbox)" value="([^"]+)"', page)
        if f'name="{name}-day"' in page:
            form.update({f"{name}-day": "1", f"{name}-month": "2", f"{name}-year": "2015"})
        elif values and {v for _, v in values} >= {"yes", "no"}:
            form[name] = yes_or_no
        elif values:
            form[name] = values[0][1]
        elif re.search(rf'<select[^>]*name="{re.escape(name)}"', page):
            form[name] = re.findall(
                rf'<select[^>]*name="{re.escape(name)}".*?<option value="([^"]+)"', page, re.S
            )[0]
        else:
            example = re.search(rf'id="{re.escape(name)}-hint">[^<]*For example, ([0-9.]+)', page)
            form[name] = example.group(1) if example else "1"
    return form


def walk_to_the_end(c: TestClient, case_id: int, yes_or_no: str) -> int:
    """Answer page after page until the check-answers page; returns the number of question pages."""
    pages = 0
    while True:
        page = c.get(f"/cases/{case_id}/assess/questions", follow_redirects=False)
        if page.status_code == 303:
            assert page.headers["location"].endswith("/check-answers")
            return pages
        assert page.status_code == 200 and fact_ids_shown(page.text) == []
        pages += 1
        assert pages < 15, "the questions never end"
        r = c.post(
            f"/cases/{case_id}/assess/questions",
            data=answer_everything(page.text, yes_or_no),
            follow_redirects=False,
        )
        assert r.status_code == 303, visible_text(r.text)[:2000]


def test_a_spouse_case_offers_the_family_programs_and_starts_on_the_spouse_program(
    make_api: Any, app: Any
) -> None:
    anna = make_api("caseworker")
    case = spouse_case(anna)
    with TestClient(app) as c:
        web_login(c, anna)
        start = c.get(f"/cases/{case['id']}/assess")
        assert start.status_code == 200
        offered = re.findall(r'name="program" type="radio" value="([^"]+)"( checked)?', start.text)
        assert offered[0] == (SPOUSE, " checked")
        assert {p for p, _ in offered} == {
            SPOUSE,
            "dk.family_reunification.child",
            "uk.family.partner",
            "uk.family_reunion.refugee",
        }


def test_the_case_page_offers_the_same_programs_by_title_the_spouse_program_first(
    make_api: Any, app: Any
) -> None:
    """The case page and the assessment ask the same service which programs fit (#12): for an adult
    applicant with a sponsor, the spouse program comes first, named by its title, never its id."""
    anna = make_api("caseworker")
    case = spouse_case(anna)
    with TestClient(app) as c:
        web_login(c, anna)
        page = c.get(f"/cases/{case['id']}")
        form = re.search(r'id="assess-start">(.*?)</form>', page.text, re.S)
        assert page.status_code == 200 and form
        options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', form.group(1))
        offered = re.findall(
            r'name="program" type="radio" value="([^"]+)"', c.get(f"/cases/{case['id']}/assess").text
        )
        assert [v for v, _ in options] == offered and offered[0] == SPOUSE
        assert [html.unescape(t) for _, t in options] == [programs()[v].title for v, _ in options]


def test_one_subject_per_page_in_plain_words_with_a_hint_and_never_a_fact_id(make_api: Any, app: Any) -> None:
    anna = make_api("caseworker")
    case = spouse_case(anna)
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        # 1 June 2017: the 26-year exemption from the attachment requirement is not known for that date
        form = {"csrf": csrf, "program": SPOUSE, "date-day": "1", "date-month": "6", "date-year": "2017"}
        assert (
            c.post(f"/cases/{case['id']}/assess/start", data=form, follow_redirects=False).status_code == 303
        )
        page = c.get(f"/cases/{case['id']}/assess/questions")
        assert page.status_code == 200 and fact_ids_shown(page.text) == []
        headings = re.findall(r'id="subject-heading">([^<]+)<', page.text)
        assert len(headings) == 1 and headings[0].startswith("About the ")
        asked = set(re.findall(r'name="answer-([a-z0-9_.]+?)(?:-day|-month|-year|-unknown)?"', page.text))
        assert 0 < len(asked) < 32
        # what the case record already knows is not asked: the sponsor's birth date and status
        assert "sponsor.birth_date" not in asked and "sponsor.residence_status" not in asked
        assert 'class="govuk-hint"' in page.text
        danish = c.get(f"/cases/{case['id']}/assess/questions", headers={"Accept-Language": "da"})
        assert "Om referencen" in danish.text or "Om ansøgeren" in danish.text
        # a value of the law not known on the date: a notice with its source, never a question
        assert "The law&#39;s value for this date is not known" in page.text
        assert not any("guarantee_amount" in a or "exemption" in a for a in asked)


def test_a_caseworker_who_chose_danish_gets_the_questions_in_danish(make_api: Any, app: Any) -> None:
    """The language chosen on the page is stored on the user and followed by the assessment's pages too,
    whatever the browser asks for (#12: one page plumbing for every page)."""
    anna = make_api("caseworker")
    case = spouse_case(anna)
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        chosen = {"csrf": csrf, "language": "da", "next": "/"}
        assert c.post("/language", data=chosen, follow_redirects=False).status_code == 303
        c.cookies.clear()  # the choice is kept on the user, not only in the browser
        csrf = web_login(c, anna)
        form = {"csrf": csrf, "program": SPOUSE, "date-day": "1", "date-month": "6", "date-year": "2025"}
        assert (
            c.post(f"/cases/{case['id']}/assess/start", data=form, follow_redirects=False).status_code == 303
        )
        english_browser = {"accept-language": "en"}
        page = c.get(f"/cases/{case['id']}/assess/questions", headers=english_browser)
        assert page.status_code == 200 and '<html lang="da"' in page.text
        assert "Om referencen" in page.text or "Om ansøgeren" in page.text
        check = c.get("/check", headers=english_browser)
        assert check.status_code == 200 and '<html lang="da"' in check.text


def test_a_wrong_date_comes_back_with_the_input_kept_and_an_error_summary(make_api: Any, app: Any) -> None:
    anna = make_api("caseworker")
    case = spouse_case(anna)
    with TestClient(app) as c:
        web_login(c, anna)
        c.get(f"/cases/{case['id']}/assess?program={SPOUSE}&date=2025-06-01")
        page = c.get(f"/cases/{case['id']}/assess/questions").text
        form = answer_everything(page, "no")
        day = next(k for k in form if k.endswith("-day"))
        form[day] = "31"
        form[day.replace("-day", "-month")] = "2"
        r = c.post(f"/cases/{case['id']}/assess/questions", data=form)
        assert r.status_code == 422
        assert 'class="govuk-error-summary"' in r.text and "The date must be a real date" in r.text
        assert f'name="{day}" type="text" inputmode="numeric" value="31"' in r.text
        assert fact_ids_shown(r.text) == []


def test_a_refusal_is_preselected_after_an_ineligible_result_and_an_error_keeps_everything(
    make_api: Any,
    app: Any,
) -> None:
    anna = make_api("caseworker")
    case = spouse_case(anna)
    with TestClient(app) as c:
        csrf = web_login(c, anna)
        c.get(f"/cases/{case['id']}/assess?program={SPOUSE}&date=2025-06-01")
        result = c.get(f"/cases/{case['id']}/assess/result")
        assert 'id="no-preselection"' in result.text  # outcome not known yet: nothing suggested
        assert re.search(r'name="kind" type="radio" value="[a-z_]+" checked', result.text) is None
        pages = walk_to_the_end(c, case["id"], "yes")
        assert pages >= 1
        check = c.get(f"/cases/{case['id']}/assess/check-answers")
        assert check.status_code == 200 and "govuk-summary-list" in check.text and "Change" in check.text
        assert fact_ids_shown(check.text) == []
        result = c.get(f"/cases/{case['id']}/assess/result")
        assert "The application is refused" in result.text
        assert 'value="refusal" checked' in result.text
        assert "What would change the outcome" in result.text and "retsinformation.dk" in result.text
        assert fact_ids_shown(result.text) == [] and not shows_python_none(result.text)
        answered = len(re.findall(r"<dt><code>", result.text))
        # no reasons given: the form comes back with the choice kept and the answers still saved
        r = c.post(
            f"/cases/{case['id']}/decide",
            data={
                "csrf": csrf,
                "use_assessment": "yes",
                "kind": "refusal",
                "separates_family": "on",
                "reasons": "",
            },
        )
        assert r.status_code == 422 and "govuk-error-summary" in r.text and "Give the reasons" in r.text
        assert (
            'value="refusal" checked' in r.text
            and 'name="separates_family" type="checkbox" value="on" checked' in r.text
        )
        assert len(re.findall(r"<dt><code>", r.text)) == answered
        # the decision kind the outcome does not support is refused on the same page, nothing lost
        r = c.post(
            f"/cases/{case['id']}/decide",
            data={"csrf": csrf, "use_assessment": "yes", "kind": "grant", "reasons": "Looks fine."},
        )
        assert r.status_code == 422 and "Looks fine." in r.text and "govuk-error-summary" in r.text
        assert "The result of the assessment does not support this decision" in r.text
        r = c.post(
            f"/cases/{case['id']}/decide",
            data={"csrf": csrf, "use_assessment": "yes", "kind": "refusal", "reasons": "Conditions not met."},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"].startswith("/decisions/")
        again = c.post(
            f"/cases/{case['id']}/decide",
            data={"csrf": csrf, "use_assessment": "yes", "kind": "refusal", "reasons": "Sent twice."},
        )
        assert again.status_code == 422 and "may already be recorded" in again.text  # never decided twice
        decision = c.get(r.headers["location"])
        assert decision.status_code == 200 and "The application is refused" in decision.text
        assert not shows_python_none(decision.text) and "not known" in decision.text
        assert fact_ids_shown(decision.text) == []
    [stored] = anna.get(f"/cases/{case['id']}/decisions")
    assert stored["kind"] == "refusal" and stored["outcome"] == "ineligible"
