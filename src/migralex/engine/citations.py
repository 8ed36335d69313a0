"""Citations: where a rule or a parameter value comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Citation:
    """A legal source: the provision (e.g. "Udlændingeloven § 9, stk. 1, nr. 1") and a public URL."""

    text: str
    url: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON form: ``{"citation": ..., "url": ...}`` (and ``note`` when there is one)."""
        out = {"citation": self.text, "url": self.url}
        if self.note:
            out["note"] = self.note
        return out

    def __str__(self) -> str:
        return f"{self.text} <{self.url}>" if self.url else self.text

    @classmethod
    def from_yaml(cls, raw: Any, where: str) -> Citation:
        """Read ``{citation, url, note}`` from YAML; ``where`` names the place for error messages."""
        if isinstance(raw, str):
            return cls(raw)
        if not isinstance(raw, dict) or "citation" not in raw:
            raise ValueError(f"{where}: source must be a mapping with 'citation' and 'url'")
        return cls(str(raw["citation"]), str(raw.get("url", "")), str(raw.get("note", "")))


def cite(text: str, url: str = "", note: str = "") -> Citation:
    """Shorthand used in rule modules: ``cite("UL § 9, stk. 5", "https://...")``."""
    return Citation(text, url, note)
