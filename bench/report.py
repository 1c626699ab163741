"""docs/performance.md: the generated block between markers; rows not re-run are kept."""

import re
from pathlib import Path

from bench.rows import HEADER, Row, conditions

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def _old(block: str) -> tuple[dict[str, str], dict[str, str]]:
    """The previous block's table lines and note lines, by row key."""
    lines = block.splitlines()
    table = {m[1]: ln for ln in lines if (m := re.match(r"\| (\w+) \|", ln)) and m[1] != "#"}
    notes = {m[1]: ln for ln in lines if (m := re.match(r"- \*\*(\w+)\*\*:", ln))}
    return table, notes


def block(rows: list[Row], previous: str, order: list[str]) -> str:
    table, notes = _old(previous)
    table |= {r.key: r.line() for r in rows}
    notes |= {r.key: f"- **{r.key}**: {r.notes}" for r in rows if r.notes}
    keys = [k for k in order if k in table] + [k for k in table if k not in order]
    parts = [f"Last run: {conditions()} (rows: {', '.join(r.key for r in rows)}).", ""]
    parts += [HEADER, *[table[k] for k in keys], "", *[notes[k] for k in keys if k in notes]]
    return "\n".join(parts)


def write(rows: list[Row], order: list[str], doc: Path = DOC) -> None:
    text = doc.read_text("utf-8") if doc.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    previous, tail = rest.split(END, 1)
    doc.write_text(f"{head}{BEGIN}\n{block(rows, previous, order)}\n{END}{tail}", "utf-8")
