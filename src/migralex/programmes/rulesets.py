"""The IATI Rulesets: a ruleset interpreter and the 2.03 standard ruleset, offline.

The IATI Validator applies, beyond the XSD, the rules of ``rulesets/standard.json`` in the
IATI-Rulesets repository (https://github.com/IATI/IATI-Rulesets, branch ``version-2.03``;
rule types as defined in its ``SPEC_JS.rst``). A ruleset maps a *context* XPath to rule
types, each with cases; a case names XPaths (``paths``, ``less``/``more``, ``start``/``end``
...) and carries the official rule id, severity and message.

The ruleset file itself is not vendored (its licence text could not be read offline when
this was written). :data:`STANDARD` re-implements each 2.03 rule from its published
definition: rule id, severity, message and rule type as listed by the IATI Validator Rule
Tracker (https://github.com/IATI/validator-rule-tracker, ``rulesets.csv``, version 2.03
rows), the XPaths written here from the rule's definition. The interpreter
(:func:`run`) is generic; ``tests/programmes/test_rulesets.py`` runs it on the cases of
the rulesets' own meta-tests (``meta_tests.sh``: one ruleset, one file, pass or fail).
"""

from __future__ import annotations

# ruff: noqa: E501 - the official rule messages are kept whole
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

NOW = "NOW"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class RuleInfo:
    """Official id, severity (``error`` or ``warning``) and message of a rule."""

    id: str
    severity: str
    message: str


@dataclass(frozen=True)
class Failure:
    """One rule a context element fails, with the element and its source line."""

    info: RuleInfo
    element: str
    line: int | None
    detail: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.info.id} {self.info.severity}: {where}{self.element}: {self.info.message}{extra}"


Case = Mapping[str, Any]
#: context XPath -> rule type -> cases
Ruleset = Mapping[str, Mapping[str, Sequence[Case]]]


def _line(el: object) -> int | None:
    value = getattr(el, "sourceline", None)
    return value if isinstance(value, int) else None


def _tag(el: etree._Element) -> str:
    return str(el.tag) if isinstance(el.tag, str) else "?"


class _Eval:
    """Evaluation of one case's XPaths relative to one context element."""

    def __init__(self, ctx: etree._Element, now: datetime, id_sets: Mapping[str, frozenset[str]]) -> None:
        self.ctx = ctx
        self.now = now
        self.id_sets = id_sets

    def nodes(self, path: str) -> list[Any]:
        result = self.ctx.xpath(path)
        return list(result) if isinstance(result, list) else [result]

    def texts(self, path: str) -> list[str]:
        out: list[str] = []
        for n in self.nodes(path):
            if isinstance(n, etree._Element):
                out.append(n.text or "")
            else:
                out.append(str(n))
        return out

    def present(self, path: str) -> bool:
        """A path is present when it matches an attribute or text with content, or an element."""
        for n in self.nodes(path):
            if isinstance(n, etree._Element):
                if _tag(n) == "narrative" and not (n.text or "").strip():
                    continue
                return True
            if isinstance(n, bool):
                if n:
                    return True
            elif str(n).strip():
                return True
        return False

    def boolean(self, expr: str) -> bool:
        return bool(self.ctx.xpath(f"boolean({expr})"))


def _when(ev: _Eval, case: Case) -> bool:
    cond = case.get("condition")
    return cond is None or ev.boolean(str(cond))


def _date(text: str) -> datetime | None:
    text = text.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _dates(ev: _Eval, path: str) -> list[datetime]:
    if path == NOW:
        return [ev.now]
    return [d for d in (_date(t) for t in ev.texts(path)) if d is not None]


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _check(rule: str, ev: _Eval, case: Case) -> str | None:
    """``None`` when the case passes, else a short detail of why it fails."""
    paths: list[str] = [str(p) for p in case.get("paths", [])]
    if rule in ("atleast_one", "atLeastOne"):
        return None if any(ev.present(p) for p in paths) else "none of " + ", ".join(paths)
    if rule in ("no_more_than_one", "noMoreThanOne"):
        n = sum(len(ev.nodes(p)) for p in paths)
        return None if n <= 1 else f"{n} found"
    if rule in ("only_one_of", "onlyOneOf"):
        excluded = [str(x) for x in case.get("excluded", [])]
        used = [p for p in paths if ev.nodes(p)]
        if any(ev.nodes(x) for x in excluded):
            return "given with " + ", ".join(used) if used else None
        return None if len(used) <= 1 else "both " + " and ".join(used)
    if rule == "dependent":
        found = [ev.present(p) for p in paths]
        return None if all(found) or not any(found) else "only some of " + ", ".join(paths)
    if rule in ("sum", "strict_sum", "strictSum"):
        values = [_decimal(t) for p in paths for t in ev.texts(p)]
        if not values:
            return None
        if any(v is None for v in values):
            return "a value is not a number"
        total = sum((v for v in values if v is not None), Decimal(0))
        return None if total == Decimal(str(case["sum"])) else f"they add up to {total.normalize():f}"
    if rule in ("range",):
        lo, hi = case.get("min"), case.get("max")
        for p in paths:
            for t in ev.texts(p):
                v = _decimal(t)
                if (
                    v is None
                    or (lo is not None and v < Decimal(str(lo)))
                    or (hi is not None and v > Decimal(str(hi)))
                ):
                    return f"{t} is out of range"
        return None
    if rule in ("date_order", "dateOrder"):
        for less in _dates(ev, str(case["less"])):
            for more in _dates(ev, str(case["more"])):
                if less > more:
                    shown = "now" if case["more"] == NOW else more.date().isoformat()
                    return f"{less.isoformat()} is after {shown}"
        return None
    if rule in ("date_now", "dateNow"):
        for d in _dates(ev, str(case["date"])):
            if d > ev.now:
                return f"{d.isoformat()} is in the future"
        return None
    if rule in ("time_limit", "timeLimit"):
        starts, ends = _dates(ev, str(case["start"])), _dates(ev, str(case["end"]))
        for s, e in zip(starts, ends, strict=False):
            if (e - s).days > 365:
                return f"{s.date().isoformat()} to {e.date().isoformat()} is {(e - s).days} days"
        return None
    if rule in ("between_dates", "betweenDates"):
        starts, ends = _dates(ev, str(case["start"])), _dates(ev, str(case["end"]))
        for d in _dates(ev, str(case["date"])):
            if starts and ends and not (starts[0] <= d <= ends[0]):
                return f"{d.date().isoformat()} is outside the period"
        return None
    if rule in ("regex_matches", "regexMatches", "regex_no_matches", "regexNoMatches"):
        pattern = re.compile(str(case["regex"]))
        must = rule in ("regex_matches", "regexMatches")
        for p in paths:
            for t in ev.texts(p):
                if bool(pattern.fullmatch(t)) != must:
                    return repr(t)
        return None
    if rule in ("startswith", "startsWith"):
        sep = str(case.get("separator", ""))
        prefixes: list[str] = []
        for prefix in case.get("prefix", []):
            if prefix in ev.id_sets:
                prefixes += sorted(ev.id_sets[prefix])
            else:
                prefixes += [t for t in ev.texts(str(prefix)) if t]
        for p in paths:
            for t in ev.texts(p):
                if not any(t.startswith(pre + sep) for pre in prefixes):
                    return repr(t)
        return None
    if rule == "unique":
        seen: list[str] = [t for p in paths for t in ev.texts(p)]
        return None if len(seen) == len(set(seen)) else "the same value appears twice"
    if rule in ("no_spaces", "noSpaces"):
        for p in paths:
            for t in ev.texts(p):
                if t != t.strip():
                    return repr(t)
        return None
    if rule in ("no_percent", "noPercent"):
        for p in paths:
            for t in ev.texts(p):
                if "%" in t:
                    return repr(t)
        return None
    if rule in ("evaluates_to_true", "evaluatesToTrue"):
        return None if ev.boolean(str(case["eval"])) else "the condition is false"
    if rule in ("one_or_all", "oneOrAll"):
        return _one_or_all(ev, str(case["one"]), str(case["all"]))
    raise ValueError(f"unknown rule type {rule!r}")


def _if_then(ev: _Eval, case: Case) -> str | None:
    if ev.boolean(str(case["if"])) and not ev.boolean(str(case["then"])):
        return "if " + str(case["if"])
    return None


def _one_or_all(ev: _Eval, one: str, every: str) -> str | None:
    if one == "@xml:lang" or one == "@xml-lang":
        if ev.ctx.get(XML_LANG):
            return None
    elif ev.present(one):
        return None
    if every == "lang":
        missing = [n for n in ev.ctx.iter("narrative") if n.get(XML_LANG) is None]
        return f"{len(missing)} narratives without xml:lang" if missing else None
    if every == "currency":
        missing = [
            v
            for tag in ("value", "loan-status", "forecast")
            for v in ev.ctx.iter(tag)
            if not v.get("currency")
        ]
        return f"{len(missing)} values without currency" if missing else None
    children = ev.ctx.findall("transaction")
    with_it = [t for t in children if t.find(every) is not None]
    if with_it and len(with_it) != len(children):
        return f"{len(children) - len(with_it)} transactions without {every}"
    return None


def _substitute(case: Case, value: str, keys: Iterable[str]) -> dict[str, Any]:
    out = dict(case)
    for key in keys:
        if key not in out:
            continue
        current = out[key]
        if isinstance(current, str):
            out[key] = current.replace("$1", value)
        elif isinstance(current, list):
            out[key] = [str(x).replace("$1", value) for x in current]
    return out


def _run_rule(rule: str, ev: _Eval, case: Case, ctx: etree._Element, out: list[Failure]) -> None:
    if rule == "loop":
        values = {t for t in ev.texts(str(case["foreach"]))}
        unlabelled = case.get("unlabelled")  # elements without the attribute take its default
        if unlabelled and ev.nodes(str(unlabelled[0])):
            values.add(str(unlabelled[1]))
        for value in sorted(values):
            for sub_rule, sub_cases in case["do"].items():
                for sub in sub_cases["cases"] if isinstance(sub_cases, Mapping) else sub_cases:
                    _run_rule(sub_rule, ev, _substitute(sub, value, case.get("subs", [])), ctx, out)
        return
    if not _when(ev, case):
        return
    detail = _if_then(ev, case) if rule in ("if_then", "ifThen") else _check(rule, ev, case)
    if detail is not None:
        info = case["info"]
        assert isinstance(info, RuleInfo)  # noqa: S101 -- narrows a type for mypy
        out.append(Failure(info, _tag(ctx), _line(ctx), detail))


def run(
    ruleset: Ruleset,
    root: etree._Element | etree._ElementTree,
    *,
    now: datetime | None = None,
    id_sets: Mapping[str, frozenset[str]] | None = None,
) -> list[Failure]:
    """Every failure of every rule of ``ruleset`` in the document, in document order."""
    now = now or datetime.now(UTC)
    tree = root if isinstance(root, etree._ElementTree) else etree.ElementTree(root)
    out: list[Failure] = []
    for context, rules in ruleset.items():
        found = tree.xpath(context)
        for ctx in found if isinstance(found, list) else []:
            if not isinstance(ctx, etree._Element):
                continue
            ev = _Eval(ctx, now, id_sets or {})
            for rule, cases in rules.items():
                for case in cases:
                    _run_rule(rule, ev, case, ctx, out)
    out.sort(key=lambda f: f.line or 0)
    return out


# ---- the 2.03 standard ruleset -------------------------------------------------------------


def _i(rule_id: str, severity: str, message: str) -> RuleInfo:
    return RuleInfo(rule_id, severity, message)


_NO_SYMBOLS = r"[^\/\&\|\?]+"
_DAC_SECTOR = "sector[@vocabulary='1' or not(@vocabulary)]"
_GEO = "recipient-country|recipient-region"
_TX_GEO = "transaction/recipient-country|transaction/recipient-region"
_NUMERIC = "@measure='1' or @measure='2' or @measure='3' or @measure='4'"
#: (rule id stem, path under the indicator, name) of baseline, target and actual values
_RESULT_VALUES = (
    ("8.8", "baseline", "baseline"),
    ("8.9", "period/target", "target"),
    ("8.10", "period/actual", "actual"),
)


def _org_rules(ref_ids: tuple[str, str, str], activity_attr: str, activity_id: str) -> dict[str, list[Case]]:
    """``atleast_one`` / ``regex_matches`` / ``no_spaces`` of an organisation reference."""
    need, symbols, spaces = ref_ids
    spaces_cases: list[Case] = [
        {
            "paths": ["@ref"],
            "info": _i(spaces, "warning", "The identifier should not start or end with spaces or newlines."),
        },
        {
            "paths": [f"@{activity_attr}"],
            "info": _i(
                activity_id,
                "warning",
                "The activity identifier should not start or end with spaces or newlines.",
            ),
        },
    ]
    return {
        "atleast_one": [
            {
                "paths": ["@ref", "narrative"],
                "info": _i(
                    need, "error", "The organisation must have an organisation identifier or a narrative."
                ),
            }
        ],
        "regex_matches": [
            {
                "paths": ["@ref[. != '']"],
                "regex": _NO_SYMBOLS,
                "info": _i(
                    symbols, "warning", "The identifier must not contain any of the symbols /, &, | or ?."
                ),
            }
        ],
        "no_spaces": spaces_cases,
    }


def _percent_rules(members: str, single_id: str, each_id: str, what: str) -> list[Case]:
    """``if_then`` cases: several need a percentage each; a single one has none or 100."""
    return [
        {
            "if": f"count({members}) > 1",
            "then": f"count(({members})[not(@percentage)]) = 0",
            "info": _i(each_id, "error", f"When multiple {what} are declared, each must have a percentage."),
        },
        {
            "if": f"count({members}) = 1",
            "then": f"count(({members})[@percentage and number(@percentage) != 100]) = 0",
            "info": _i(
                single_id,
                "error",
                f"When a single {what} is declared, the percentage must either be omitted, or set to 100.",
            ),
        },
    ]


STANDARD: Ruleset = {
    "//iati-activity": {
        "unique": [
            {
                "paths": ["iati-identifier", "reporting-org/@ref"],
                "info": _i(
                    "1.1.3",
                    "error",
                    "The activity identifier must be different to the organisation identifier of the "
                    "reporting organisation.",
                ),
            }
        ],
        "startswith": [
            {
                "paths": ["iati-identifier"],
                "prefix": ["reporting-org/@ref", "other-identifier[@type='B1']/@ref"],
                "separator": "-",
                "info": _i(
                    "1.1.21",
                    "warning",
                    "The activity identifier should begin with the IATI organisation identifier of the "
                    "reporting organisation followed by a hyphen.",
                ),
            },
            {
                "paths": ["reporting-org/@ref"],
                "prefix": ["ORG-ID-PREFIX"],
                "separator": "-",
                "info": _i(
                    "1.14.8",
                    "warning",
                    "The reporting organisation id must start with an approved agency code.",
                ),
            },
        ],
        "atleast_one": [
            {
                "paths": ["activity-date[@type='1' or @type='2']"],
                "info": _i(
                    "6.11.1", "error", "The activity must have a planned start date or an actual start date."
                ),
            },
            {
                "paths": ["sector", "transaction/sector"],
                "info": _i(
                    "6.2.2",
                    "error",
                    "Each activity must have a specified sector, either at activity level OR for all transactions.",
                ),
            },
        ],
        "one_or_all": [
            {
                "one": "@xml:lang",
                "all": "lang",
                "info": _i(
                    "4.1.1",
                    "error",
                    "The activity should specify a default language OR the language must be specified for "
                    "each narrative element.",
                ),
            },
            {
                "one": "sector",
                "all": "sector",
                "info": _i(
                    "6.7.2",
                    "error",
                    "If sector is declared at transaction level, a sector must be declared for all transactions.",
                ),
            },
            {
                "one": "@default-currency",
                "all": "currency",
                "info": _i(
                    "7.8.1",
                    "error",
                    "The activity should specify a default currency OR the currency must be specified for "
                    "each monetary value.",
                ),
            },
        ],
        "date_now": [
            {
                "date": "@last-updated-datetime",
                "info": _i(
                    "11.1.1", "error", "The last updated datetime of the activity must not be in the future."
                ),
            }
        ],
        "date_order": [
            {
                "less": "activity-date[@type='1']/@iso-date",
                "more": "activity-date[@type='3']/@iso-date",
                "info": _i(
                    "11.1.2",
                    "error",
                    "The planned start date of the activity must be before the planned end date.",
                ),
            },
            {
                "less": "activity-date[@type='2']/@iso-date",
                "more": "activity-date[@type='4']/@iso-date",
                "info": _i(
                    "11.1.3",
                    "error",
                    "The actual start date of the activity must be before the actual end date.",
                ),
            },
            {
                "less": "activity-date[@type='2']/@iso-date",
                "more": NOW,
                "info": _i(
                    "11.1.4", "error", "The actual start date of the activity must not be in the future."
                ),
            },
            {
                "less": "activity-date[@type='4']/@iso-date",
                "more": NOW,
                "info": _i(
                    "11.1.5", "error", "The actual end date of the activity must not be in the future."
                ),
            },
            {
                "less": "transaction/transaction-date/@iso-date",
                "more": NOW,
                "info": _i("11.2.1", "error", "The transaction date must not be in the future."),
            },
            {
                "less": "transaction/value/@value-date",
                "more": NOW,
                "info": _i("11.2.2", "error", "The transaction value date must not be in the future."),
            },
        ],
        "regex_matches": [
            {
                "paths": ["iati-identifier"],
                "regex": _NO_SYMBOLS,
                "info": _i(
                    "1.3.13",
                    "warning",
                    "The iati-identifier must not contain any of the symbols /, &, | or ?.",
                ),
            },
            {
                "paths": ["reporting-org/@ref"],
                "regex": _NO_SYMBOLS,
                "info": _i(
                    "1.14.13",
                    "warning",
                    "The reporting-org identifier must not contain any of the symbols /, &, | or ?.",
                ),
            },
        ],
        "no_spaces": [
            {
                "paths": ["iati-identifier"],
                "info": _i(
                    "1.3.1", "warning", "The iati-identifier should not start or end with spaces or newlines."
                ),
            },
            {
                "paths": ["reporting-org/@ref"],
                "info": _i(
                    "1.14.1",
                    "warning",
                    "The reporting-org identifier should not start or end with spaces or newlines.",
                ),
            },
            {
                "paths": ["other-identifier[@type='B1']/@ref"],
                "info": _i(
                    "1.16.1",
                    "warning",
                    "The previous reporting organisation identifier should not start or end with spaces or newlines.",
                ),
            },
            {
                "paths": ["other-identifier[@type='A3']/@ref"],
                "info": _i(
                    "1.6.1",
                    "warning",
                    "The previous activity identifier should not start or end with spaces or newlines.",
                ),
            },
            {
                "paths": ["related-activity/@ref"],
                "info": _i(
                    "1.7.1",
                    "warning",
                    "The related activity identifier should not start or end with spaces or newlines.",
                ),
            },
        ],
        "loop": [
            {
                "foreach": "sector[@vocabulary and @vocabulary != '1']/@vocabulary",
                "subs": ["paths", "if", "then"],
                "do": {
                    "strict_sum": [
                        {
                            "paths": ["sector[@vocabulary = '$1']/@percentage"],
                            "sum": 100,
                            "info": _i(
                                "2.1.2",
                                "error",
                                "Percentage values for sectors, within a vocabulary (e.g. 1 - OECD DAC), must add "
                                "up to 100%.",
                            ),
                        }
                    ],
                    "if_then": _percent_rules("sector[@vocabulary = '$1']", "2.1.4", "2.1.1", "sectors"),
                },
            },
            {
                "foreach": "recipient-region/@vocabulary",
                "unlabelled": ("recipient-region[not(@vocabulary)]", "1"),
                "subs": ["paths", "if", "then"],
                "do": {
                    "strict_sum": [
                        {
                            "paths": [
                                "recipient-country/@percentage",
                                "recipient-region[@vocabulary = '$1' or ('$1' = '1' and not(@vocabulary))]"
                                "/@percentage",
                            ],
                            "sum": 100,
                            "info": _i(
                                "3.4.2",
                                "error",
                                "Percentage values for recipient countries or regions, must add up to 100%.",
                            ),
                        }
                    ],
                    "if_then": [
                        {
                            "if": "count(recipient-country | recipient-region[@vocabulary = '$1' or "
                            "('$1' = '1' and not(@vocabulary))]) > 1",
                            "then": "count((recipient-country | recipient-region[@vocabulary = '$1' or "
                            "('$1' = '1' and not(@vocabulary))])[not(@percentage)]) = 0",
                            "info": _i(
                                "3.4.1",
                                "error",
                                "When multiple recipient countries or regions are declared, each must have a "
                                "percentage.",
                            ),
                        },
                        {
                            "if": "count(recipient-country) = 0 and count(recipient-region[@vocabulary = '$1' or "
                            "('$1' = '1' and not(@vocabulary))]) = 1",
                            "then": "count(recipient-region[(@vocabulary = '$1' or ('$1' = '1' and "
                            "not(@vocabulary))) and @percentage and number(@percentage) != 100]) = 0",
                            "info": _i(
                                "3.4.4",
                                "error",
                                "When a single recipient region in a vocabulary is declared, the percentage must "
                                "either be omitted, or set to 100.",
                            ),
                        },
                    ],
                },
            },
            {
                "foreach": "default-aid-type/@vocabulary",
                "unlabelled": ("default-aid-type[not(@vocabulary)]", "1"),
                "subs": ["paths"],
                "do": {
                    "no_more_than_one": [
                        {
                            "paths": [
                                "default-aid-type[@vocabulary = '$1' or ('$1' = '1' and not(@vocabulary))]"
                            ],
                            "info": _i(
                                "107.1.2",
                                "warning",
                                "Each activity should only contain one default aid type code per aid type "
                                "vocabulary (e.g. 1 - OECD DAC)",
                            ),
                        }
                    ]
                },
            },
        ],
        "strict_sum": [
            {
                "paths": [f"{_DAC_SECTOR}/@percentage"],
                "sum": 100,
                "info": _i(
                    "2.1.2",
                    "error",
                    "Percentage values for sectors, within a vocabulary (e.g. 1 - OECD DAC), must add up to 100%.",
                ),
            },
            {
                "condition": "count(recipient-region) = 0",
                "paths": ["recipient-country/@percentage"],
                "sum": 100,
                "info": _i(
                    "3.1.2", "error", "Percentage values for recipient countries, must add up to 100%."
                ),
            },
            {
                "paths": ["country-budget-items/budget-item/@percentage"],
                "sum": 100,
                "info": _i("7.9.2", "warning", "Percentage values for budget items, should add up to 100%."),
            },
        ],
        "range": [
            {
                "paths": ["recipient-country/@percentage", "recipient-region/@percentage"],
                "min": 0,
                "max": 100,
                "info": _i(
                    "12.1.1",
                    "error",
                    "The country/region percentage value must be between 0.0 and 100.0 (inclusive).",
                ),
            },
            {
                "paths": ["sector/@percentage"],
                "min": 0,
                "max": 100,
                "info": _i(
                    "12.3.1",
                    "error",
                    "The sector percentage value must be between 0.0 and 100.0 (inclusive).",
                ),
            },
            {
                "paths": ["capital-spend/@percentage"],
                "min": 0,
                "max": 100,
                "info": _i(
                    "12.2.1", "error", "The percentage value must be between 0.0 and 100.0 (inclusive)."
                ),
            },
        ],
        "if_then": [
            *_percent_rules(_DAC_SECTOR, "2.1.4", "2.1.1", "sectors"),
            *[
                {**c, "condition": "count(recipient-region) = 0"}
                for c in _percent_rules("recipient-country", "3.1.4", "3.1.1", "recipient countries")
            ],
            {
                "if": "count(country-budget-items/budget-item) > 1",
                "then": "count(country-budget-items/budget-item[not(@percentage)]) = 0",
                "info": _i(
                    "7.9.1",
                    "warning",
                    "When multiple budget items are declared, each must have a percentage.",
                ),
            },
            {
                "if": "count(country-budget-items/budget-item) = 1",
                "then": "count(country-budget-items/budget-item[@percentage and number(@percentage) != 100]) = 0",
                "info": _i(
                    "7.9.4",
                    "warning",
                    "When a single budget item is declared, the percentage must either be omitted, or set to 100.",
                ),
            },
            {
                "if": "count(sector[@vocabulary='98' or @vocabulary='99']) > 0",
                "then": "count(sector[(@vocabulary='98' or @vocabulary='99') and "
                "not(narrative[normalize-space()])]) = 0",
                "info": _i(
                    "2.2.1",
                    "error",
                    "When using a reporting organisation sector code (vocabulary 98 or 99), it must include a "
                    "narrative.",
                ),
            },
            {
                "if": "count(sector[@vocabulary and @vocabulary != '1']) > 0",
                "then": f"count({_DAC_SECTOR}) > 0",
                "info": _i(
                    "102.1.1",
                    "warning",
                    "When a non OECD DAC sector vocabulary is used, sector vocabulary 1 - OECD DAC should also "
                    "be used.",
                ),
            },
            {
                "if": "count(default-aid-type[@vocabulary and @vocabulary != '1']) > 0",
                "then": "count(default-aid-type[@vocabulary='1' or not(@vocabulary)]) > 0",
                "info": _i(
                    "107.1.1",
                    "warning",
                    "The activity should also declare an aid type code from aid type vocabulary 1 - OECD DAC.",
                ),
            },
            {
                "if": "count(transaction/aid-type[@vocabulary and @vocabulary != '1']) > 0",
                "then": "count(transaction[aid-type[@vocabulary and @vocabulary != '1'] and "
                "not(aid-type[@vocabulary='1' or not(@vocabulary)])]) = 0",
                "info": _i(
                    "107.2.1",
                    "warning",
                    "The transaction should also contain a code from the OECD DAC aid type vocabulary.",
                ),
            },
            {
                "if": "count(sector) > 0",
                "then": "count(transaction/sector) = 0",
                "info": _i(
                    "6.6.2",
                    "error",
                    "Sectors must only be declared at activity level OR for all transactions.",
                ),
            },
            {
                "if": f"count({_GEO}) > 0",
                "then": f"count({_TX_GEO}) = 0",
                "info": _i(
                    "3.6.2",
                    "error",
                    "Recipient countries or regions must only be declared at activity level OR for all transactions.",
                ),
            },
            {
                "if": f"count({_TX_GEO}) = 0",
                "then": f"count({_GEO}) > 0",
                "info": _i(
                    "3.7.1",
                    "error",
                    "Recipient country or recipient region should be declared for either the activity or for "
                    "all transactions.",
                ),
            },
            {
                "if": f"count({_GEO}) = 0 and count({_TX_GEO}) > 0",
                "then": "count(transaction[not(recipient-country) and not(recipient-region)]) = 0",
                "info": _i(
                    "3.7.2",
                    "error",
                    "Recipient country or recipient region should be declared for either the activity or for "
                    "all transactions.",
                ),
            },
        ],
    },
    "//iati-activity/other-identifier/owner-org": {
        "atleast_one": [
            {
                "paths": ["@ref", "narrative"],
                "info": _i(
                    "6.8.1", "error", "The owner organisation must have an identifier or a narrative."
                ),
            }
        ],
        "no_spaces": [
            {
                "paths": ["@ref"],
                "info": _i(
                    "1.11.1",
                    "warning",
                    "The owner organisation identifier should not start or end with spaces or newlines.",
                ),
            }
        ],
        "regex_matches": [
            {
                "paths": ["@ref[. != '']"],
                "regex": _NO_SYMBOLS,
                "info": _i(
                    "1.11.13",
                    "warning",
                    "The owner organisation identifier must not contain any of the symbols /, &, | or ?.",
                ),
            }
        ],
    },
    "//iati-activity/transaction/provider-org | //iati-activity/planned-disbursement/provider-org": _org_rules(
        ("6.9.1", "1.10.13", "1.10.1"), "provider-activity-id", "1.4.1"
    ),
    "//iati-activity/transaction/receiver-org | //iati-activity/planned-disbursement/receiver-org": _org_rules(
        ("6.9.2", "1.15.13", "1.15.1"), "receiver-activity-id", "1.5.1"
    ),
    "//iati-activity/participating-org": _org_rules(("6.10.1", "1.8.13", "1.8.1"), "activity-id", "1.9.1"),
    "//iati-activity/policy-marker": {
        "atleast_one": [
            {
                "condition": "@vocabulary='1' or not(@vocabulary)",
                "paths": ["@significance"],
                "info": _i(
                    "6.14.1",
                    "error",
                    "When using a policy marker code for vocabulary 1, it must include a significance.",
                ),
            },
            {
                "condition": "@vocabulary='99'",
                "paths": ["narrative"],
                "info": _i(
                    "6.13.1",
                    "error",
                    "When using a reporting organisation policy marker code (vocabulary 99), it must include a "
                    "narrative.",
                ),
            },
        ]
    },
    "//iati-activity/transaction": {
        "loop": [
            {
                "foreach": "aid-type/@vocabulary",
                "unlabelled": ("aid-type[not(@vocabulary)]", "1"),
                "subs": ["paths"],
                "do": {
                    "no_more_than_one": [
                        {
                            "paths": ["aid-type[@vocabulary = '$1' or ('$1' = '1' and not(@vocabulary))]"],
                            "info": _i(
                                "107.2.2",
                                "warning",
                                "Each transaction should only contain one aid type code per aid type vocabulary "
                                "(e.g. 1 - OECD DAC)",
                            ),
                        }
                    ]
                },
            }
        ]
    },
    "//iati-activity/planned-disbursement": {
        "date_order": [
            {
                "less": "period-start/@iso-date",
                "more": "period-end/@iso-date",
                "info": _i("8.6.3", "error", "The start of the period must be before the end of the period."),
            }
        ]
    },
    "//iati-activity/budget": {
        "date_order": [
            {
                "less": "period-start/@iso-date",
                "more": "period-end/@iso-date",
                "info": _i("8.6.3", "error", "The start of the period must be before the end of the period."),
            }
        ],
        "time_limit": [
            {
                "start": "period-start/@iso-date",
                "end": "period-end/@iso-date",
                "info": _i("7.5.3", "error", "Budget Period must not be longer than one year."),
            }
        ],
    },
    "//iati-activity/result/indicator": {
        "if_then": [
            {
                "if": "count(../reference) > 0",
                "then": "count(reference) = 0",
                "info": _i(
                    "8.11.1",
                    "error",
                    "A reference code must only be declared at result OR result indicator level.",
                ),
            }
        ]
    },
    "//iati-activity/result/indicator/period": {
        "date_order": [
            {
                "less": "period-start/@iso-date",
                "more": "period-end/@iso-date",
                "info": _i(
                    "8.6.1",
                    "error",
                    "The start date of the indicator period must be before the end date of the indicator period.",
                ),
            }
        ]
    },
    **{
        f"//iati-activity/result/indicator[{_NUMERIC}]/{path}": {
            "atleast_one": [
                {
                    "paths": ["@value"],
                    "info": _i(
                        f"{n}.1",
                        "error",
                        f"The {what} must have a value when the indicator measure is non-qualitative.",
                    ),
                }
            ],
            "if_then": [
                {
                    "if": "@value",
                    "then": "number(@value) = number(@value)",
                    "info": _i(
                        f"{n}.2",
                        "warning",
                        f"The {what} value should be a valid number for all non-qualitative measures.",
                    ),
                }
            ],
        }
        for n, path, what in _RESULT_VALUES
    },
    **{
        f"//iati-activity/result/indicator[@measure='5']/{path}": {
            "if_then": [
                {
                    "if": "true()",
                    "then": "not(@value)",
                    "info": _i(
                        f"{n}.3", "warning", f"The {what} value should be omitted for qualitative measures."
                    ),
                }
            ]
        }
        for n, path, what in _RESULT_VALUES
    },
    "//iati-activity//title": {
        "atleast_one": [
            {
                "paths": ["narrative"],
                "info": _i("4.3.1", "error", "The title must contain narrative content."),
            }
        ]
    },
    "//iati-activity//description": {
        "atleast_one": [
            {
                "paths": ["narrative"],
                "info": _i("4.4.1", "error", "The description must contain narrative content."),
            }
        ]
    },
}
