"""Figures over a whole pair list: feature shares, duplicates, tables per SQL, rows returned."""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields

from services.executor.pair_stats.features import Features, features

_QUESTION_NOISE = re.compile(r"[\s？?。.，,！!：:；;“”\"'（）()、]+")
SHARES = tuple(f.name for f in fields(Features) if f.type in (bool, "bool") and f.name != "parsed")


def normal_question(text: str) -> str:
    return _QUESTION_NOISE.sub("", text).lower()


def normal_sql(sql: str) -> str:
    return " ".join(sql.replace(";", " ").split()).lower()


def _duplicates(keys: Sequence[object]) -> int:
    """How many items repeat an earlier one."""
    return sum(n - 1 for n in Counter(keys).values())


@dataclass(frozen=True)
class Summary:
    total: int
    shares: dict[str, float]
    duplicate_pairs: int
    duplicate_questions: int
    unparsed: int
    avg_tables: float
    with_rows: int | None = None
    errors: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def summarize(pairs: Sequence[dict[str, str]], rows: Sequence[int | None] | None = None) -> Summary:
    """`rows`: rows each SQL returned (None: it failed), when it was executed."""
    found = [features(p["sql"]) for p in pairs]
    total = max(len(pairs), 1)
    shares = {name: sum(bool(getattr(f, name)) for f in found) / total for name in SHARES}
    keys = [(normal_question(p["question"]), normal_sql(p["sql"])) for p in pairs]
    return Summary(
        total=len(pairs),
        shares=shares,
        duplicate_pairs=_duplicates(keys),
        duplicate_questions=_duplicates([q for q, _ in keys]),
        unparsed=sum(not f.parsed for f in found),
        avg_tables=round(sum(f.tables for f in found) / total, 2),
        with_rows=None if rows is None else sum(1 for n in rows if n),
        errors=None if rows is None else sum(1 for n in rows if n is None),
    )


def render(summary: Summary) -> str:
    lines = [f"pairs: {summary.total}", f"duplicate pairs: {summary.duplicate_pairs}"]
    lines += [f"duplicate questions: {summary.duplicate_questions}"]
    lines += [f"unparsed SQL: {summary.unparsed}", f"avg tables per SQL: {summary.avg_tables}"]
    lines += [f"{name}: {share:.0%}" for name, share in summary.shares.items()]
    if summary.with_rows is not None:
        lines += [f"returning >= 1 row: {summary.with_rows}", f"errors: {summary.errors}"]
    return "\n".join(lines)
