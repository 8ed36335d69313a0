"""Every casework page in Danish (#13 item 3): no untranslated page string, ``lang="da"`` on the page, the
language chosen on the page stored for the user, else the browser's Accept-Language, else English."""

from __future__ import annotations

import html
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


#: English a service once stored or an engine error once passed through; none may reach a Danish page.
ENGLISH_LEFT = (
    "administrative setting",
    "entered by the caseworker",
    "review 90 days",
    "weeks from",
    "from notification",
    "Appeal deadline",
    "Review of",
    "cannot be read",
    "must be",
    "unknown fact",
    "expected a date",
    "known programs",
    "is not a fact",
    "OVERDUE",
    "days late",
    "Spending by country and donor",
    "committed, not yet spent",
    " read, ",
    "condition columns kept",
    "Nationality:",
    "value not known",
    "all rejected",
)


def _main(page: Any) -> str:
    """The text of a page's <main>, without markup (what the reader sees besides the shell)."""
    found = re.search(r"<main.*?</main>", page.text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(0) if found else page.text))


def test_the_case_page_and_the_queue_with_deadlines_are_danish(app: Any, make_api: Any) -> None:
    """A refused spouse case with its notice: the appeal deadline (label and the law and time limit it comes
    from) and the sponsor's review date (label and how it was computed) on the case page and in the queue."""
    from tests.casework.test_notices import spouse_refusal

    anna = make_api("caseworker")
    d = spouse_refusal(anna)
    anna.post(f"/decisions/{d['id']}/notices", {"language": "en", "notified_on": "2025-03-03"})
    deadlines = anna.get(f"/cases/{d['case_id']}/deadlines")
    appeal = next(x for x in deadlines if x["kind"] == "appeal")
    # the API keeps the English it always had
    assert appeal["source"].endswith("(8 weeks from notification on 2025-03-03)"), appeal["source"]
    assert appeal["label"] == f"Appeal deadline for decision {d['id']} (udlaendingenaevnet)"
    templating.MISSING.clear()
    with TestClient(app, raise_server_exceptions=False) as c:
        _sign_in(c, anna)
        case = c.get(f"/cases/{d['case_id']}", headers=DANISH)
        queue = c.get("/", headers=DANISH)
        sponsor_case = next(
            i["case_id"] for i in anna.get("/queue?limit=200")["items"] if i["case_id"] != d["case_id"]
        )
        review = c.get(f"/cases/{sponsor_case}", headers=DANISH)
    assert {case.status_code, queue.status_code, review.status_code} == {200}
    shown = _main(case)
    assert f"Klagefrist for afgørelse {d['id']} (Udlændingenævnet)" in shown
    assert "(8 uger fra meddelelsen den 2025-03-03)" in shown and "Udlændingeloven" in shown
    assert f"Klagefrist for afgørelse {d['id']} (Udlændingenævnet)" in _main(queue)
    assert "tilladelsens udløb:" in _main(review) and "administrativ indstilling" in _main(review)
    for page in (case, queue, review):
        assert '<html lang="da"' in page.text
        assert not [e for e in ENGLISH_LEFT if e in _main(page)], [
            e for e in ENGLISH_LEFT if e in _main(page)
        ]
    missing = {name: sorted(msgs) for (lang, name), msgs in templating.MISSING.items() if lang == "da"}
    assert not missing, f"untranslated page strings: {missing}"


def test_engine_errors_reach_a_danish_page_as_danish_messages_naming_the_field(
    app: Any, make_api: Any
) -> None:
    """Facts the engine cannot read, an unknown program, an answer of the wrong kind: each page names the
    fact or field in Danish, chosen by the error's type (the engine's English text never shows)."""
    from datetime import date

    from migralex.web.assessment_flow import Draft, sign

    anna = make_api("caseworker")
    key = app.state.secret_key
    bad_date = Draft(
        "dk.family_reunification.spouse", date(2025, 3, 1), facts={"applicant.birth_date": "2025-02-30"}
    )
    unknown = Draft("dk.no_such_program", date(2025, 3, 1))
    spouse = Draft("dk.family_reunification.spouse", date(2025, 3, 1))
    templating.MISSING.clear()
    with TestClient(app, raise_server_exceptions=False) as c:
        csrf = _sign_in(c, anna)
        fact = c.get("/check/check-answers", params={"state": sign(key, bad_date)}, headers=DANISH)
        program = c.get("/check/result", params={"state": sign(key, unknown)}, headers=DANISH)
        answer = c.post(
            "/check/questions",
            params={"change": "sponsor.dwelling_tenure"},
            data={"csrf": csrf, "state": sign(key, spouse), "answer-sponsor.dwelling_tenure": "castle"},
            headers=DANISH,
        )
        size = c.post(
            "/check/questions",
            params={"change": "case.household_size"},
            data={"csrf": csrf, "state": sign(key, spouse), "answer-case.household_size": "0"},
            headers=DANISH,
        )
        tampered = c.get("/check/result", params={"state": "x.y"}, headers=DANISH)
    assert (fact.status_code, program.status_code, tampered.status_code) == (422, 422, 422)
    assert (answer.status_code, size.status_code) == (422, 422)
    assert "applicant.birth_date kan ikke læses: værdien skal være en gyldig dato skrevet som ÅÅÅÅ-MM-DD" in (
        _main(fact)
    )
    assert "(angivet: '2025-02-30')" in _main(fact)  # the value as entered
    assert "der findes intet program dk.no_such_program" in _main(program)
    assert "Svaret skal være en af koderne owned;" in _main(answer)
    assert "Svaret skal være et helt tal på mindst 1" in _main(size)
    assert "svarene i tjekket er blevet ændret eller er udløbet" in _main(tampered)
    for page in (fact, program, answer, size, tampered):
        assert '<html lang="da"' in page.text
        assert not [e for e in ENGLISH_LEFT if e in _main(page)], (page.url, _main(page)[:400])
    missing = {name: sorted(msgs) for (lang, name), msgs in templating.MISSING.items() if lang == "da"}
    assert not missing, f"untranslated page strings: {missing}"


def test_the_programme_and_policy_lab_pages_are_danish(
    app: Any, make_api: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    """The programme ledger (list, dashboard with its overdue alerts and charts, public page, unknown
    programme) and the policy lab (form, form errors, a finished run's report, a failed run, the run list)."""
    from datetime import date

    from sqlalchemy.orm import Session

    from migralex.lab import web
    from migralex.programmes.demo import load_demo
    from migralex.programmes.models import Programme

    monkeypatch.setenv("MIGRALEX_LAB_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("MIGRALEX_LAB_WORKERS", "1")
    with Session(app.state.engine) as s:
        if s.query(Programme).filter_by(code="RMGP-TWB").first() is None:
            load_demo(s, today=date(2026, 11, 23))
            s.commit()
    anna = make_api("caseworker")
    templating.MISSING.clear()
    shown = []
    with TestClient(app, raise_server_exceptions=False) as c:
        csrf = _sign_in(c, anna)
        paths = ("/programmes", "/programmes/RMGP-TWB?today=2026-11-23", "/programmes/NOPE")
        shown += [c.get(p, headers=DANISH) for p in (*paths, "/public/programmes/RMGP-TWB", "/lab")]
        bad = {"csrf": csrf, "program": "x", "profile": "y", "size": "z", "seed": "w", "on": "2025-02-30"}
        shown.append(c.post("/lab/run", data={**bad, "missing": "3", "engine": "spark"}, headers=DANISH))
        good = {"csrf": csrf, "program": "dk.family_reunification.spouse", "on": "2025-03-01"}
        runs = []
        for extra, files in (
            ({"profile": "dk-spouse", "size": "300", "seed": "5"}, None),
            ({}, {"upload": ("pop.csv", b"sponsor.birth_date\n1990-02-31\n", "text/csv")}),  # no valid row
        ):
            r = c.post(
                "/lab/run", data={**good, **extra}, files=files, headers=DANISH, follow_redirects=False
            )
            assert r.status_code == 303, r.text
            runs.append(r.headers["location"].split("/")[3])
            assert web.lab_runner().wait(runs[-1], timeout=300) is not None
        shown += [c.get(f"/lab/runs/{run}/", headers=DANISH) for run in runs]
        shown.append(c.get("/lab/runs", headers=DANISH))
        status = c.get(f"/lab/runs/{runs[1]}/status.json", headers=DANISH).json()
    assert [r.status_code for r in shown] == [200, 200, 404, 200, 200, 400, 200, 200, 200]
    assert all('<html lang="da"' in r.text for r in shown)
    dashboard, report, failed = _main(shown[1]), _main(shown[6]), _main(shown[7])
    assert (
        "FOR SEN høring nr. 1: FCDO har ikke svaret" in dashboard
        and "Forbrug efter land og donor" in dashboard
    )
    assert "300 læst, 300 evalueret, 0 afvist" in report and "Nationalitet:" in report
    assert "ingen række i populationen kunne evalueres (1 læst, alle afvist)" in failed
    assert (
        status["reason_text"].startswith("ingen række") and "all rejected" in status["reason"]
    )  # JSON: both
    english = {str(r.url): [e for e in ENGLISH_LEFT if e in _main(r)] for r in shown}
    # the failed run also shows the English detail as recorded, labelled as such
    english[str(shown[7].url)] = [
        e for e in english[str(shown[7].url)] if e not in ("all rejected", " read, ")
    ]
    assert not any(english.values()), english
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


def test_the_eligibility_check_and_every_parameter_page_are_danish(app: Any, make_api: Any) -> None:
    """The check's start page (every program's title), every program's first questions, answers and result
    (its conditions, outputs and codes), and the rules and parameters pages (every parameter's label, unit
    and notes, of every pack and reform)."""
    from migralex.rules.registry import packs, reforms

    ids = [p.id for pack in packs().values() for p in pack.parameters]
    ids += [p.id for reform in reforms().values() for p in reform.parameters]
    anna = make_api("caseworker")
    templating.MISSING.clear()
    with TestClient(app, raise_server_exceptions=False) as c:
        _sign_in(c, anna)
        shown = [
            c.get(p, headers=DANISH) for p in ("/check", "/parameters", *(f"/parameters/{i}" for i in ids))
        ]
    from datetime import date

    from migralex.rules.registry import programs
    from migralex.web.assessment_flow import Draft, sign

    with TestClient(app, raise_server_exceptions=False) as c:  # every program's check, nothing answered yet
        _sign_in(c, anna)
        for program in sorted(programs()):
            state = sign(app.state.secret_key, Draft(program, date(2025, 3, 1)))
            for page in ("/check/questions", "/check/check-answers", "/check/result"):
                shown.append(c.get(page, params={"state": state}, headers=DANISH))
    assert len(ids) > 100 and {r.status_code for r in shown} == {200}
    assert all('<html lang="da"' in r.text for r in shown)
    assert "Ægtefællesammenføring (Danmark)" in shown[0].text
    assert "Mindstealder for begge ægtefæller eller samlevere på afgørelsestidspunktet" in shown[1].text
    missing = {name: sorted(msgs) for (lang, name), msgs in templating.MISSING.items() if lang == "da"}
    assert not missing, f"untranslated page strings: {missing}"


def test_an_unknown_language_is_refused_naming_the_field_and_nothing_is_stored(
    app: Any, make_api: Any
) -> None:
    anna = make_api("caseworker")
    with TestClient(app, raise_server_exceptions=False) as c:
        csrf = _sign_in(c, anna)
        for chosen in ("fr", ""):
            r = c.post("/language", data={"csrf": csrf, "language": chosen, "next": "/"}, headers=DANISH)
            assert r.status_code == 422 and '<html lang="da"' in r.text
            assert f"sprog {chosen!r}: vælg et af en; da" in html.unescape(r.text)  # the field, in Danish
            assert "migralex_lang" not in r.headers.get("set-cookie", "")
        r = c.post("/language", data={"csrf": csrf, "language": "xx"}, headers={"accept": "text/html"})
        assert r.status_code == 422 and "language 'xx': choose one of en; da" in html.unescape(r.text)
        # nothing was stored on the user: with no preference an English browser still gets English
        assert '<html lang="en"' in c.get("/", headers={"accept-language": "en"}).text


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
