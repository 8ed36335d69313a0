"""Citations: where a rule or a parameter value comes from.

A :class:`Citation` is structured: the ``kind`` of source, the ``title`` of the act, the ``pinpoint``
(§, stk., nr., paragraph), the ``consolidated`` version read, the public ``url``, whether someone
``verified`` it against the official text and when (``checked_on``), and optionally a short ``excerpt`` of the
law's own words (shown under the condition in explanations). Secondary sources that help a reader (a
ministry's explainer, a law firm's note) hang under a primary one in ``see_also``.

Rule modules build citations with the keyword-only helpers::

    statute("Udlændingeloven", "§ 9, stk. 1, nr. 1",
            "https://www.retsinformation.dk/eli/lta/2023/1079",
            consolidated="LBK nr. 1079 af 10/08/2023", verified=True, checked_on=date(2026, 11, 29),
            excerpt="... begge parter er over 24 år ...")
    case_law("Biao v. Denmark", "Grand Chamber judgment, § 138", "https://hudoc.echr.coe.int/...")

Old free-text citations (``cite("UL § 9, stk. 5", "https://...")``) keep working as kind ``unclassified``.
In parameter YAML ``source:`` takes either form::

    source: {citation: "Udlændingeloven § 9, stk. 1, nr. 1", url: "https://..."}      # unclassified
    source:
      kind: statute
      title: Udlændingeloven
      pinpoint: § 9, stk. 1, nr. 1
      consolidated: LBK nr. 1079 af 10/08/2023
      url: https://www.retsinformation.dk/eli/lta/2023/1079
      verified: true
      checked_on: 2026-11-29
      excerpt: "..."
      see_also: [{kind: secondary, title: "...", url: "..."}]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Protocol

#: Kinds of source. ``unclassified`` marks an old free-text citation nobody has typed yet.
CITATION_KINDS = ("statute", "regulation", "guidance", "case_law", "travaux", "secondary", "unclassified")
#: Kinds that count as a primary source of law (official guidance included).
PRIMARY_KINDS = frozenset({"statute", "regulation", "guidance", "case_law", "travaux"})

_YAML_FIELDS = frozenset(
    {
        "kind",
        "title",
        "pinpoint",
        "consolidated",
        "url",
        "verified",
        "checked_on",
        "excerpt",
        "note",
        "see_also",
    }
)


def state_without_caches(obj: Any) -> list[Any]:
    """A frozen slotted dataclass's fields for pickling, with its caches (fields named ``_...``: JSON
    forms and ``orjson.Fragment`` objects, which cannot be pickled) left empty, to be made again on use.
    Spark ships programs to its executors by pickling them."""
    return [None if f.name.startswith("_") else getattr(obj, f.name) for f in fields(obj)]


def restore_state(obj: Any, state: list[Any]) -> None:
    """Set the fields of a frozen slotted dataclass from :func:`state_without_caches`."""
    for f, value in zip(fields(obj), state, strict=True):
        object.__setattr__(obj, f.name, value)


@dataclass(frozen=True, slots=True)
class Citation:
    """A legal source.

    ``text`` is the one-line form shown everywhere (for structured citations it defaults to
    ``"{title} {pinpoint}"``, plus the consolidated version in brackets).
    """

    text: str = ""
    url: str = ""
    note: str = ""
    kind: str = "unclassified"
    title: str = ""
    pinpoint: str = ""
    consolidated: str = ""
    verified: bool = False
    checked_on: date | None = None
    excerpt: str = ""
    see_also: tuple[Citation, ...] = field(default=())
    #: the JSON form, made once (a citation does not change)
    _json: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)
    #: the JSON form serialised once (an ``orjson.Fragment``, see :mod:`migralex.engine.encoding`)
    _fragment: Any = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> list[Any]:
        return state_without_caches(self)

    def __setstate__(self, state: list[Any]) -> None:
        restore_state(self, state)

    def __post_init__(self) -> None:
        if self.kind not in CITATION_KINDS:
            raise ValueError(f"citation kind {self.kind!r} is not one of {', '.join(CITATION_KINDS)}")
        if not isinstance(self.see_also, tuple):
            object.__setattr__(self, "see_also", tuple(self.see_also))
        for other in self.see_also:
            if not isinstance(other, Citation):
                raise TypeError("see_also must hold Citation objects")
        if not self.text:
            head = " ".join(p for p in (self.title, self.pinpoint) if p)
            if self.consolidated:
                head = f"{head} ({self.consolidated})" if head else self.consolidated
            if not head:
                raise ValueError("a citation needs a text, or a title/pinpoint")
            object.__setattr__(self, "text", head)

    @property
    def is_primary(self) -> bool:
        """True for statute, regulation, official guidance, case law and preparatory works (by kind only)."""
        return self.kind in PRIMARY_KINDS

    def as_dict(self) -> dict[str, Any]:
        """JSON form: ``citation`` (the one-line text), ``url`` and every structured field."""
        if self._json is None:
            object.__setattr__(self, "_json", self._as_dict())
        assert self._json is not None  # noqa: S101 -- narrows a type for mypy
        return dict(self._json)

    def _as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "citation": self.text,
            "url": self.url,
            "kind": self.kind,
            "primary": self.is_primary,
            "title": self.title,
            "pinpoint": self.pinpoint,
            "consolidated": self.consolidated,
            "verified": self.verified,
            "checked_on": self.checked_on.isoformat() if self.checked_on else None,
            "excerpt": self.excerpt,
            "see_also": [s.as_dict() for s in self.see_also],
        }
        if self.note:
            out["note"] = self.note
        return out

    def __str__(self) -> str:
        return f"{self.text} <{self.url}>" if self.url else self.text

    @property
    def standing(self) -> str:
        """Kind and verification in a few words: "statute, verified 2026-11-29", "secondary, unverified"."""
        if self.verified:
            return f"{self.kind}, verified" + (f" {self.checked_on.isoformat()}" if self.checked_on else "")
        return f"{self.kind}, unverified"

    @classmethod
    def from_yaml(cls, raw: Any, where: str) -> Citation:
        """Read a ``source:`` mapping (structured, or the old ``{citation, url, note}``) from YAML.

        ``where`` names the place for error messages; every error names the field at fault.
        """
        if isinstance(raw, str):
            return cls(raw)
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where}: source must be a mapping with 'kind', 'title', 'url' (or 'citation')")
        if "kind" not in raw:
            if "citation" not in raw:
                raise ValueError(f"{where}: source needs 'kind' (structured) or 'citation' (free text)")
            extra = sorted(set(raw) - {"citation", "url", "note"})
            if extra:
                raise ValueError(f"{where}: source has unknown field(s) {extra}; add 'kind' to use them")
            return cls(str(raw["citation"]), str(raw.get("url") or ""), str(raw.get("note") or ""))
        unknown = sorted(set(raw) - _YAML_FIELDS - {"citation"})
        if unknown:
            raise ValueError(f"{where}: source has unknown field(s) {unknown}")
        kind = str(raw["kind"])
        if kind not in CITATION_KINDS:
            raise ValueError(f"{where}: source.kind {kind!r} is not one of {', '.join(CITATION_KINDS)}")
        if not raw.get("title"):
            raise ValueError(f"{where}: source.title is required")
        verified = raw.get("verified", False)
        if not isinstance(verified, bool):
            raise ValueError(f"{where}: source.verified must be true or false, got {verified!r}")
        checked_raw = raw.get("checked_on")
        checked: date | None
        if checked_raw is None or isinstance(checked_raw, date):
            checked = checked_raw
        else:
            try:
                checked = date.fromisoformat(str(checked_raw))
            except ValueError:
                raise ValueError(f"{where}: source.checked_on is not a date: {checked_raw!r}") from None
        also = raw.get("see_also") or []
        if not isinstance(also, list):
            raise ValueError(f"{where}: source.see_also must be a list of sources")
        return cls(
            text=str(raw.get("citation") or ""),
            url=str(raw.get("url") or ""),
            note=str(raw.get("note") or ""),
            kind=kind,
            title=str(raw["title"]),
            pinpoint=str(raw.get("pinpoint") or ""),
            consolidated=str(raw.get("consolidated") or ""),
            verified=verified,
            checked_on=checked,
            excerpt=str(raw.get("excerpt") or ""),
            see_also=tuple(cls.from_yaml(s, f"{where}.see_also[{i}]") for i, s in enumerate(also)),
        )


def cite(text: str, url: str = "", note: str = "") -> Citation:
    """Shorthand for an unclassified free-text citation: ``cite("UL § 9, stk. 5", "https://...")``."""
    return Citation(text, url, note)


class SourceMaker:
    """A keyword-only constructor for structured citations of one kind (``statute(...)``, ``guidance(...)``).

    ``maker(title, pinpoint, url, *, consolidated="", excerpt="", verified=False, checked_on=None, note="",
    see_also=())`` returns a :class:`Citation` of the maker's kind.
    """

    kind: str

    def __init__(self, kind: str, doc: str) -> None:
        if kind not in PRIMARY_KINDS:
            raise ValueError(f"{kind} is not a primary kind")
        self.kind = kind
        self.__doc__ = doc

    def __call__(
        self,
        title: str,
        pinpoint: str,
        url: str,
        *,
        consolidated: str = "",
        excerpt: str = "",
        verified: bool = False,
        checked_on: date | None = None,
        note: str = "",
        see_also: Iterable[Citation] = (),
    ) -> Citation:
        return Citation(
            url=url,
            note=note,
            kind=self.kind,
            title=title,
            pinpoint=pinpoint,
            consolidated=consolidated,
            verified=verified,
            checked_on=checked_on,
            excerpt=excerpt,
            see_also=tuple(see_also),
        )

    def __repr__(self) -> str:
        return f"<citation maker {self.kind}>"


statute = SourceMaker(
    "statute", 'An act: ``statute("Udlændingeloven", "§ 9, stk. 1, nr. 1", URL, consolidated=...)``.'
)
regulation = SourceMaker(
    "regulation", "Secondary legislation (bekendtgørelse, statutory instrument, Immigration Rules)."
)
guidance = SourceMaker(
    "guidance", "Official guidance of the authority (nyidanmark.dk, Home Office guidance)."
)
case_law = SourceMaker("case_law", 'A judgment: ``case_law("Biao v. Denmark [GC]", "§ 138", URL)``.')
travaux = SourceMaker("travaux", "Preparatory works (lovforslag and bemærkninger, explanatory notes).")


def secondary(
    title: str, url: str, *, pinpoint: str = "", note: str = "", checked_on: date | None = None
) -> Citation:
    """A secondary source (news, a law firm's page, an NGO report): never enough on its own."""
    return Citation(
        url=url, note=note, kind="secondary", title=title, pinpoint=pinpoint, checked_on=checked_on
    )


@dataclass(frozen=True, slots=True)
class UncitedCondition:
    """A named node whose citation (and ``see_also``) holds no primary source."""

    program: str
    node: str
    label: str
    citation: Citation

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "program": self.program,
            "node": self.node,
            "label": self.label,
            "citation": self.citation.as_dict(),
        }


def has_primary(citation: Citation) -> bool:
    """True when the citation, or one of its ``see_also``, is of a primary kind."""
    return citation.is_primary or any(has_primary(s) for s in citation.see_also)


class _Cited(Protocol):
    """Anything with an id, a label and a citation (a named node, an exception)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def citation(self) -> Citation: ...


class _CitedNode(_Cited, Protocol):
    @property
    def unless(self) -> Sequence[_Cited]: ...


class _CitedProgram(Protocol):
    """What the citation checks read of a program (:class:`migralex.engine.program.Program`)."""

    @property
    def id(self) -> str: ...
    @property
    def citation(self) -> Citation: ...
    def nodes(self) -> Sequence[_CitedNode]: ...


def conditions_without_primary(program: _CitedProgram) -> list[UncitedCondition]:
    """Every named node of a program (and its exceptions) whose citation has no primary source."""
    out: list[UncitedCondition] = []
    for node in program.nodes():
        if not has_primary(node.citation):
            out.append(UncitedCondition(program.id, node.id, node.label, node.citation))
        for u in node.unless:
            if not has_primary(u.citation):
                out.append(UncitedCondition(program.id, u.id, u.label, u.citation))
    return out


def citation_counts(citations: Iterable[Citation]) -> dict[str, dict[str, int]]:
    """Counts by kind and by verification: ``{"by_kind": {...}, "verified": {"yes": n, "no": m}}``."""
    by_kind = dict.fromkeys(CITATION_KINDS, 0)
    verified = {"yes": 0, "no": 0}
    for c in citations:
        by_kind[c.kind] += 1
        verified["yes" if c.verified else "no"] += 1
    return {"by_kind": by_kind, "verified": verified}


def program_citations(program: _CitedProgram) -> list[Citation]:
    """Every citation of a program: its own, each node's and each exception's (see_also not included)."""
    out = [program.citation]
    for node in program.nodes():
        out.append(node.citation)
        out.extend(u.citation for u in node.unless)
    return out
