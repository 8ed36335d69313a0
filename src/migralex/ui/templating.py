"""Jinja templates for every part, rendered inside the shared shell.

Each part makes its own :class:`Jinja2Templates` with :func:`make_templates` (its templates first, then the
shell's ``base.html`` and macros) and renders with :func:`render`, which adds the shell's context: the
signed-in user (``request.state.user``), the CSRF token (``request.state.csrf``), the page language and
the navigation for the user's role. Every page string goes through ``_()`` (gettext, domain ``pages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from migralex.i18n import LANGUAGES, SOURCE_LANGUAGE, Language, Translator


@dataclass(frozen=True)
class NavItem:
    """One link of the shell's navigation: shown to ``roles`` when its ``part`` is mounted."""

    label: str
    url: str
    roles: tuple[str, ...]
    part: str = "casework"


#: Catalogues a page's strings are looked up in (``migralex/locale/<lang>/LC_MESSAGES/<domain>.po``).
PAGE_DOMAINS = ("pages", "casework", "lab", "programmes", "questions", "rules")
ALL_ROLES = ("caseworker", "senior_caseworker", "administrator", "auditor")
#: The shell's navigation, in order. ``part`` names what must be mounted (``app.state.parts``).
NAV: tuple[NavItem, ...] = (
    NavItem("Work queue", "/", ALL_ROLES),
    NavItem("New intake", "/people/new", ("caseworker", "senior_caseworker")),
    NavItem("Safe countries", "/safe-countries", ("senior_caseworker", "administrator")),
    NavItem("Audit log", "/audit", ("auditor", "administrator")),
    NavItem("Check eligibility", "/check", ALL_ROLES, part="assessment"),
    NavItem("Rules and parameters", "/parameters", ALL_ROLES, part="assessment"),
    NavItem("Policy lab", "/lab", ALL_ROLES, part="lab"),
    NavItem("Programmes", "/programmes", ALL_ROLES, part="programmes"),
)
#: Cookie holding the language chosen on the page's language switch (signed-in users also have it stored).
LANGUAGE_COOKIE = "migralex_lang"
#: Messages a page asked for in a language without a translation: {(language, template): {message}}.
#: Tests read (and clear) it to fail on any untranslated page string.
MISSING: dict[tuple[str, str], set[str]] = {}


def make_templates(package: str, directory: str = "templates") -> Jinja2Templates:
    """Templates of ``package`` (looked up first), then the shell's, with gettext installed."""
    own = FileSystemLoader(str(resources.files(package) / directory))
    shell = FileSystemLoader(str(resources.files("migralex.ui") / "templates"))
    templates = Jinja2Templates(directory=str(resources.files(package) / directory))
    templates.env.loader = ChoiceLoader([own, shell])
    templates.env.add_extension("jinja2.ext.i18n")
    templates.env.add_extension("jinja2.ext.do")
    return templates


def page_language(request: Request) -> Language:
    """The user's choice (``request.state.language``), else Accept-Language, else English."""
    for chosen in (getattr(request.state, "language", None), request.cookies.get(LANGUAGE_COOKIE)):
        for language in LANGUAGES:
            if chosen == language:
                return language
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        for language in LANGUAGES:
            if tag == language:
                return language
    return SOURCE_LANGUAGE


def navigation(request: Request, user: Any) -> list[NavItem]:
    """The links this user sees, among the parts this app has mounted."""
    if user is None:
        return []
    parts = getattr(request.app.state, "parts", {"casework"})
    return [item for item in NAV if user.role in item.roles and item.part in parts]


def translator(request: Request) -> Translator:
    """gettext over the page catalogues in this request's language (for messages built in Python).

    One per request and language, shared with :func:`render`, so every message a page asked for is recorded.
    """
    language = page_language(request)
    found = getattr(request.state, "translator", None)
    if isinstance(found, Translator) and found.language == language:
        return found
    made = Translator(language, domains=PAGE_DOMAINS)
    request.state.translator = made
    return made


def render(
    templates: Jinja2Templates, request: Request, name: str, ctx: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """Render ``name`` inside the shell: ``ctx`` plus user, csrf, language, navigation and ``_``."""
    tr = translator(request)
    language = tr.language
    user = ctx.get("user", getattr(request.state, "user", None))
    full = {
        "user": user,
        "csrf": ctx.get("csrf", getattr(request.state, "csrf", "")),
        "language": language,
        "nav": navigation(request, user),
        "_": tr.gettext,
        "gettext": tr.gettext,
        "ngettext": tr.ngettext,
        "pgettext": tr.pgettext,
        **ctx,
    }
    response = templates.TemplateResponse(request, name, full, status_code=status)
    if tr.missing:
        MISSING.setdefault((language, name), set()).update(tr.missing)
    return response
