"""Typed citations with a one-line text, and the public addresses of the acts the packs cite most.

The engine's keyword helpers (``statute(title, pinpoint, url, ...)``) build a citation from its parts. Most
citations in the packs are written as one line of text, e.g. ``"Udlændingeloven § 9, stk. 5, 1. pkt."``;
these helpers keep that text and add the kind of source, so the sources report can count them::

    statute_text("Udlændingeloven § 9, stk. 4", UL, see_also=(secondary_text("...", "https://..."),))

A secondary source (a law firm's page, a newspaper) never stands alone on a condition: it hangs under a
primary citation in ``see_also``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from migralex.engine.citations import Citation

#: Date the citations in this change were last checked.
CHECKED = date(2026, 11, 29)

# --- Denmark ----------------------------------------------------------------------------------------------
#: Udlændingeloven, LBK nr. 1009 af 02/09/2024 (amended since, e.g. by LOV nr. 755 af 20/06/2025).
UL = "https://www.retsinformation.dk/eli/lta/2024/1009"
UL_LBK = "LBK nr. 1009 af 02/09/2024"
#: Hjemrejseloven, LBK nr. 1014 af 27/08/2024.
HJEMREJSELOVEN = "https://www.retsinformation.dk/eli/lta/2024/1014"
#: Repatrieringsloven, LBK nr. 1270 af 11/09/2022.
REPATRIERINGSLOVEN = "https://www.retsinformation.dk/eli/lta/2022/1270"
#: Almenboligloven, LBK nr. 1171 af 11/11/2024 (§§ 61 a-61 b read in the mirror named by DK_MIRROR_NOTE).
ALMENBOLIGLOVEN = "https://www.retsinformation.dk/eli/lta/2024/1171"
#: Udlændingeloven as consolidated on 25 September 2025 (LBK nr. 1183, after LOV nr. 755/2025).
UL_2025 = "https://www.retsinformation.dk/eli/lta/2025/1183"
#: How the Danish consolidated texts were read: retsinformation.dk was not reachable from this machine.
DK_MIRROR_NOTE = (
    "Read in the retsinformation.dk XML text as mirrored in the public repository "
    "Ansvar-Systems/Danish-law-mcp "
    "(data/seed/<year>_<number>.json); retsinformation.dk itself was not opened from this machine."
)

# --- United Kingdom ---------------------------------------------------------------------------------------
IMMIGRATION_RULES = "https://www.gov.uk/guidance/immigration-rules"
APPENDIX_FM = "https://www.gov.uk/guidance/immigration-rules/immigration-rules-appendix-fm-family-members"
APPENDIX_FRP = "https://gov.uk/guidance/immigration-rules/immigration-rules-appendix-family-reunion-sponsors-with-protection"
PART_11 = "https://www.gov.uk/guidance/immigration-rules/immigration-rules-part-11-asylum"
NIAA_2002_117C = "https://www.legislation.gov.uk/ukpga/2002/41/section/117C"
UKBA_2007 = "https://www.legislation.gov.uk/ukpga/2007/30"
NABA_2022 = "https://www.legislation.gov.uk/ukpga/2022/36"


def _typed(kind: str) -> Callable[..., Citation]:
    def make(
        text: str,
        url: str,
        note: str = "",
        *,
        see_also: Iterable[Citation] = (),
        pinpoint: str = "",
        excerpt: str = "",
        verified: bool = False,
    ) -> Citation:
        return Citation(
            text,
            url,
            note,
            kind=kind,
            pinpoint=pinpoint,
            excerpt=excerpt,
            verified=verified,
            checked_on=CHECKED,
            see_also=tuple(see_also),
        )

    make.__name__ = f"{kind}_text"
    make.__doc__ = (
        f"A {kind} citation by a line of text: (text, url, note, *, see_also, pinpoint, excerpt, verified); "
        "``verified=True`` only with an ``excerpt`` read in the source itself."
    )
    return make


#: An act (or a treaty), cited by a line of text.
statute_text = _typed("statute")
#: Secondary legislation (bekendtgørelse, statutory instrument, the Immigration Rules).
regulation_text = _typed("regulation")
#: Official guidance of the deciding authority (nyidanmark.dk, uim.dk, gov.uk guidance).
guidance_text = _typed("guidance")
#: A judgment.
case_text = _typed("case_law")
#: Preparatory works: a bill and its notes (ft.dk), explanatory notes.
travaux_text = _typed("travaux")


def dk_statute(
    title: str,
    url: str,
    consolidation: str,
    pinpoint: str,
    excerpt: str,
    note: str = "",
    *,
    see_also: Iterable[Citation] = (),
) -> Citation:
    """A verified citation of a Danish act at a pinpoint, with the words read in ``consolidation`` (e.g.
    "LBK nr. 1270 af 11/09/2022") through the mirror named by :data:`DK_MIRROR_NOTE`."""
    return statute_text(
        title,
        url,
        f"{consolidation}. {DK_MIRROR_NOTE} {note}".strip(),
        pinpoint=pinpoint,
        excerpt=excerpt,
        verified=True,
        see_also=see_also,
    )


def ul(pinpoint: str, excerpt: str, note: str = "", *, see_also: Iterable[Citation] = ()) -> Citation:
    """A verified citation of Udlændingeloven (LBK 1009/2024) at a pinpoint, with the words read."""
    return dk_statute(f"Udlændingeloven {pinpoint}", UL, UL_LBK, pinpoint, excerpt, note, see_also=see_also)


def secondary_text(text: str, url: str, note: str = "") -> Citation:
    """A secondary source (law firm, newspaper, NGO); use it only under a primary citation's ``see_also``."""
    return Citation(text, url, note, kind="secondary", checked_on=CHECKED)
