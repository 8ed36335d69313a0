"""End-to-end browser tests: Playwright drives /usr/bin/chromium against a real uvicorn server."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def _needs_assessment_pages() -> None:
    """The guided assessment and decision pages live in migralex.web.assessment (mounted when present)."""
    pytest.importorskip("migralex.web.assessment", reason="the guided assessment pages are not in this tree")


def sign_in(browser: Any, server: str, username: str) -> Any:
    """A new page signed in as a demo user."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"{username}-demo-pass")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server}/")
    return page


def test_anonymous_is_sent_to_sign_in_and_wrong_password_fails(browser: Any, server: str, shot: Any) -> None:
    page = browser.new_page()
    page.goto(f"{server}/")
    assert page.url.endswith("/login")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", "wrong")
    page.click("main button[type=submit]")
    assert "Wrong username or password" in page.content()
    shot(page, "01-login-failed")
    page.close()


def test_queue_case_page_and_vulnerability_banner(browser: Any, server: str, shot: Any) -> None:
    page = sign_in(browser, server, "anna")
    assert page.locator("h1").inner_text() == "Work queue"
    assert page.locator("table.queue tbody tr").count() >= 3
    shot(page, "02-queue")
    page.click("text=Lina Saleh >> xpath=ancestor::tr >> a")
    banner = page.locator("#vulnerability-banner")
    assert "torture survivor" in banner.inner_text() and "ptsd" in banner.inner_text()
    assert "Timeline" in page.content()
    shot(page, "03-case-vulnerable")
    page.context.close()


def test_intake_guided_assessment_and_decision_with_explanation(browser: Any, server: str, shot: Any) -> None:
    _needs_assessment_pages()
    page = sign_in(browser, server, "anna")
    page.click("text=New intake")
    page.fill("input[name=full_name]", "Browser Applicant")
    page.fill("input[name=birth_date]", "1992-04-05")
    page.fill("input[name=nationality]", "ER")
    page.check("input[value=torture_survivor]")
    page.click("form[action='/people/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+(\?created=1)?$"))
    assert "torture survivor" in page.locator("#vulnerability-banner").inner_text()
    page.select_option("#assess-start select[name=program]", "dk.asylum.status")
    page.fill("#assess-start input[name=date]", "2025-03-01")
    page.click("#assess-start button")
    # only the facts still needed are asked, one subject per page (see test_assessment_story.py)
    answers = {
        "applicant.well_founded_fear_of_persecution": "yes",
        "applicant.outside_country_of_nationality": "yes",
        "applicant.real_risk_of_serious_harm": "yes",
        "applicant.risk_from_generalised_violence": "no",
        "case.first_country_of_asylum_applies": "no",
    }
    for _ in range(6):
        if page.locator("#questions-form").count() == 0:
            break
        shot(page, "04-guided-assessment")
        for fid, value in answers.items():
            radio = page.locator(f"#questions-form input[name='answer-{fid}'][value={value}]")
            if radio.count():
                radio.check()
        page.click("#questions-form button[type=submit]")
    page.click("#see-result")
    assert "Protection is granted" in page.locator("#outcome").inner_text()
    assert page.locator("#kind-grant").is_checked()
    page.fill("#decide-form textarea[name=reasons]", "Convention grounds established at interview.")
    page.click("#decide-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/decisions/\d+$"))
    assert page.locator("#decision-outcome").get_attribute("data-outcome") == "eligible"
    assert page.locator(".tree .citation").count() >= 2
    assert "identical result" in page.locator("#rerun").inner_text()
    assert "refugee convention" in page.locator("#status-granted").inner_text()
    shot(page, "05-decision-explanation")
    page.context.close()


def test_expulsion_blocked_with_reasons_and_sources(browser: Any, server: str, shot: Any) -> None:
    _needs_assessment_pages()
    page = sign_in(browser, server, "anna")
    page.click("text=Marek Nowak >> xpath=ancestor::tr >> a")
    page.click("text=Decide without a program")
    page.select_option("#decide-plain select[name=kind]", "expulsion")
    page.fill("#decide-plain textarea[name=reasons]", "Serious offence.")
    page.click("#decide-plain button[type=submit]")
    blocked = page.locator("#blocked")
    text = blocked.inner_text()
    assert "Individual assessment not recorded" in text and "Non-refoulement not recorded" in text
    assert blocked.locator("a[href*='hudoc.echr.coe.int']").count() >= 1
    shot(page, "06-expulsion-blocked")
    page.context.close()


def test_safe_country_designation_and_audit(browser: Any, server: str, shot: Any) -> None:
    page = sign_in(browser, server, "sara")
    page.click("text=Safe countries")
    page.fill("input[name=country]", "SY")
    page.fill("input[name=region]", "Damascus")
    page.fill("input[name=safe_from]", "2026-01-01")
    page.fill("textarea[name=basis]", "Country of origin information report (test).")
    page.click("button[value=preview]")
    preview = page.locator("#preview").inner_text()
    assert "Rami Haddad" in preview and "Lina Saleh" in preview
    page.click("button[value=record]")
    recorded = page.locator("#recorded")
    assert recorded.locator("a[href^='/cases/']").count() == 1
    shot(page, "07-safe-country")
    page.context.close()
    auditor = sign_in(browser, server, "ida")
    auditor.click("text=Audit log")
    assert "Chain verified" in auditor.locator("#verify").inner_text()
    assert "designation.create" in auditor.content()
    shot(auditor, "08-audit")
    auditor.context.close()
