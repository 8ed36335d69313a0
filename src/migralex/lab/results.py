"""Row results and their aggregates: outcome counts, gains and losses, exclusion waterfalls, breakdowns.

Every engine (polars, streaming, Spark) produces the same row results (one row per person: descriptors,
and per scenario ``<scenario>/outcome``, ``<scenario>/first_failing`` and the top-level condition columns)
and reduces them to two additive tables, so partial aggregates of chunks or partitions simply add up:

* the *cube*: row counts by nationality, age band, status and every scenario's outcome;
* the *condition table*: per scenario and top-level condition, how many rows it excludes first (in the
  program's order), how many fail it at all (any-failing) and how many are unknown on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from migralex.engine import BASELINE, Program, Reform, evaluate_frame
from migralex.engine.batch import check_result
from migralex.engine.expressions import Expr
from migralex.engine.facts import FactSpec
from migralex.engine.nodes import Node
from migralex.engine.outcomes import OUTCOMES as ENGINE_OUTCOMES

OUTCOMES = ENGINE_OUTCOMES  # every outcome the engine can give, not_in_force included
DIMENSIONS = ("nationality", "age_band", "status")
AGE_BANDS = (
    (0, "under 18"),
    (18, "18-23"),
    (24, "24-29"),
    (30, "30-39"),
    (40, "40-49"),
    (50, "50-64"),
    (65, "65+"),
)
OTHER = "(other)"
CARRY = ("person_id", "synthetic", "population", "row")
BIRTH_FACTS = ("applicant.birth_date", "person.birth_date", "sponsor.birth_date")
STATUS_FACTS = (
    "sponsor.residence_status",
    "person.residence_status",
    "applicant.residence_status",
    "person.citizenship",
)
AGE_BAND_DTYPE = pl.Enum([label for _, label in AGE_BANDS] + ["unknown"])


def _years_before(on: date, years: int) -> date:
    """The same day ``years`` earlier (29 February -> 28 February)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def _category(col: str | None, schema: Mapping[str, Any], name: str | None = None) -> pl.Expr:
    """A dimension column as a categorical (enums are kept; nulls become "unknown" after aggregation)."""
    if col is None or col not in schema:
        return pl.lit(None, pl.Categorical).alias(name or str(col))
    dtype = schema[col]
    expr = pl.col(col) if isinstance(dtype, pl.Enum | pl.Categorical) else pl.col(col).cast(pl.Categorical)
    return expr.alias(name or col)


COND_SCHEMA = {
    "scenario": pl.String,
    "condition": pl.String,
    "first": pl.Int64,
    "any": pl.Int64,
    "unknown": pl.Int64,
}


def top_conditions(program: Program, replacements: Mapping[str, Node] | None = None) -> list[Node]:
    """The named conditions directly under the program's root, in the program's order.

    For the usual root ``all_of(a, b, c)`` these are ``a, b, c``: the steps of the exclusion waterfall.
    """
    repl = replacements or {}
    root = repl.get(program.root.id, program.root)
    out: dict[str, Node] = {}

    def visit(e: Expr) -> None:
        if isinstance(e, Node):
            target = repl.get(e.id, e)
            out.setdefault(target.id, target)
            return
        for child in e.children():
            visit(child)

    visit(root.expr)
    return list(out.values())


@dataclass
class Plan:
    """What a simulation evaluates: a program under the baseline and reforms on one decision date."""

    program: Program
    reforms: Sequence[Reform]
    on: date
    columns: str = "top"  # "top": top-level conditions; "all": every node; "outcome": none
    #: a column holding each row's decision date (files only); ``on`` then only labels the run
    date_column: str | None = None

    def __post_init__(self) -> None:
        if self.columns not in ("top", "all", "outcome"):
            raise ValueError("columns must be top, all or outcome")
        ids = [r.id for r in self.reforms]
        if len(set(ids)) != len(ids) or BASELINE in ids:
            raise ValueError("reform ids must be distinct and not 'baseline'")
        for r in self.reforms:
            if not r.applies_to(self.program):
                raise ValueError(f"reform {r.id} does not apply to {self.program.id} (it is for {r.base})")

    @property
    def scenarios(self) -> list[str]:
        """``baseline`` then each reform id."""
        return [BASELINE, *(r.id for r in self.reforms)]

    def conditions(self, scenario: str) -> list[Node]:
        """Top-level conditions under a scenario (a reform may replace the root)."""
        reform = next((r for r in self.reforms if r.id == scenario), None)
        return top_conditions(self.program, reform.replacements if reform else None)

    def facts(self) -> dict[str, FactSpec]:
        """Every fact read by the baseline or a reform."""
        out = dict(self.program.fact_specs())
        for r in self.reforms:
            out.update(self.program.fact_specs(r.replacements))
        return dict(sorted(out.items()))

    def labels(self) -> dict[str, str]:
        """Condition id -> plain-English label, over all scenarios."""
        return {n.id: n.label for s in self.scenarios for n in self.conditions(s)}

    # --- evaluation of one batch --------------------------------------------------------------------
    def dimension_exprs(self, schema: Mapping[str, Any]) -> list[pl.Expr]:
        """nationality, age_band and status from whatever columns the population has."""
        exprs: list[pl.Expr] = [_category("nationality", schema)]
        birth = next((b for b in BIRTH_FACTS if b in schema), None)
        if birth is None:
            exprs.append(pl.lit("unknown", AGE_BAND_DTYPE).alias("age_band"))
        else:
            b = pl.col(birth)
            band: Any = pl.when(b.is_null()).then(pl.lit("unknown", AGE_BAND_DTYPE))
            if self.date_column is None:
                for lo, label in reversed(AGE_BANDS):  # aged >= lo on the decision date: born on or before
                    band = band.when(b <= _years_before(self.on, lo)).then(pl.lit(label, AGE_BAND_DTYPE))
            else:
                d = pl.col(self.date_column)
                later = (b.dt.month() > d.dt.month()) | (
                    (b.dt.month() == d.dt.month()) & (b.dt.day() > d.dt.day())
                )
                age = d.dt.year().cast(pl.Int32) - b.dt.year().cast(pl.Int32) - later.cast(pl.Int32)
                band = band.when(d.is_null()).then(pl.lit("unknown", AGE_BAND_DTYPE))
                for lo, label in reversed(AGE_BANDS):
                    band = band.when(age >= lo).then(pl.lit(label, AGE_BAND_DTYPE))
            exprs.append(band.otherwise(pl.lit(AGE_BANDS[0][1], AGE_BAND_DTYPE)).alias("age_band"))
        src = "status" if "status" in schema else next((s for s in STATUS_FACTS if s in schema), None)
        exprs.append(_category(src, schema, "status"))
        return exprs

    def evaluate(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Row results of one batch of population rows (checked for parameter coverage and conflicts)."""
        schema = frame.schema
        frame = frame.with_columns(self.dimension_exprs(schema))
        carry = (*CARRY, self.date_column) if self.date_column else CARRY
        keep = [c for c in (*carry, *DIMENSIONS) if c in frame.columns]
        if self.columns == "all":
            cols: str | list[str] = "all"
        else:
            cols = (
                sorted({n.id for s in self.scenarios for n in self.conditions(s)})
                if self.columns == "top"
                else "outcome"
            )
        on = self.on if self.date_column is None else None
        lf = evaluate_frame(
            self.program,
            frame,
            on=on,
            date_column=self.date_column,
            reforms=self.reforms,
            columns=cols,
            keep=keep,
            lazy=True,
        )
        if not self.reforms:
            lf = lf.rename(
                {
                    c: f"{BASELINE}/{c}"
                    for c in lf.collect_schema()
                    if c not in keep and not c.startswith("__")
                }
            )
        firsts = []
        for s in self.scenarios:
            conds = [n.id for n in self.conditions(s)]
            outcome = pl.col(f"{s}/outcome")
            cols_present = [c for c in conds if self.columns != "outcome"]
            kind = pl.Enum([*conds, OTHER])
            chain = [pl.when(~pl.col(f"{s}/{c}")).then(pl.lit(c, kind)) for c in cols_present]
            first = pl.coalesce([*chain, pl.lit(OTHER, kind)]) if chain else pl.lit(OTHER, kind)
            firsts.append(
                pl.when(outcome == "ineligible").then(first).otherwise(None).alias(f"{s}/first_failing")
            )
        df = check_result(lf.with_columns(firsts).collect(), self.program)
        # an output unknown for every row (e.g. an unverified parameter) has no type: store it as text
        nulls = [c for c, t in df.schema.items() if t == pl.Null]
        return df.with_columns(pl.col(c).cast(pl.String) for c in nulls) if nulls else df

    # --- aggregation of row results ----------------------------------------------------------------
    def cube(self, rows: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
        """Counts by dimensions and every scenario's outcome."""
        keys = [*DIMENSIONS, *(f"{s}/outcome" for s in self.scenarios)]
        return (
            rows.lazy()
            .group_by(keys)
            .agg(pl.len().cast(pl.Int64).alias("n"))
            .with_columns(pl.col(k).cast(pl.String).fill_null("unknown") for k in keys)
        )

    def condition_table(self, rows: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
        """First-failing, any-failing and unknown counts per scenario and top-level condition."""
        aggs: list[pl.Expr] = []
        index: list[tuple[str, str]] = []
        for s in self.scenarios:
            for n in self.conditions(s):
                k = len(index)
                index.append((s, n.id))
                aggs.append((pl.col(f"{s}/first_failing") == n.id).sum().cast(pl.Int64).alias(f"f{k}"))
                if self.columns != "outcome":
                    col = pl.col(f"{s}/{n.id}")
                    aggs.append((~col).sum().cast(pl.Int64).alias(f"a{k}"))
                    aggs.append(col.is_null().sum().cast(pl.Int64).alias(f"u{k}"))
        one = rows.lazy().select(aggs).collect()
        data = {
            "scenario": [s for s, _ in index],
            "condition": [c for _, c in index],
            "first": [int(one[f"f{k}"][0] or 0) for k in range(len(index))],
            "any": [int(one[f"a{k}"][0] or 0) if f"a{k}" in one.columns else 0 for k in range(len(index))],
            "unknown": [
                int(one[f"u{k}"][0] or 0) if f"u{k}" in one.columns else 0 for k in range(len(index))
            ],
        }
        return pl.DataFrame(data, schema=COND_SCHEMA).lazy()


@dataclass
class Aggregates:
    """Additive aggregates of row results (see the module docstring)."""

    cube: pl.DataFrame
    conditions: pl.DataFrame
    n_rejected: int = 0

    @classmethod
    def of(cls, plan: Plan, rows: pl.DataFrame | pl.LazyFrame) -> Aggregates:
        """Aggregate one batch of row results."""
        return cls(plan.cube(rows).collect(), plan.condition_table(rows).collect())

    @classmethod
    def combine(cls, parts: Sequence[Aggregates]) -> Aggregates:
        """Add partial aggregates."""
        cube = pl.concat([p.cube for p in parts])
        keys = [c for c in cube.columns if c != "n"]
        conds = pl.concat([p.conditions for p in parts])
        return cls(
            cube.group_by(keys, maintain_order=True).agg(pl.col("n").sum()),
            conds.group_by(["scenario", "condition"], maintain_order=True).agg(
                pl.col("first", "any", "unknown").sum()
            ),
            sum(p.n_rejected for p in parts),
        )


@dataclass
class Summary:
    """What a simulation found, with the provenance needed to reproduce it."""

    plan: Plan
    agg: Aggregates
    population: str
    synthetic: bool
    engine: str
    n_read: int
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def scenarios(self) -> list[str]:
        """Scenario names."""
        return self.plan.scenarios

    @property
    def n(self) -> int:
        """Rows evaluated."""
        return int(self.agg.cube["n"].sum())

    def counts(self) -> pl.DataFrame:
        """scenario, outcome, n, share: every scenario and outcome, zeros included."""
        rows = []
        for s in self.scenarios:
            by = self.agg.cube.group_by(f"{s}/outcome").agg(pl.col("n").sum())
            got = {str(k): int(v) for k, v in by.iter_rows()}
            for o in OUTCOMES:
                rows.append((s, o, got.get(o, 0)))
        df = pl.DataFrame(
            rows, schema={"scenario": pl.String, "outcome": pl.String, "n": pl.Int64}, orient="row"
        )
        total = max(self.n, 1)
        return df.with_columns((pl.col("n") / total).alias("share"))

    def transitions(self, reform: str) -> pl.DataFrame:
        """baseline outcome x reform outcome counts (every pair of outcomes, zeros included)."""
        by = self.agg.cube.group_by([f"{BASELINE}/outcome", f"{reform}/outcome"]).agg(pl.col("n").sum())
        got = {(str(a), str(b)): int(n) for a, b, n in by.iter_rows()}
        rows = [(a, b, got.get((a, b), 0)) for a in OUTCOMES for b in OUTCOMES]
        return pl.DataFrame(
            rows, schema={"baseline": pl.String, "reform": pl.String, "n": pl.Int64}, orient="row"
        )

    def gains_losses(self, reform: str) -> dict[str, int]:
        """Who gains (not eligible -> eligible), who loses (eligible -> not eligible), net change."""
        t = {(a, b): n for a, b, n in self.transitions(reform).iter_rows()}
        gain = sum(n for (a, b), n in t.items() if a != "eligible" and b == "eligible")
        lose = sum(n for (a, b), n in t.items() if a == "eligible" and b != "eligible")
        to_unknown = sum(n for (a, b), n in t.items() if a != "unknown" and b == "unknown")
        return {
            "gain": gain,
            "lose": lose,
            "net": gain - lose,
            "become_unknown": to_unknown,
            "unchanged": sum(n for (a, b), n in t.items() if a == b),
        }

    def gains_losses_by(self, reform: str, dim: str) -> pl.DataFrame:
        """Gains and losses by a dimension."""
        a, b = pl.col(f"{BASELINE}/outcome"), pl.col(f"{reform}/outcome")
        return (
            self.agg.cube.group_by(dim)
            .agg(
                pl.col("n").filter((a != "eligible") & (b == "eligible")).sum().alias("gain"),
                pl.col("n").filter((a == "eligible") & (b != "eligible")).sum().alias("lose"),
                pl.col("n").sum().alias("n"),
            )
            .sort(dim)
        )

    def waterfall(self, scenario: str) -> pl.DataFrame:
        """condition, label, excluded_first, remaining, excluded_any, unknown: the exclusion waterfall.

        ``remaining`` counts rows not yet excluded after each step (eligible and unknown rows remain to the
        end); an ``(other)`` step appears when ineligible rows fail no top-level condition.
        """
        labels = self.plan.labels()
        conds = self.agg.conditions.filter(pl.col("scenario") == scenario)
        rows = []
        remaining = self.n
        for cid, first, anyf, unknown in conds.select("condition", "first", "any", "unknown").iter_rows():
            remaining -= first
            rows.append((cid, labels.get(cid, cid), first, remaining, anyf, unknown))
        counts = {o: n for s, o, n, _ in self.counts().iter_rows() if s == scenario}
        other = counts["ineligible"] - sum(r[2] for r in rows)
        if other:
            remaining -= other
            rows.append(
                (
                    OTHER,
                    "Ineligible, but no top-level condition fails (exceptions at the root)",
                    other,
                    remaining,
                    other,
                    0,
                )
            )
        return pl.DataFrame(
            rows,
            schema={
                "condition": pl.String,
                "label": pl.String,
                "excluded_first": pl.Int64,
                "remaining": pl.Int64,
                "excluded_any": pl.Int64,
                "unknown": pl.Int64,
            },
            orient="row",
        )

    def breakdown(self, dim: str) -> pl.DataFrame:
        """dim value, scenario, outcome, n, share within the group."""
        parts = []
        for s in self.scenarios:
            parts.append(
                self.agg.cube.group_by(dim, f"{s}/outcome")
                .agg(pl.col("n").sum())
                .rename({f"{s}/outcome": "outcome"})
                .with_columns(pl.lit(s).alias("scenario"), pl.col("outcome").cast(pl.String))
            )
        df = pl.concat(parts).select(pl.col(dim).alias("group"), "scenario", "outcome", "n")
        return df.with_columns(
            (pl.col("n") / pl.col("n").sum().over("group", "scenario")).alias("share")
        ).sort("group", "scenario", "outcome")

    def meta(self) -> dict[str, Any]:
        """Provenance: program, rule pack, reforms, population, engine, synthetic flag."""
        pack = self.plan.program.pack
        return {
            "synthetic": self.synthetic,
            "population": self.population,
            "program": self.plan.program.id,
            "rulepack": pack.info() if pack else None,
            "reforms": [
                {"id": r.id, "title": r.title, "status": r.status, "hash": r.hash} for r in self.plan.reforms
            ],
            "date": self.plan.on.isoformat() if self.plan.date_column is None else None,
            "date_column": self.plan.date_column,
            "engine": self.engine,
            "rows_read": self.n_read,
            "rows_evaluated": self.n,
            "rows_rejected": self.agg.n_rejected,
            "seconds": round(self.seconds, 3),
            "notes": self.notes,
        }
