"""Row results and their aggregates: outcome counts, gains and losses, exclusion waterfalls, breakdowns.

Every engine (polars, streaming, Spark) produces the same row results (one row per person: descriptors,
and per scenario ``<scenario>/outcome``, ``<scenario>/first_failing`` and the top-level condition columns)
and reduces them to two additive tables, so partial aggregates of chunks or partitions simply add up:

* the *cube*: row counts by nationality, age band, status and every scenario's outcome;
* the *condition table*: per scenario and top-level condition, how many rows it excludes first (in the
  program's order), how many fail it at all (any-failing) and how many are unknown on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from migralex.engine import BASELINE, Program, Reform, evaluate_frame, fill_label
from migralex.engine.batch import check_result
from migralex.engine.dates import add_months
from migralex.engine.expressions import Expr
from migralex.engine.facts import FactSpec
from migralex.engine.nodes import Node
from migralex.engine.outcomes import OUTCOMES as OUTCOMES  # every outcome the engine gives, in order
from migralex.engine.program import ParameterResolver
from migralex.i18n import N_, term

#: How a group or value nobody recorded is shown.
NOT_KNOWN = "not known"
DIMENSIONS = ("nationality", "age_band", "status")
#: Transition classes of a row from the baseline to a reform; every (baseline, reform) pair is in exactly one.
TRANSITION_CLASSES = ("gain", "lose", "become_unknown", "become_known", "other_change", "unchanged")
TRANSITION_DEFINITIONS = {
    "gain": "ineligible, unknown or not in force under the baseline; eligible under the reform",
    "lose": "eligible under the baseline; ineligible, unknown or not in force under the reform",
    "become_unknown": "ineligible or not in force under the baseline, unknown under the reform",
    "become_known": "unknown under the baseline, ineligible or not in force under the reform",
    "other_change": "ineligible under one scenario and not in force under the other",
    "unchanged": "the same outcome under both",
}
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
#: the label of the ``(other)`` step of a waterfall
OTHER_LABEL = "Ineligible, but no top-level condition fails (exceptions at the root)"
CARRY = ("person_id", "synthetic", "population", "row")
AGE_BAND_ORDER = [label for _, label in AGE_BANDS] + [NOT_KNOWN]
AGE_BAND_DTYPE = pl.Enum(AGE_BAND_ORDER)

#: Whose age the age band is, by the birth-date fact it is computed from (first present wins).
BIRTH_OWNER = {
    "applicant.birth_date": term("the applicant"),
    "person.birth_date": term("the person"),
    "sponsor.birth_date": term("the sponsor"),
}
BIRTH_FACTS = tuple(BIRTH_OWNER)
#: Whose residence status the status breakdown is, by the fact it is read from (first present wins).
STATUS_OWNER = {
    "sponsor.residence_status": term("the sponsor's residence status"),
    "person.residence_status": term("the person's residence status"),
    "applicant.residence_status": term("the applicant's residence status"),
    "person.citizenship": term("the person's citizenship"),
}
STATUS_FACTS = tuple(STATUS_OWNER)


def transition_class(before: str, after: str) -> str:
    """The one class of :data:`TRANSITION_CLASSES` a row moving from ``before`` to ``after`` falls in."""
    if before == after:
        return "unchanged"
    if after == "eligible":
        return "gain"
    if before == "eligible":
        return "lose"
    if after == "unknown":
        return "become_unknown"
    if before == "unknown":
        return "become_known"
    return "other_change"


def _years_before(on: date, years: int) -> date:
    """The same day ``years`` earlier (29 February -> 28 February: the engine's ``round_down``)."""
    return add_months(on, -12 * years, "round_down")


def _category(col: str | None, schema: Mapping[str, Any], name: str | None = None) -> pl.Expr:
    """A dimension column as a categorical (enums are kept; nulls become "not known" after aggregation)."""
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

    def labels(self, scenario: str, translate: Callable[[str], str] | None = None) -> dict[str, str]:
        """Top-level condition id -> label under a scenario, translated by ``translate`` (plain English
        without), each ``{param:ID}`` then filled with the scenario's value on the decision date (left as
        written when each row has its own decision date: the values differ by row)."""
        reform = next((r for r in self.reforms if r.id == scenario), None)
        pack = self.program.pack
        resolver = ParameterResolver(pack.parameters, reform) if pack is not None else None

        def value_of(pid: str) -> Any:
            pv = resolver.value_on(pid, self.on) if resolver is not None else None
            return None if pv is None else pv.value

        out = {}
        for n in self.conditions(scenario):
            text = translate(n.label) if translate is not None else n.label
            out[n.id] = text if self.date_column is not None else fill_label(text, value_of)
        return out

    def condition_facts(self, scenario: str) -> dict[str, list[str]]:
        """Top-level condition id -> the facts it reads under a scenario (program order)."""
        reform = next((r for r in self.reforms if r.id == scenario), None)
        repl = reform.replacements if reform else None
        out = {}
        for n in self.conditions(scenario):
            probe = Program(n.id, n.label, "", n, n.citation)
            out[n.id] = list(probe.fact_specs(repl))
        return out

    def scenario_facts(self, scenario: str) -> dict[str, FactSpec]:
        """Facts a scenario reads."""
        reform = next((r for r in self.reforms if r.id == scenario), None)
        return self.program.fact_specs(reform.replacements if reform else None)

    def missing_parameters(self) -> list[dict[str, str]]:
        """Parameters a scenario reads with no known value on the decision date (conditions on them: unknown).

        Empty when each row has its own decision date (``date_column``): values are then looked up per row.
        """
        pack = self.program.pack
        if pack is None or self.date_column is not None:
            return []
        out = []
        for s in self.scenarios:
            reform = next((r for r in self.reforms if r.id == s), None)
            resolver = ParameterResolver(pack.parameters, reform)
            for pid in self.program.parameter_ids(reform.replacements if reform else None):
                pv = resolver.value_on(pid, self.on)
                if pv is None or pv.value is None:
                    why = (
                        N_("no value in force")
                        if pv is None
                        else N_("value not known (%(status)s)", status=term(pv.status))
                    )
                    label = resolver.parameter(pid).label
                    date_ = self.on.isoformat()
                    out.append({"scenario": s, "parameter": pid, "label": label, "date": date_, "why": why})
        return out

    # --- evaluation of one batch --------------------------------------------------------------------
    def dimension_sources(self, schema: Mapping[str, Any]) -> dict[str, str | None]:
        """The population column each breakdown is computed from (None: not available)."""
        birth = next((b for b in BIRTH_FACTS if b in schema), None)
        status = "status" if "status" in schema else next((s for s in STATUS_FACTS if s in schema), None)
        return {
            "nationality": "nationality" if "nationality" in schema else None,
            "age_band": birth,
            "status": status,
        }

    def dimension_exprs(self, schema: Mapping[str, Any]) -> list[pl.Expr]:
        """nationality, age_band and status from whatever columns the population has."""
        src = self.dimension_sources(schema)
        exprs: list[pl.Expr] = [_category(src["nationality"], schema, "nationality")]
        birth = src["age_band"]
        unknown = pl.lit(NOT_KNOWN, AGE_BAND_DTYPE)
        if birth is None:
            exprs.append(unknown.alias("age_band"))
        else:
            b = pl.col(birth)
            band: Any = pl.when(b.is_null()).then(unknown)
            if self.date_column is None:
                for lo, label in reversed(AGE_BANDS):  # aged >= lo on the decision date: born on or before
                    band = band.when(b <= _years_before(self.on, lo)).then(pl.lit(label, AGE_BAND_DTYPE))
            else:
                d = pl.col(self.date_column)
                later = (b.dt.month() > d.dt.month()) | (
                    (b.dt.month() == d.dt.month()) & (b.dt.day() > d.dt.day())
                )
                age = d.dt.year().cast(pl.Int32) - b.dt.year().cast(pl.Int32) - later.cast(pl.Int32)
                band = band.when(d.is_null()).then(unknown)
                for lo, label in reversed(AGE_BANDS):
                    band = band.when(age >= lo).then(pl.lit(label, AGE_BAND_DTYPE))
            exprs.append(band.otherwise(pl.lit(AGE_BANDS[0][1], AGE_BAND_DTYPE)).alias("age_band"))
        exprs.append(_category(src["status"], schema, "status"))
        return exprs

    def condition_columns(self) -> list[str]:
        """Row-result columns of the top-level conditions, per scenario in the program's order."""
        return [f"{s}/{n.id}" for s in self.scenarios for n in self.conditions(s)]

    def evaluate(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Row results of one batch of population rows (checked for parameter coverage and conflicts).

        The top-level condition columns are always computed (the waterfall needs them); with
        ``columns="outcome"`` :meth:`rows_to_write` drops them from what is written.
        """
        schema = frame.schema
        frame = frame.with_columns(self.dimension_exprs(schema))
        carry = (*CARRY, self.date_column) if self.date_column else CARRY
        keep = [c for c in (*carry, *DIMENSIONS) if c in frame.columns]
        on = self.on if self.date_column is None else None
        # every node is compiled per scenario; asking for "all" and projecting here keeps each scenario's
        # own conditions (a reform that replaces the root has conditions the baseline does not)
        lf = evaluate_frame(
            self.program,
            frame,
            on=on,
            date_column=self.date_column,
            reforms=self.reforms,
            columns="all",
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
        if self.columns != "all":
            extra = [c for c in lf.collect_schema() if c.startswith("__")]
            outputs = [f"{s}/{o}" for s in self.scenarios for o in ("outcome", *self.program.outputs)]
            lf = lf.select([*keep, *outputs, *self.condition_columns(), *extra])
        firsts = []
        for s in self.scenarios:
            ids = [n.id for n in self.conditions(s)]
            kind = pl.Enum([*ids, OTHER])
            chain = [pl.when(~pl.col(f"{s}/{c}")).then(pl.lit(c, kind)) for c in ids]
            first = pl.coalesce([*chain, pl.lit(OTHER, kind)]) if chain else pl.lit(OTHER, kind)
            outcome = pl.col(f"{s}/outcome")
            firsts.append(
                pl.when(outcome == "ineligible").then(first).otherwise(None).alias(f"{s}/first_failing")
            )
        df = check_result(lf.with_columns(firsts).collect(), self.program)
        # an output unknown for every row (e.g. an unverified parameter) has no type: store it as text
        nulls = [c for c, t in df.schema.items() if t == pl.Null]
        return df.with_columns(pl.col(c).cast(pl.String) for c in nulls) if nulls else df

    def rows_to_write(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Row results as written: without the condition columns when ``columns="outcome"``."""
        if self.columns != "outcome":
            return rows
        return rows.drop(self.condition_columns(), strict=False)

    # --- aggregation of row results ----------------------------------------------------------------
    def cube(self, rows: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
        """Counts by synthetic flag, dimensions and every scenario's outcome."""
        lf = rows.lazy()
        if "synthetic" not in lf.collect_schema():
            lf = lf.with_columns(pl.lit(False).alias("synthetic"))
        keys = [*DIMENSIONS, *(f"{s}/outcome" for s in self.scenarios)]
        return (
            lf.group_by(["synthetic", *keys])
            .agg(pl.len().cast(pl.Int64).alias("n"))
            .with_columns(pl.col("synthetic").fill_null(False))
            .with_columns(pl.col(k).cast(pl.String).fill_null(NOT_KNOWN) for k in keys)
        )

    def condition_table(self, rows: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
        """First-failing, any-failing and unknown counts per scenario and top-level condition."""
        aggs: list[pl.Expr] = []
        index: list[tuple[str, str]] = []
        for s in self.scenarios:
            for n in self.conditions(s):
                k = len(index)
                index.append((s, n.id))
                col = pl.col(f"{s}/{n.id}")
                aggs.append((pl.col(f"{s}/first_failing") == n.id).sum().cast(pl.Int64).alias(f"f{k}"))
                aggs.append((~col).sum().cast(pl.Int64).alias(f"a{k}"))
                aggs.append(col.is_null().sum().cast(pl.Int64).alias(f"u{k}"))
        one = rows.lazy().select(aggs).collect()
        data = {
            "scenario": [s for s, _ in index],
            "condition": [c for _, c in index],
            "first": [int(one[f"f{k}"][0] or 0) for k in range(len(index))],
            "any": [int(one[f"a{k}"][0] or 0) for k in range(len(index))],
            "unknown": [int(one[f"u{k}"][0] or 0) for k in range(len(index))],
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


def _matrix(cube: pl.DataFrame, a: str, b: str, dim: str | None) -> pl.DataFrame:
    """group, baseline, reform, n over every pair of outcomes (zeros included) for each group."""
    keys = [dim] if dim else []
    by = cube.group_by([*keys, a, b]).agg(pl.col("n").sum())
    groups = _ordered(dim, by[dim].unique().to_list()) if dim else ["all"]
    got = {
        ((r[0] if dim else "all"), r[-3], r[-2]): int(r[-1])
        for r in by.select([*keys, a, b, "n"]).iter_rows()
    }
    extra = sorted({o for _, x, y in got for o in (x, y)} - set(OUTCOMES))
    outs = [*OUTCOMES, *extra]
    rows = [(g, x, y, got.get((g, x, y), 0)) for g in groups for x in outs for y in outs]
    return pl.DataFrame(
        rows,
        schema={"group": pl.String, "baseline": pl.String, "reform": pl.String, "n": pl.Int64},
        orient="row",
    )


def _ordered(dim: str | None, groups: list[str]) -> list[str]:
    """Groups in natural order: age bands by age, others alphabetically, "not known" and "(other)" last."""
    if dim == "age_band":
        rank = {g: i for i, g in enumerate(AGE_BAND_ORDER)}
        return sorted(groups, key=lambda g: (rank.get(g, len(rank)), g))
    return sorted(groups, key=lambda g: (g in (NOT_KNOWN, "other", OTHER), g))


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
    #: population column each breakdown is computed from (see :meth:`Plan.dimension_sources`)
    dimension_sources: dict[str, str | None] = field(default_factory=dict)
    #: whose residence status a population's own ``status`` column holds (synthetic profiles say)
    status_owner: str | None = None
    #: facts some scenario reads that the population does not have (unknown for every row)
    absent_facts: list[str] = field(default_factory=list)

    @property
    def scenarios(self) -> list[str]:
        """Scenario names."""
        return self.plan.scenarios

    @property
    def n(self) -> int:
        """Rows evaluated."""
        return int(self.agg.cube["n"].sum())

    @property
    def n_synthetic(self) -> int:
        """Rows whose own ``synthetic`` column is true."""
        cube = self.agg.cube
        return int(cube.filter(pl.col("synthetic"))["n"].sum()) if "synthetic" in cube.columns else 0

    @property
    def is_synthetic(self) -> bool:
        """Synthetic by construction, or every row of the file says so in its ``synthetic`` column."""
        return self.synthetic or (self.n > 0 and self.n_synthetic == self.n)

    def synthetic_label(self) -> str:
        """How the population's origin is shown in every table and chart."""
        if self.is_synthetic:
            return "SYNTHETIC DATA (generated people, not real cases)"
        if self.n_synthetic:
            return f"PARTLY SYNTHETIC: {self.n_synthetic:,} of {self.n:,} rows are generated"
        return "user-supplied data"

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

    def transitions(self, reform: str, dim: str | None = None) -> pl.DataFrame:
        """The full baseline x reform outcome matrix (4 x 4, zeros included), overall or per group of ``dim``.

        Columns ``group`` (``all`` overall), ``baseline``, ``reform``, ``n``, ``class`` (see
        :data:`TRANSITION_CLASSES`); the counts of each group sum to the rows of that group.
        """
        m = _matrix(self.agg.cube, f"{BASELINE}/outcome", f"{reform}/outcome", dim)
        return m.with_columns(
            pl.struct("baseline", "reform")
            .map_elements(lambda r: transition_class(r["baseline"], r["reform"]), pl.String)
            .alias("class")
        )

    def gains_losses(self, reform: str) -> dict[str, int]:
        """Rows per transition class (they partition the population) and ``net`` = gain - lose."""
        t = self.transitions(reform)
        got = {c: int(n) for c, n in t.group_by("class").agg(pl.col("n").sum()).iter_rows()}
        out = {c: got.get(c, 0) for c in TRANSITION_CLASSES}
        out["net"] = out["gain"] - out["lose"]
        return out

    def gains_losses_by(self, reform: str, dim: str) -> pl.DataFrame:
        """Per group of a dimension: n and rows per transition class (natural group order)."""
        t = self.transitions(reform, dim)
        wide = t.group_by("group", "class").agg(pl.col("n").sum())
        groups = _ordered(dim, wide["group"].unique().to_list())
        got = {(g, c): int(n) for g, c, n in wide.iter_rows()}
        rows = []
        for g in groups:
            counts = [got.get((g, c), 0) for c in TRANSITION_CLASSES]
            rows.append((g, sum(counts), *counts))
        schema = {dim: pl.String, "n": pl.Int64, **dict.fromkeys(TRANSITION_CLASSES, pl.Int64)}
        return pl.DataFrame(rows, schema=schema, orient="row")

    def waterfall(self, scenario: str, translate: Callable[[str], str] | None = None) -> pl.DataFrame:
        """condition, label, excluded_first, remaining, excluded_any, unknown: the exclusion waterfall.

        ``remaining`` counts rows not yet excluded after each step (eligible, unknown and not-in-force rows
        remain to the end); an ``(other)`` step appears when ineligible rows fail no top-level condition.
        The labels are in the language of ``translate`` with the scenario's values filled in.
        """
        labels = self.plan.labels(scenario, translate)
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
                    (translate or str)(OTHER_LABEL),
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
        """group, scenario, outcome, n, share within the group (every outcome; groups in natural order)."""
        groups = _ordered(dim, self.agg.cube[dim].unique().to_list())
        rows = []
        for s in self.scenarios:
            by = self.agg.cube.group_by(dim, f"{s}/outcome").agg(pl.col("n").sum())
            got = {(str(g), str(o)): int(n) for g, o, n in by.iter_rows()}
            for g in groups:
                total = sum(got.get((g, o), 0) for o in OUTCOMES)
                for o in OUTCOMES:
                    n = got.get((g, o), 0)
                    rows.append((g, s, o, n, n / total if total else 0.0))
        return pl.DataFrame(
            rows,
            schema={
                "group": pl.String,
                "scenario": pl.String,
                "outcome": pl.String,
                "n": pl.Int64,
                "share": pl.Float64,
            },
            orient="row",
        )

    def dimension_labels(self) -> dict[str, str]:
        """What each breakdown is: whose age band, whose status, from which column."""
        src = self.dimension_sources
        nat = src.get("nationality")
        birth = src.get("age_band")
        status = src.get("status")
        when = (
            term("on the decision date")
            if self.plan.date_column is None
            else term("on each row's decision date")
        )
        status_text: str
        if status == "status":
            owner = term(self.status_owner or "the residence status the population file records")
            status_text = N_("Status: %(owner)s (the population's own status column)", owner=owner)
        elif status is not None:
            status_text = N_("Status: %(owner)s (fact %(fact)s)", owner=STATUS_OWNER[status], fact=status)
        else:
            status_text = N_("Status: not known (the population has no status column)")
        return {
            "nationality": (
                N_("Nationality: the population's nationality column")
                if nat
                else N_("Nationality: not known (the population has no nationality column)")
            ),
            "age_band": (
                N_(
                    "Age band: age of %(owner)s %(when)s (from %(fact)s)",
                    owner=BIRTH_OWNER[birth],
                    when=when,
                    fact=birth,
                )
                if birth
                else N_("Age band: not known (the population has no birth date)")
            ),
            "status": status_text,
        }

    def missing_facts(self) -> list[dict[str, Any]]:
        """Per absent fact, scenario and top-level condition reading it: rows unknown on that condition.

        ``rows_unknown`` counts rows on which the condition is unknown (every one of them lacks the fact);
        ``outcome_unknown`` the rows whose outcome under the scenario is unknown.
        """
        absent = set(self.absent_facts)
        if not absent:
            return []
        counts = {(s, o): n for s, o, n, _ in self.counts().iter_rows()}
        unknown_on = {(s, c): u for s, c, _, _, u in self.agg.conditions.iter_rows()}
        out = []
        for s in self.scenarios:
            for cid, facts in self.plan.condition_facts(s).items():
                for f in facts:
                    if f in absent:
                        out.append(
                            {
                                "fact": f,
                                "scenario": s,
                                "condition": cid,
                                "rows_unknown": int(unknown_on.get((s, cid), 0)),
                                "outcome_unknown": int(counts.get((s, "unknown"), 0)),
                            }
                        )
        return out

    def meta(self) -> dict[str, Any]:
        """Provenance: program, rule pack, reforms, population, engine, synthetic flag, gaps."""
        pack = self.plan.program.pack
        return {
            "synthetic": self.is_synthetic,
            "synthetic_rows": self.n_synthetic,
            "synthetic_label": self.synthetic_label(),
            "population": self.population,
            "program": self.plan.program.id,
            "rulepack": pack.info() if pack else None,
            "reforms": [
                {"id": r.id, "title": r.title, "status": r.status, "hash": r.hash} for r in self.plan.reforms
            ],
            "date": self.plan.on.isoformat() if self.plan.date_column is None else None,
            "date_column": self.plan.date_column,
            "engine": self.engine,
            "columns": self.plan.columns,
            "rows_read": self.n_read,
            "rows_evaluated": self.n,
            "rows_rejected": self.agg.n_rejected,
            "seconds": round(self.seconds, 3),
            "breakdowns": self.dimension_labels(),
            "missing_facts": self.missing_facts(),
            "missing_parameters": self.plan.missing_parameters(),
            "notes": self.notes,
        }
