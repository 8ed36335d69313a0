"""Every casework page, as each role, at 1280 px and 375 px: no horizontal scroll, a skip link, a visible
focus, and axe-core (WCAG 2.x A/AA rules) reporting no critical and no serious violation (issue #12 item 7).

Screenshots go to ``tests/artifacts/a11y/<backend>/`` (git-ignored) for review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "a11y"
WIDTHS = (1280, 375)
#: Demo users (``migralex serve --demo``), one per role.
ROLES = {"caseworker": "anna", "senior_caseworker": "sara", "auditor": "ida", "administrator": "admin"}


def _axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _context(browser: Any, width: int) -> Any:
    return browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)


def _sign_in(page: Any, server: str, username: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"{username}-demo-pass")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server}/")


def _pages(page: Any, server: str, role: str | None) -> list[str]:
    """The pages this role reaches: menu links, a case from the queue and its assessment, a missing page."""
    if role is None:
        return ["/login", "/no-such-page"]
    page.goto(f"{server}/")
    links = page.eval_on_selector_all("#navigation a", "els => els.map(e => e.getAttribute('href'))")
    case = page.eval_on_selector_all(
        "table.queue a[href^='/cases/']", "els => els.map(e => e.getAttribute('href'))"
    )
    assess = [f"{c}/assess" for c in case[:1]]  # the guided assessment's first page (program and date)
    return [*dict.fromkeys([*links, *case[:1], *assess, "/no-such-page"])]


def _fill_intake_wrongly(page: Any, server: str) -> None:
    page.goto(f"{server}/people/new")
    page.click("form[action='/people/new'] button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")


def _preview_designation(page: Any, server: str) -> None:
    page.goto(f"{server}/safe-countries")
    page.fill("input[name=country]", "SY")
    page.fill("input[name=safe_from]", "2026-01-01")
    page.fill("textarea[name=basis]", "Country of origin information report (test).")
    page.click("button[value=preview]")
    page.wait_for_selector("#preview")


#: Pages in a state reached through a form, per role: intake with mistakes, a designation preview.
STATES = {
    "caseworker": {"people_new-errors": _fill_intake_wrongly},
    "senior_caseworker": {"safe-countries-preview": _preview_designation},
}


def _focus_shows(page: Any) -> bool:
    """Focusing the first control of the page's content changes how it looks (GOV.UK yellow focus)."""
    return bool(
        page.evaluate(
            """() => {
            const look = s => [s.outlineStyle, s.outlineColor, s.boxShadow, s.backgroundColor].join('|');
            const all = document.querySelectorAll(
              'main a[href], main button, main input:not([type=hidden]), main select, main textarea');
            for (const e of all) {
              if (e === document.activeElement) continue;
              const was = look(getComputedStyle(e)); e.focus();
              if (document.activeElement !== e) continue;  // hidden (a closed disclosure): the next one
              return look(getComputedStyle(e)) !== was;
            }
            return true; }"""
        )
    )


def _check(page: Any, axe: Any) -> dict[str, Any]:
    """Measure the open page: scroll width, skip link, focus style, axe violations by impact."""
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {cls: e.className, outline: s.outlineStyle, shadow: s.boxShadow, bg: s.backgroundColor}; }"""
    )
    results = axe.run(
        page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
    )
    by_impact: dict[str, list[str]] = {}
    for v in results.response["violations"]:
        by_impact.setdefault(v["impact"] or "none", []).append(f"{v['id']} ({len(v['nodes'])})")
    return {"width": width, "focused": focused, "violations": by_impact, "focus_shows": _focus_shows(page)}


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_page_fits_phones_and_passes_axe(
    browser: Any, server: str, backend: str, role: str | None
) -> None:
    folder = ARTIFACTS / backend.split(":", 1)[0].split("+", 1)[0]
    folder.mkdir(parents=True, exist_ok=True)
    axe = _axe()
    problems: list[str] = []

    def measure(page: Any, name: str, error_summary: bool = False) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        m = _check(page, axe)
        print(name, m["width"], m["violations"])  # the numbers, for the report
        scroll, inner = m["width"]
        if scroll > inner:
            problems.append(f"{name}: {scroll} px wide in a {inner} px window")
        if error_summary:  # the error summary takes the focus on load (GOV.UK pattern): the skip link stays
            if page.locator("a.govuk-skip-link[href='#main-content']").count() != 1:
                problems.append(f"{name}: no skip link")
        elif "govuk-skip-link" not in m["focused"]["cls"]:
            problems.append(f"{name}: the first Tab does not reach the skip link")
        elif m["focused"]["outline"] == "none" and m["focused"]["shadow"] == "none":
            problems.append(f"{name}: the focused skip link shows no focus style")
        if not m["focus_shows"]:
            problems.append(f"{name}: a focused control looks the same as before")
        serious = {k: v for k, v in m["violations"].items() if k in ("critical", "serious")}
        if serious:
            problems.append(f"{name}: axe {serious}")

    for width in WIDTHS:
        context = _context(browser, width)
        page = context.new_page()
        if role is not None:
            _sign_in(page, server, ROLES[role])
        prefix = f"{role or 'anonymous'}-{width}"
        for path in _pages(page, server, role):
            page.goto(f"{server}{path}")
            page.wait_for_load_state("load")
            measure(page, f"{prefix}-{path.strip('/').replace('/', '_') or 'queue'}")
        for state, reach in STATES.get(role or "", {}).items():
            reach(page, server)
            measure(page, f"{prefix}-{state}", error_summary=state.endswith("-errors"))
        context.close()
    assert not problems, "\n".join(problems)
