"""The documentation tables of ``docs/data-sources.md``, rendered from the code that generates populations.

``docs/data-sources.md`` holds these tables verbatim (a test checks it), so the documentation cannot drift
from the distributions actually used.
"""

from __future__ import annotations

from collections.abc import Mapping

from migralex.population.calibration import FIGURES
from migralex.population.distributions import AMOUNTS, CODE_SETS, CODES, DATES, INTS, RATES
from migralex.population.profiles import PROFILES

BEGIN = "<!-- generated: {name} (python -m migralex.population.sources docs/data-sources.md) -->"
END = "<!-- end generated: {name} -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _weights_text(weights: Mapping[str, float]) -> str:
    return ", ".join(f"{k} {w:g}" for k, w in weights.items())


def figures_table() -> str:
    """Every calibration figure with its full citation."""
    out = [
        "| figure id | what it counts | value | period | grade | title, publisher, table, published | URL |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in FIGURES.values():
        value = f"{f.value:,.0f}" if f.value >= 1 else f"{f.value:.0%}"
        if f.grade == "P":
            cite = "; ".join(
                x for x in (f.title, f.publisher, f.table and f"table {f.table}", f.published) if x
            )
        else:
            cite = "secondary source (press): UNVERIFIED, no official figure found"
        out.append(
            f"| `{f.id}` | {_cell(f.label)} | {value} | {f.period} | {f.grade} | {_cell(cite)} | <{f.url}> |"
        )
    return "\n".join(out)


def distributions_table() -> str:
    """Every fact's shared distribution and basis."""
    rows: list[tuple[str, str, str]] = []
    rows += [(f, f"true with probability {p:g}", b) for f, (p, b) in RATES.items()]
    rows += [(f, ", ".join(f"{k} {w:g}" for k, w in ws.items()), b) for f, (ws, b) in CODES.items()]
    rows += [
        (f, "each code included with probability: " + ", ".join(f"{k} {w:g}" for k, w in ps.items()), b)
        for f, (ps, b) in CODE_SETS.items()
    ]
    rows += [(f, d.describe(), b) for f, (d, b) in INTS.items()]
    rows += [(f, a.describe(), b) for f, (a, b) in AMOUNTS.items()]
    rows += [
        (f, f"uniformly {lo:g} to {hi:g} years before the decision date", b)
        for f, ((lo, hi), b) in DATES.items()
    ]
    out = ["| fact | distribution | basis |", "|---|---|---|"]
    out += [f"| `{f}` | {_cell(d)} | {_cell(b)} |" for f, d, b in sorted(rows)]
    return "\n".join(out)


def profiles_table() -> str:
    """Each profile's overrides with their basis."""
    out = ["| profile | whose status | fact | value | basis |", "|---|---|---|---|---|"]
    for p in PROFILES.values():
        over: list[tuple[str, str]] = [(f, f"true with probability {v:.3g}") for f, v in p.rates.items()]
        over += [(f, d.describe()) for f, d in p.ints.items()]
        over += [(f, a.describe()) for f, a in p.amounts.items()]
        over += [(f, f"{lo:g} to {hi:g} years before") for f, (lo, hi) in p.date_windows.items()]
        over += [(f, "calendar years weighted by grants per year") for f in p.date_years]
        over += [(f, ", ".join(f"{k} {w:g}" for k, w in ws.items())) for f, ws in p.codes.items()]
        over += [
            (f, f"by {on}: " + "; ".join(f"{g}: {_weights_text(ws)}" for g, ws in by.items()))
            for f, (on, by) in p.codes_by.items()
        ]
        over += [
            (f, f"by {code}: " + ", ".join(f"{k} {v:g}" for k, v in by.items()))
            for f, (code, by) in p.rates_by.items()
        ]
        over += [
            (
                f"{role}.birth_date",
                f"age by {code}: "
                + ", ".join(f"{k} mean {a.mean:g} (sd {a.sd:g}, {a.low}-{a.high})" for k, a in by.items()),
            )
            for role, (code, by) in p.ages_by.items()
        ]
        for f, v in over:
            basis = p.basis.get(f, "calibration figures of the profile (docs: How the figures are used)")
            out.append(f"| {p.id} | {p.status_owner} | `{f}` | {_cell(v)} | {_cell(basis)} |")
    return "\n".join(out)


def plausibility_table() -> str:
    """Each profile's program and the outcome shares it must produce (tests/population check them)."""
    out = ["| profile | program | expected shares | basis |", "|---|---|---|---|"]
    for p in PROFILES.values():
        shares = "; ".join(f"{o} {lo:.0%}-{hi:.0%}" for o, (lo, hi) in p.plausible.items())
        out.append(f"| {p.id} | `{p.program}` | {shares} | {_cell(p.plausible_basis)} |")
    return "\n".join(out)


SECTIONS = {
    "figures": figures_table,
    "plausibility": plausibility_table,
    "profiles": profiles_table,
    "distributions": distributions_table,
}


def render(name: str) -> str:
    """A section with its markers, as it appears in docs/data-sources.md."""
    return "\n".join([BEGIN.format(name=name), "", SECTIONS[name](), "", END.format(name=name)])


def update(text: str) -> str:
    """``text`` with every generated section replaced by its current rendering."""
    for name in SECTIONS:
        begin, end = BEGIN.format(name=name), END.format(name=name)
        start = text.index(begin)
        stop = text.index(end, start) + len(end)
        text = text[:start] + render(name) + text[stop:]
    return text


if __name__ == "__main__":  # pragma: no cover - rewrites the generated sections of the given file
    import sys
    from pathlib import Path

    for arg in sys.argv[1:]:
        path = Path(arg)
        path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")
