"""Every casework page in Danish (#13 item 3): no untranslated page string, ``lang="da"`` on the page, the
language chosen on the page stored for the user, else the browser's Accept-Language, else English."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from migralex.ui import templating
from tests.casework import conftest as _casework
from tests.casework.helpers import granted_case, person

# the casework fixtures (an app per backend, API clients per role)
app, client, db_url, make_api, sessions = (
    _casework.app,
    _casework.client,
    _casework.db_url,
    _casework.make_api,
    _casework.sessions,
)
DANISH = {"accept-language": "da-DK,da;q=0.9,en;q=0.5", "accept": "text/html"}


def _sign_in(client: TestClient, api: Any) -> str:
    form = client.get("/login", headers=DANISH)
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', form.text)
    assert token
    data = {"username": api.username, "password": api.password, "csrf": token.group(1)}
    assert client.post("/login", data=data, headers=DANISH, follow_redirects=False).status_code == 303
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/", headers=DANISH).text)
    assert match
    return match.group(1)


def _danish_pages(app: Any, make_api: Any) -> list[Any]:
    """Every page of the casework shell, in the states a form leads to, rendered in Danish."""
    anna, sara, ida = make_api("caseworker"), make_api("senior_caseworker"), make_api("auditor")
    _, case, _ = granted_case(anna, vulnerabilities=["ptsd"])
    minor = person(anna, birth_date="2015-03-03")
    shown = []
    with TestClient(app, raise_server_exceptions=False) as c:
        shown.append(c.get("/login", headers=DANISH))
        shown.append(c.post("/login", data={"username": "x", "password": "", "csrf": "x"}, headers=DANISH))
        csrf = _sign_in(c, anna)
        open_case = anna.post(
            "/cases", {"kind": "family_reunification", "person_id": minor["id"], "sponsor_id": 1}
        )
        pages = ("/", "/people/new", f"/cases/{case['id']}", f"/cases/{open_case['id']}", "/nope", "/cases/x")
        shown += [c.get(p, headers=DANISH) for p in pages]
        shown.append(c.get(f"/cases/{case['id']}?created=1", headers=DANISH))
        bad = {
            "csrf": csrf,
            "full_name": "",
            "birth_date": "2001-02-30",
            "nationality": "Q1",
            "sponsor_id": "x",
        }
        shown.append(c.post("/people/new", data=bad, headers=DANISH))
        shown.append(
            c.post(
                f"/cases/{case['id']}/documents",
                data={"csrf": csrf},
                headers=DANISH,
                files={"file": ("", b"")},
            )
        )
        shown.append(c.get("/audit", headers=DANISH))  # 403 for a caseworker
    with TestClient(app, raise_server_exceptions=False) as c:
        csrf = _sign_in(c, sara)
        shown += [c.get(p, headers=DANISH) for p in ("/", "/safe-countries")]
        design = {"csrf": csrf, "country": "SY", "safe_from": "2026-01-01", "basis": "COI report (test)."}
        shown.append(c.post("/safe-countries", data={**design, "action": "preview"}, headers=DANISH))
        shown.append(c.post("/safe-countries", data={**design, "action": "record"}, headers=DANISH))
        shown.append(c.post("/safe-countries", data={"csrf": csrf, "country": ""}, headers=DANISH))
    with TestClient(app, raise_server_exceptions=False) as c:
        _sign_in(c, ida)
        shown.append(c.get("/audit", headers=DANISH))
    return shown


def test_every_page_is_danish_with_no_untranslated_string(app: Any, make_api: Any) -> None:
    templating.MISSING.clear()
    shown = _danish_pages(app, make_api)
    assert all('<html lang="da"' in r.text for r in shown), [
        r.url for r in shown if 'lang="da"' not in r.text
    ]
    assert {r.status_code for r in shown} >= {200, 403, 404, 422}
    missing = {name: sorted(msgs) for (lang, name), msgs in templating.MISSING.items() if lang == "da"}
    assert not missing, f"untranslated page strings: {missing}"


def test_language_chosen_on_the_page_is_kept_for_the_user(app: Any, make_api: Any) -> None:
    anna = make_api("caseworker")
    with TestClient(app) as c:
        csrf = _sign_in(c, anna)
        assert '<html lang="da"' in c.get("/", headers=DANISH).text  # Accept-Language, nothing chosen yet
        assert '<html lang="en"' in c.get("/").text  # no preference: English
        r = c.post(
            "/language", data={"csrf": csrf, "language": "da", "next": "/people/new"}, follow_redirects=False
        )
        assert r.status_code == 303 and r.headers["location"] == "/people/new"
        c.cookies.clear()  # the choice is stored on the user, not only in the browser
        _sign_in(c, anna)
        page = c.get("/", headers={"accept-language": "en"})
        assert '<html lang="da"' in page.text and "Arbejdskø" in page.text


def test_every_message_the_pages_can_show_has_a_danish_translation() -> None:
    """Beyond the pages rendered above: every literal in the templates and page code is in pages.po."""
    from importlib import resources

    from migralex.i18n import catalogue

    src = resources.files("migralex")
    texts = [
        f.read_text()
        for d in ("web/templates", "ui/templates")
        for f in (src / d).iterdir()
        if f.name.endswith(".html")
    ]
    texts += [f.read_text() for f in (src / "web" / "pages").iterdir() if f.name.endswith(".py")]
    texts.append((src / "ui" / "templating.py").read_text())
    pattern = re.compile(r"""(?:\b_|gettext|N_|NavItem)\(\s*(?:"([^"]+)"|'([^']+)')""")
    found = {a or b for text in texts for a, b in pattern.findall(text)}
    da = [catalogue("da", "pages"), catalogue("da", "casework")]  # page code also raises service messages
    untranslated = sorted(m for m in found if not any(getattr(c.get(m), "string", None) for c in da))
    assert len(found) > 150 and not untranslated, untranslated


def test_every_service_message_has_a_danish_translation() -> None:
    """Every message the services mark with ``N_`` (refusals, queue tasks, timeline entries, stored labels)
    and every term they translate with it (case and decision kinds, roles) is in the Danish catalogues."""
    from migralex.casework.lifecycle.kinds import DECISION_KINDS
    from migralex.casework.models import ROLES
    from migralex.casework.safeguards import _a
    from migralex.i18n import catalogue, code_term, marked_messages
    from migralex.ui.templating import PAGE_DOMAINS

    cats = [catalogue("da", d) for d in PAGE_DOMAINS]
    marked = marked_messages()
    untranslated = {
        m: where for m, where in marked.items() if not any(getattr(c.get(m), "string", None) for c in cats)
    }
    assert len(marked) > 100 and not untranslated, untranslated
    terms = {str(code_term(r)) for r in ROLES}
    for kind in DECISION_KINDS.values():
        terms |= {str(code_term(kind.id)), _a(kind.id), *(str(code_term(k)) for k in kind.case_kinds)}
    missing = sorted(t for t in terms if not any(getattr(c.get(t), "string", None) for c in cats))
    assert not missing, missing


def test_a_refusal_is_english_in_the_api_and_danish_on_the_page(app: Any, make_api: Any) -> None:
    """The API keeps the stable English problem+json (``error`` and ``detail``); the page shows the same
    refusal in the reader's language."""
    anna = make_api("caseworker")
    with TestClient(app, raise_server_exceptions=False) as c:
        body = anna.call("GET", "/people/999999", expect=404, headers=DANISH)
        assert body["error"] == "not_found" and body["detail"] == "no person 999999"
        _sign_in(c, anna)
        page = c.get("/audit", headers=DANISH)  # 403 from the service: "... needs the role ..."
        assert page.status_code == 403
        assert "kræver rollen" in page.text and "needs the role" not in page.text


def test_a_service_message_is_its_english_text_and_is_translated_with_its_parameters() -> None:
    import pickle

    from migralex.casework.messages import REVIEW_DEADLINE, read_back
    from migralex.i18n import N_, Message, Translator, term

    refused = N_(
        "a %(kind)s case needs the person to hold a current status", kind=term("permanent residence")
    )
    assert refused == "a permanent residence case needs the person to hold a current status"
    assert isinstance(refused, Message) and pickle.loads(pickle.dumps(refused)).params == refused.params
    assert Translator("en").gettext(refused) == refused
    da = Translator("da", ("casework", "pages"))
    assert da.gettext(refused) == (
        "en sag om tidsubegrænset opholdstilladelse kræver, at personen har et gældende opholdsgrundlag"
    )
    blocked = N_("%(reasons)s", reasons=[term("the decision separates a couple"), "typed; as is"])
    assert blocked == "the decision separates a couple; typed; as is"
    assert da.gettext(blocked) == "afgørelsen adskiller et par; typed; as is" and da.missing == []
    stored = N_(REVIEW_DEADLINE, status="asylum", until="2027-01-01")
    assert read_back(str(stored)).params == {"status": "asylum", "until": "2027-01-01"}  # type: ignore[attr-defined]
    assert not isinstance(read_back("Typed by a caseworker"), Message)
