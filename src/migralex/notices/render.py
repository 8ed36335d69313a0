"""Render a notice as HTML (a template per program family) and PDF (WeasyPrint), reproducibly.

The same content and language always give the same HTML bytes, and the PDF's metadata dates are the
decision and notification dates (never the time of rendering), so re-rendering a stored decision under
the same rule pack gives the same document.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from migralex.casework.messages import APPEAL_BODIES
from migralex.engine.labels import PLACEHOLDER
from migralex.i18n import N_, Language, Translator
from migralex.notices.content import FactLine, NoticeContent, Reason, ValueLine
from migralex.rules.families import ProgramFamily

#: Decision kinds of the casework service, as the notice names them.
KINDS = {
    "grant": N_("Grant"),
    "refusal": N_("Refusal"),
    "extension": N_("Extension of the permit"),
    "revocation": N_("Revocation or non-extension of the permit"),
    "separate_accommodation": N_("Separate accommodation of a couple"),
    "expulsion": N_("Expulsion"),
    "voluntary_return": N_("Voluntary return with support"),
    "enforced_return": N_("Enforced return"),
    "departure_centre": N_("Placement in a departure centre"),
    "tolerated_stay": N_("Tolerated stay"),
}
#: Appeal bodies by code.
BODIES = APPEAL_BODIES  # one list: the work queue names the body of an appeal deadline the same way
SAFEGUARDS = {
    "individual_assessment": N_("Individual assessment"),
    "non_refoulement": N_("Non-refoulement"),
    "best_interests_child": N_("Best interests of the child"),
    "vulnerability_considered": N_("Vulnerability considered"),
}
CONCLUSIONS = {
    "done": N_("carried out"),
    "no_risk": N_("no risk found"),
    "risk": N_("risk found"),
    "considered": N_("considered"),
}
UNITS = {
    "years": (N_("%(num)s year"), N_("%(num)s years")),
    "months": (N_("%(num)s month"), N_("%(num)s months")),
    "weeks": (N_("%(num)s week"), N_("%(num)s weeks")),
    "days": (N_("%(num)s day"), N_("%(num)s days")),
}
#: One template per program family.
TEMPLATES = {family: f"notices/{family.value}.html" for family in ProgramFamily}
FORMATS = ("html", "pdf")


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("migralex.notices", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    return env


ENV = _env()


class Wording:
    """Language helpers the templates call: values, amounts, periods, codes."""

    def __init__(self, t: Translator) -> None:
        self.t = t

    def amount(self, value: Any, unit: str) -> str:
        """A number with its unit (``24 years``, ``57.000 DKK``)."""
        if isinstance(value, bool) or value is None:
            return self.value(value, "bool" if isinstance(value, bool) else "code")
        if isinstance(value, int | float | Decimal) or (isinstance(value, str) and _is_number(value)):
            number = Decimal(str(value))
            if unit in UNITS and number == number.to_integral_value():
                singular, plural = UNITS[unit]
                return self.t.ngettext(singular, plural, int(number)) % {"num": self.t.number(number)}
            return f"{self.t.number(number)} {unit}".strip()
        return self.value(value, "code")

    def value(self, value: Any, kind: str, unit: str = "") -> str:
        """A stored fact or parameter value in words."""
        if value is None:
            return self.t.gettext("not on file")
        if kind == "bool" or isinstance(value, bool):
            return self.t.gettext("yes") if value else self.t.gettext("no")
        if kind == "date":
            return self.t.date(date.fromisoformat(str(value)))
        if kind in ("int", "decimal"):
            return self.amount(value, unit)
        if isinstance(value, list):
            return ", ".join(self.t.pgettext("code", str(v)) for v in value) or self.t.gettext("none")
        return self.t.pgettext("code", str(value))

    def fact(self, f: FactLine) -> str:
        """A fact's value in words."""
        return self.value(f.value, f.type, f.unit)

    def parameter(self, v: ValueLine) -> str:
        """A parameter value with its unit."""
        return self.amount(v.value, v.unit)

    def label(self, r: Reason) -> str:
        """A condition's label in the language: its template translated and filled with the values used
        (a label that names no parameter is translated as it stands)."""
        if not r.label_template:
            return self.t.gettext(r.label)
        used = dict(r.parameter_values)

        def fill(m: re.Match[str]) -> str:
            value = used.get(m.group(1))
            return self.t.gettext("not on file") if value is None else self.amount(value, "")

        return PLACEHOLDER.sub(fill, self.t.gettext(r.label_template))

    def period(self, amount: int | None, unit: str) -> str:
        """``8 weeks``, ``14 days``."""
        return self.amount(amount, unit) if amount is not None else ""


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def render_html(content: NoticeContent, language: Language) -> tuple[str, list[str]]:
    """The notice as HTML in ``language``, and the messages that had no translation (should be none)."""
    t = Translator(language)
    template = ENV.get_template(TEMPLATES[content.family])
    html = template.render(
        n=content,
        lang=language,
        _=lambda msg, **kw: t.gettext(msg) % kw if kw else t.gettext(msg),
        gettext=t.gettext,
        tr=t.gettext,
        code=lambda c: t.pgettext("code", c),
        fmt_date=t.date,
        w=Wording(t),
        kinds=KINDS,
        bodies=BODIES,
        safeguards=SAFEGUARDS,
        conclusions=CONCLUSIONS,
    )
    return html, t.missing


#: The timestamp fontTools writes into the ``head`` table of each embedded font subset. Without it the
#: subset carries the clock's second, and two renders of the same notice differ.
FONT_TIMESTAMP = "946684800"  # 2000-01-01T00:00:00Z
_font_clock = threading.Lock()


def render_pdf(html: str) -> bytes:
    """The HTML as PDF (WeasyPrint): the same bytes for the same HTML.

    Its dates come from the HTML's ``dcterms`` metadata, not the clock; embedded font subsets carry
    :data:`FONT_TIMESTAMP` (fontTools reads ``SOURCE_DATE_EPOCH``, set here only while rendering).
    """
    from weasyprint import HTML

    with _font_clock:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
        try:
            pdf: bytes = HTML(string=html).write_pdf(uncompressed_pdf=False)
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before
    return pdf


def sha256(data: str | bytes) -> str:
    """Hex sha256 of text (UTF-8) or bytes."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()
