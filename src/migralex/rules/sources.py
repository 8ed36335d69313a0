"""``migralex sources``: how well the rule packs are sourced, and what is still to verify.

Per pack (and for the reforms) the report gives

* counts of the citations of the rules (program, conditions, exceptions) and of the parameter values, by
  kind (statute, regulation, guidance, case law, travaux, secondary, unclassified) and by verification;
* every condition without a primary citation (neither the citation nor its ``see_also`` is primary);
* every ``unverified`` parameter value with what is needed to verify it (the source's note);
* every ``in_force`` value that rests on no primary source;
* every parameter the law indexes each year (``indexation: yearly`` in its YAML) whose latest value started
  more than a year before the report date.

``docs/rules/sources.md`` is generated from this report; ``tests/rules/test_sources.py`` fails when any count
in :data:`RATCHET` is worse than in the committed file, so the counts only move toward zero.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from migralex.engine import ParameterSet, Program
from migralex.engine.citations import (
    Citation,
    citation_counts,
    conditions_without_primary,
    has_primary,
    program_citations,
)
from migralex.engine.parameters import Parameter, ParameterValue
from migralex.engine.values import to_json

#: Counts that may never grow (the ratchet in tests/rules/test_sources.py).
RATCHET = (
    "secondary_citations",
    "unclassified_citations",
    "conditions_without_primary",
    "unverified_values",
    "in_force_on_secondary",
    "stale_yearly",
)
#: Marker that opens the machine-readable counts in docs/rules/sources.md.
COUNTS_MARKER = "<!-- sources-counts -->"
STALE_AFTER = timedelta(days=365)


@dataclass
class PackSources:
    """The sourcing report of one pack (or of the reforms)."""

    id: str
    title: str
    rule_citations: dict[str, Any]
    parameter_sources: dict[str, Any]
    conditions: int
    without_primary: list[dict[str, Any]] = field(default_factory=list)
    parameter_values: int = 0
    unverified: list[dict[str, Any]] = field(default_factory=list)
    in_force_on_secondary: list[dict[str, Any]] = field(default_factory=list)
    stale_yearly: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The ratchet counts of this pack."""
        by_kind = self.rule_citations["by_kind"]
        return {
            "secondary_citations": by_kind["secondary"] + self.parameter_sources["by_kind"]["secondary"],
            "unclassified_citations": by_kind["unclassified"]
            + self.parameter_sources["by_kind"]["unclassified"],
            "conditions_without_primary": len(self.without_primary),
            "unverified_values": len(self.unverified),
            "in_force_on_secondary": len(self.in_force_on_secondary),
            "stale_yearly": len(self.stale_yearly),
        }

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "id": self.id,
            "title": self.title,
            "rule_citations": self.rule_citations,
            "parameter_sources": self.parameter_sources,
            "conditions": self.conditions,
            "conditions_without_primary": self.without_primary,
            "parameter_values": self.parameter_values,
            "unverified_values": self.unverified,
            "in_force_on_secondary": self.in_force_on_secondary,
            "stale_yearly": self.stale_yearly,
            "counts": self.counts(),
        }


def _counted(citations: list[Citation]) -> dict[str, Any]:
    return {"total": len(citations), **citation_counts(citations)}


def _needed(source: Citation) -> str:
    """What is needed to verify a value: the source's note, else a citation text that says what is open.

    Empty when the source says neither (the test on the committed report then fails).
    """
    if source.note:
        return source.note
    text = source.text
    return text if ("UNVERIFIED" in text or "not found" in text) else ""


def _value_row(v: ParameterValue) -> dict[str, Any]:
    return {
        "parameter": v.parameter,
        "from": v.start.isoformat(),
        "until": v.end.isoformat() if v.end else None,
        "value": to_json(v.value),
        "citation": v.source.text,
        "url": v.source.url,
    }


def yearly_indexed(parameters: ParameterSet) -> set[str]:
    """Ids of parameters whose YAML says ``indexation: yearly`` (the law re-sets them each year)."""
    out: set[str] = set()
    for path in parameters.files:
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for f in files:
            raw = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
            out.update(
                pid for pid, d in raw.items() if isinstance(d, dict) and d.get("indexation") == "yearly"
            )
    return out


def _stale(parameter: Parameter, on: date) -> dict[str, Any] | None:
    values = parameter.in_force_values()
    if not values:
        return None
    last = values[-1]
    if on - last.start <= STALE_AFTER:
        return None
    return {"parameter": parameter.id, "last_from": last.start.isoformat(), "last_status": last.status}


def pack_sources(
    pack_id: str,
    title: str,
    programs: Iterable[Program],
    parameters: ParameterSet,
    on: date,
    extra_citations: Iterable[Citation] = (),
) -> PackSources:
    """Build the report for one pack's programs and parameters, as of ``on``."""
    programs = list(programs)
    rule_citations = [c for p in programs for c in program_citations(p)] + list(extra_citations)
    missing = [u.as_dict() for p in programs for u in conditions_without_primary(p)]
    conditions = len({i for p in programs for n in p.nodes() for i in (n.id, *(u.id for u in n.unless))})
    values = [v for par in parameters for v in par.values]
    yearly = yearly_indexed(parameters)
    report = PackSources(
        id=pack_id,
        title=title,
        rule_citations=_counted(rule_citations),
        parameter_sources=_counted([v.source for v in values]),
        conditions=conditions,
        without_primary=missing,
        parameter_values=len(values),
    )
    for v in values:
        if v.status == "unverified":
            report.unverified.append({**_value_row(v), "needed": _needed(v.source)})
        elif v.status == "in_force" and not has_primary(v.source):
            report.in_force_on_secondary.append(_value_row(v))
    for par in parameters:
        if par.id in yearly and (row := _stale(par, on)) is not None:
            report.stale_yearly.append(row)
    return report


def report(on: date) -> dict[str, Any]:
    """The full report: every pack, then the reforms, with the ratchet counts."""
    from migralex.rules.registry import packs, reforms

    out: list[PackSources] = [
        pack_sources(p.id, p.title, p.programs.values(), p.parameters, on) for p in packs().values()
    ]
    reform_params = ParameterSet()
    for r in reforms().values():
        for par in r.parameters:
            reform_params.add(par)
        reform_params.files.extend(r.parameters.files)
    reform_programs: list[Program] = []
    reform_citations: list[Citation] = []
    for r in reforms().values():
        nodes = list(r.replacements.values())
        if not nodes:
            reform_citations.append(r.citation)
            continue
        reform_programs.append(
            Program(
                id=f"reform.{r.id}",
                title=r.title,
                description=r.description,
                root=nodes[0],
                citation=r.citation,
                outputs={f"replacement_{i}": n for i, n in enumerate(nodes[1:], start=1)},
            )
        )
    out.append(pack_sources("reforms", "Reforms", reform_programs, reform_params, on, reform_citations))
    return {
        "as_of": on.isoformat(),
        "packs": [p.as_dict() for p in out],
        "counts": {p.id: p.counts() for p in out},
    }


# --- rendering -------------------------------------------------------------------------------------------
def _kinds_line(counts: dict[str, Any]) -> str:
    kinds = ", ".join(f"{k} {n}" for k, n in counts["by_kind"].items() if n)
    ver = counts["verified"]
    return f"{counts['total']} ({kinds}; verified {ver['yes']}, not verified {ver['no']})"


def render_text(data: dict[str, Any]) -> str:
    """Plain-text form for the terminal."""
    lines = [f"Sources of the rule packs as of {data['as_of']}"]
    for p in data["packs"]:
        lines += [
            "",
            f"[{p['id']}] {p['title']}",
            f"  rule citations: {_kinds_line(p['rule_citations'])}",
            f"  parameter sources: {_kinds_line(p['parameter_sources'])}",
            f"  conditions without a primary citation: {len(p['conditions_without_primary'])}"
            f" of {p['conditions']}",
        ]
        lines += [f"    - {c['node']}: {c['citation']['citation']}" for c in p["conditions_without_primary"]]
        lines.append(
            f"  unverified parameter values: {len(p['unverified_values'])} of {p['parameter_values']}"
        )
        lines += [f"    - {u['parameter']} from {u['from']}: {u['needed']}" for u in p["unverified_values"]]
        lines.append(f"  in-force values without a primary source: {len(p['in_force_on_secondary'])}")
        lines += [
            f"    - {u['parameter']} from {u['from']}: {u['citation']}" for u in p["in_force_on_secondary"]
        ]
        lines.append(f"  yearly-indexed parameters older than a year: {len(p['stale_yearly'])}")
        lines += [f"    - {s['parameter']} (last value from {s['last_from']})" for s in p["stale_yearly"]]
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(data: dict[str, Any]) -> str:
    """``docs/rules/sources.md``: generated by ``migralex sources --format markdown``."""
    out = [
        "# Sources of the rule packs",
        "",
        f"Generated by `migralex sources --format markdown --on {data['as_of']}`; do not edit by hand. "
        "A test fails when any count in the table below gets worse than in this file.",
        "",
        "| pack | secondary citations | unclassified citations | conditions without primary | "
        "unverified values | in force on secondary only | yearly values older than a year |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for pid, c in data["counts"].items():
        out.append(f"| {pid} | " + " | ".join(str(c[k]) for k in RATCHET) + " |")
    for p in data["packs"]:
        out += [
            "",
            f"## {p['title']} (`{p['id']}`)",
            "",
            f"- Rule citations: {_kinds_line(p['rule_citations'])}",
            f"- Parameter sources: {_kinds_line(p['parameter_sources'])}",
            f"- Conditions without a primary citation: {len(p['conditions_without_primary'])}"
            f" of {p['conditions']}",
        ]
        out += [
            f"  - `{c['node']}`: {_md_escape(c['citation']['citation'])}"
            for c in p["conditions_without_primary"]
        ]
        if p["unverified_values"]:
            out += [
                "",
                "### Unverified values and what is needed",
                "",
                "| parameter | from | until | value | needed |",
                "| --- | --- | --- | --- | --- |",
            ]
            out += [
                f"| `{u['parameter']}` | {u['from']} | {u['until'] or ''} | {u['value']} "
                f"| {_md_escape(u['needed'])} |"
                for u in p["unverified_values"]
            ]
        if p["in_force_on_secondary"]:
            out += ["", "### In-force values resting on no primary source", ""]
            out += [
                f"- `{u['parameter']}` from {u['from']}: {_md_escape(u['citation'])} <{u['url']}>"
                for u in p["in_force_on_secondary"]
            ]
        if p["stale_yearly"]:
            out += ["", "### Yearly-indexed parameters whose last value is more than a year old", ""]
            out += [
                f"- `{s['parameter']}`: last value from {s['last_from']} ({s['last_status']})"
                for s in p["stale_yearly"]
            ]
    out += [
        "",
        COUNTS_MARKER,
        "",
        "```json",
        json.dumps({"as_of": data["as_of"], "counts": data["counts"]}, indent=2),
        "```",
        "",
    ]
    return "\n".join(out)


_COUNTS_BLOCK = re.compile(re.escape(COUNTS_MARKER) + r"\s*```json\s*(\{.*?\})\s*```", re.S)


def committed_counts(path: Path) -> dict[str, Any]:
    """The ``{"as_of", "counts"}`` block of a generated sources.md."""
    found = _COUNTS_BLOCK.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(
            f"{path}: no counts block after {COUNTS_MARKER!r}; regenerate with `migralex sources`"
        )
    loaded: dict[str, Any] = json.loads(found.group(1))
    return loaded


def worse_than(current: dict[str, dict[str, int]], committed: dict[str, dict[str, int]]) -> list[str]:
    """Counts that grew since the committed file, as readable lines (empty when none did)."""
    problems = []
    for pid, counts in current.items():
        before = committed.get(pid, {})
        for key in RATCHET:
            if key in before and counts[key] > before[key]:
                problems.append(f"{pid}.{key}: {counts[key]} > {before[key]} (committed)")
    return problems


def register(app: typer.Typer) -> None:
    """Mount ``migralex sources`` on the CLI."""

    @app.command("sources")
    def sources_cmd(
        fmt: Annotated[str, typer.Option("--format", help="text, json or markdown")] = "text",
        on: Annotated[
            str | None, typer.Option("--on", help="Report date YYYY-MM-DD (default: today)")
        ] = None,
        out_path: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout")] = None,
    ) -> None:
        """Citations by kind and verification, conditions without a primary source, unverified values."""
        from migralex.engine import MigralexError
        from migralex.engine.facts import parse_date

        renderers = {
            "text": render_text,
            "json": lambda d: json.dumps(d, indent=2, ensure_ascii=False) + "\n",
            "markdown": render_markdown,
        }
        if fmt not in renderers:
            typer.echo(f"error: --format must be one of {', '.join(renderers)}, got {fmt!r}", err=True)
            raise typer.Exit(2)
        try:
            when = date.today() if on is None else parse_date(on, "--on")
        except MigralexError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        text = renderers[fmt](report(when))
        if out_path is None:
            typer.echo(text, nl=False)
        else:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            out_path.write_text(text, encoding="utf-8")
