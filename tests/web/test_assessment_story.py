"""The story of issue #12, in a real browser (Chromium via Playwright) on SQLite and PostgreSQL.

Anna, a caseworker, takes in the spouse of Lina Saleh (a Convention refugee in Denmark), assesses the
application under the Danish spouse rules and records a refusal. On every page she sees questions in
plain words - never a fact's id outside the "For experts" disclosure - never JSON, and never an error
page that loses what she typed: a mistake comes back on the same form with an error summary.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from migralex.rules.registry import programs

pytestmark = pytest.mark.slow
FACT_IDS = sorted({f for p in programs().values() for f in p.fact_specs()}, key=len, reverse=True)
#: The page's text as read, without the "For experts" disclosure.
READ_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('#for-experts').forEach(e => e.remove());
  return body.innerText;
}"""


def looks_right(page: Any) -> str:
    """Assert what the story forbids on the page shown now; return its visible text."""
    text: str = page.evaluate(READ_TEXT)
    shown = [f for f in FACT_IDS if re.search(rf"(?<![\w.]){re.escape(f)}(?![\w.])", text)]
    assert shown == [], f"fact ids on {page.url}: {shown}"
    assert not text.lstrip().startswith(("{", "[")), f"JSON in the browser at {page.url}"
    if page.locator(".govuk-error-summary").count():
        assert page.locator("form").count() >= 1, f"an error page without the form at {page.url}"
    return text


def lina_id(server: str) -> int:
    """The demo's Lina Saleh (Convention refugee status): the sponsor."""
    token = httpx.post(
        f"{server}/api/v1/auth/token", json={"username": "anna", "password": "anna-demo-pass"}
    ).json()["access_token"]
    people = httpx.get(
        f"{server}/api/v1/people", params={"limit": 200}, headers={"Authorization": f"Bearer {token}"}
    ).json()
    items = people["items"] if isinstance(people, dict) else people
    return int(next(p["id"] for p in items if p["full_name"] == "Lina Saleh"))


def answer_page(page: Any) -> None:
    """Answer every question on the page: yes, the first choice, 1 February 2015, or the example."""
    form = page.locator("#questions-form")
    for group in form.locator(".govuk-form-group[id$='-group']").all():
        if group.locator("input[type=radio][value=yes]").count():
            group.locator("input[type=radio][value=yes]").check()
        elif group.locator(".govuk-date-input").count():
            for part, value in (("day", "1"), ("month", "2"), ("year", "2015")):
                group.locator(f"input[name$='-{part}']").fill(value)
        elif group.locator("input[type=radio]").count():
            group.locator("input[type=radio]").first.check()
        elif group.locator("select").count():
            group.locator("select").select_option(index=1)
        elif group.locator("input[type=checkbox]:not([name$='-unknown'])").count():
            group.locator("input[type=checkbox]:not([name$='-unknown'])").first.check()
        elif group.locator("textarea").count():
            group.locator("input[name$='-unknown']").check()
        else:
            hint = group.locator(".govuk-hint").inner_text()
            example = re.search(r"For example, ([0-9.]+)", hint)
            group.locator("input.govuk-input").fill(example.group(1) if example else "1")


def test_a_caseworker_takes_a_danish_spouse_case_from_intake_to_a_recorded_refusal(
    browser: Any, server: str, shot: Any
) -> None:
    sponsor = lina_id(server)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", "anna-demo-pass")
    page.click("form[action='/login'] button[type=submit]")  # not the language switch
    page.wait_for_url(f"{server}/")

    # intake: the spouse, and a family reunification case sponsored by Lina
    page.goto(f"{server}/people/new")
    page.fill("input[name=full_name]", "Story Spouse")
    page.fill("input[name=birth_date]", "1994-03-05")
    page.fill("input[name=nationality]", "SY")
    page.select_option("select[name=case_kind]", "family_reunification")
    page.fill("input[name=sponsor_id]", str(sponsor))
    page.click("form[action='/people/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+\?created=1$"))
    case_url = page.url.split("?")[0]

    # the assessment starts on the spouse rules, among the family programs only
    page.goto(f"{case_url}/assess")
    looks_right(page)
    assert page.locator("input[name=program]").first.is_checked()
    assert "Spouse or partner family reunification (Denmark)" in page.locator("#program").inner_text()
    assert page.locator("input[name=program]").count() == 4
    page.fill("#date-day", "1")
    page.fill("#date-month", "6")
    page.fill("#date-year", "2025")
    page.click("#start-form button[type=submit]")

    # one subject per page; a wrong date first, which comes back with everything typed kept
    page.wait_for_url(re.compile(r".*/assess/questions$"))
    text = looks_right(page)
    assert "About the " in text
    shot(page, "story-01-questions")
    answer_page(page)
    date_group = page.locator(".govuk-date-input").first
    date_group.locator("input[name$='-day']").fill("31")
    date_group.locator("input[name$='-month']").fill("2")
    page.click("#questions-form button[type=submit]")
    assert "The date must be a real date" in looks_right(page)
    assert date_group.locator("input[name$='-day']").input_value() == "31"
    shot(page, "story-02-error-kept")
    date_group.locator("input[name$='-month']").fill("3")
    page.click("#questions-form button[type=submit]")
    for _ in range(12):
        page.wait_for_load_state()
        if "/check-answers" in page.url:
            break
        looks_right(page)
        answer_page(page)
        page.click("#questions-form button[type=submit]")
    assert "/check-answers" in page.url

    # check your answers, then the result with the refusal preselected
    text = looks_right(page)
    assert "Check your answers" in text and page.locator(".govuk-summary-list__actions a").count() >= 3
    shot(page, "story-03-check-answers")
    page.click("#see-result")
    text = looks_right(page)
    assert "The application is refused" in text and "What would change the outcome" in text
    assert page.locator("#kind-refusal").is_checked()
    shot(page, "story-04-result")
    # no reasons: the same form comes back, the choice kept
    page.click("#decide-form button[type=submit]")
    assert "Give the reasons for the decision" in looks_right(page)
    assert page.locator("#kind-refusal").is_checked()
    page.fill("#reasons", "The sponsor has not passed the required Danish test (integration requirement).")
    page.click("#decide-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/decisions/\d+$"))
    text = looks_right(page)
    assert "Refusal" in text and "The application is refused" in text and "not known" in text
    assert not re.search(r"\bNone\b(?! of these)", text)
    shot(page, "story-05-decision")
    context.close()
