"""The indexed business-key matcher finds exactly what comparing every pair found."""

import random

from services.executor.steps.ddl_generation.key_matching import (
    MIN_OVERLAP,
    MIN_UNIQUE,
    ColumnValues,
    ParentIndex,
    allowed_misses,
)
from services.executor.table_info import BusinessKey, ForeignKey
from tests.unit.ddl.builders import col, table


def _pairwise_overlap(child: ColumnValues, parent: ColumnValues) -> float:
    if not child.distinct or child.table.qualified == parent.table.qualified:
        return 0.0
    if child.column.type_category != parent.column.type_category:
        return 0.0
    if parent.unique_share < MIN_UNIQUE or len(parent.distinct) < 2:
        return 0.0
    return len(child.distinct & parent.distinct) / len(child.distinct)


def pairwise_best(child: ColumnValues, columns: list[ColumnValues]) -> BusinessKey | None:
    """The former quadratic algorithm, verbatim: every column scored against every other."""
    scored = sorted(((_pairwise_overlap(child, p), p) for p in columns), key=lambda s: -s[0])
    if not scored or scored[0][0] < MIN_OVERLAP:
        return None
    overlap, parent = scored[0]
    target = ForeignKey(parent.table.schema, parent.table.name, parent.column.name)
    return BusinessKey(child.column.name, target, round(overlap, 3))


def _column(t: int, c: int, values: set[str], share: float, kind: str) -> ColumnValues:
    type_ = "integer" if kind == "N" else "character varying(16)"
    return ColumnValues(table(f"t{t}"), col(f"c{c}_no", type_), frozenset(values), share)


def _fixture(seed: int) -> list[ColumnValues]:
    """Code tables, copies of them (same set in several tables, twice in one table), subsets
    around the 90 % line, strings and numbers spelled alike, low-uniqueness columns."""
    rng = random.Random(seed)
    pools = [{f"{p}{v}" for v in range(rng.randint(1, 60))} for p in ("A", "B", "", "")]
    columns: list[ColumnValues] = []
    for t in range(40):
        for c in range(rng.randint(1, 4)):
            base = sorted(rng.choice(pools))
            kept = {v for v in base if rng.random() < rng.choice((1.0, 0.95, 0.9, 0.85, 0.5))}
            if rng.random() < 0.2:
                kept |= {f"X{rng.randint(0, 9)}"}
            share = rng.choice((1.0, 1.0, MIN_UNIQUE, 0.89, 0.1))
            columns.append(_column(t, c, kept, share, rng.choice("SN")))
            if rng.random() < 0.1:  # the same column again in the same table
                columns.append(_column(t, c + 10, kept, share, columns[-1].column.type_category))
    return columns


def test_the_index_finds_what_the_pairwise_comparison_found() -> None:
    for seed in range(30):
        columns = _fixture(seed)
        index = ParentIndex(columns)
        found = [index.best(child) for child in columns]
        assert found == [pairwise_best(child, columns) for child in columns], seed
        assert any(found), seed  # the fixture does produce matches


def test_a_copied_code_table_matches_its_first_copy_outside_the_own_table() -> None:
    codes = {f"R{i}" for i in range(100)}
    columns = [_column(t, 0, codes, 1.0, "S") for t in range(5)]
    index = ParentIndex(columns)
    targets = [key.target.table if (key := index.best(c)) else None for c in columns]
    assert targets == ["t1", "t0", "t0", "t0", "t0"]


def test_allowed_misses_is_the_largest_count_still_at_the_overlap() -> None:
    for n in range(1, 2000):
        misses = allowed_misses(n)
        assert (n - misses) / n >= MIN_OVERLAP
        assert misses == n or (n - misses - 1) / n < MIN_OVERLAP
