"""How the static parts of a decision's JSON are written: as Python dicts, or pre-serialised once.

A decision's explanation repeats text that never changes between cases: each condition's citation (its
excerpt of the law, its notes) and each parameter value with its source. :class:`Encoder` writes them as
dicts (what :meth:`~migralex.engine.program.Decision.to_json` returns and every caller parses);
:class:`FragmentEncoder` writes each one as an ``orjson.Fragment`` serialised on first use and kept on the
citation or value, so :meth:`~migralex.engine.program.Decision.to_json_bytes` copies those bytes instead of
building and serialising the same dicts for every case. Both give the same JSON, byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from migralex.engine.citations import Citation
    from migralex.engine.parameters import ParameterValue


def _default(value: Any) -> Any:
    """What orjson does not write itself, as :func:`~migralex.engine.values.to_json` writes it."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class Encoder:
    """The static parts as dicts."""

    #: whether values (fact values, results) may be left as Python dates, decimals and sets for the
    #: serialiser to write (the fragment encoder's ``default``); False: they are turned into JSON values
    native = False

    def citation(self, c: Citation) -> Any:
        """A citation's JSON form."""
        return c.as_dict()

    def parameter(self, pv: ParameterValue, unit: str) -> Any:
        """A parameter value's JSON form (with its unit when it has one)."""
        return pv.as_dict(unit)


#: the dict encoder (the default everywhere)
PLAIN = Encoder()


class FragmentEncoder(Encoder):
    """The static parts as ``orjson.Fragment`` objects, each serialised once and cached on its object."""

    native = True

    def __init__(self) -> None:
        import orjson

        self.fragment = orjson.Fragment
        self._dumps = orjson.dumps

    def dumps(self, obj: Any) -> bytes:
        """``obj`` as compact JSON; dates written as ISO dates by orjson itself, the other values as
        :func:`~migralex.engine.values.to_json` writes them."""
        return self._dumps(obj, default=_default)

    def citation(self, c: Citation) -> Any:
        frag = c._fragment
        if frag is None:
            frag = self.fragment(self.dumps(c.as_dict()))
            object.__setattr__(c, "_fragment", frag)
        return frag

    def parameter(self, pv: ParameterValue, unit: str) -> Any:
        frags = pv._fragments
        if frags is None:
            frags = {}
            object.__setattr__(pv, "_fragments", frags)
        frag = frags.get(unit)
        if frag is None:
            frag = frags[unit] = self.fragment(self.dumps(pv.as_dict(unit)))
        return frag


_FRAGMENTS: list[FragmentEncoder] = []


def fragment_encoder() -> FragmentEncoder | None:
    """The fragment encoder, or None when orjson (with ``Fragment``, 3.10 or later) is not installed."""
    if not _FRAGMENTS:
        try:
            _FRAGMENTS.append(FragmentEncoder())
        except (ImportError, AttributeError):
            return None
    return _FRAGMENTS[0]
