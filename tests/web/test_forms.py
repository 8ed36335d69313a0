"""Form values of the guided assessment become the JSON values the program's facts schema expects."""

from __future__ import annotations

from migralex.web.pages import _coerce


def test_form_values_follow_the_fact_schema() -> None:
    assert _coerce({"type": ["boolean", "null"]}, "yes") is True
    assert _coerce({"type": ["boolean", "null"]}, "no") is False
    assert _coerce({"type": ["integer", "null"]}, "12") == 12
    # left for the engine to reject, naming the fact
    assert _coerce({"type": ["integer", "null"]}, "twelve") == "twelve"
    assert _coerce({"type": ["array", "null"]}, "a, b,") == ["a", "b"]
    assert _coerce({"type": ["string", "null"], "format": "date"}, "2025-01-01") == "2025-01-01"
    assert _coerce({"type": ["string", "null"]}, "  ") is None  # unanswered stays unknown
