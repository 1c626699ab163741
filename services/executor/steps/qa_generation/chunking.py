"""Keeps prompts bounded: each theme sees only its own tables, big schemas a compact summary."""

from dataclasses import replace

from services.executor.llm.base import SchemaDocs, TableDoc, Theme
from shared.table_list import TableName, parse_name

MAX_PROMPT_CHARS = 60_000


def _key(name: str) -> str:
    parsed = parse_name(name.strip())
    return parsed.qualified.lower() if parsed else name.strip().lower()


def only_listed(docs: SchemaDocs, tables: list[TableName]) -> SchemaDocs:
    """Drops detail files of tables that are not in the table list (leftovers of older runs)."""
    wanted = {t.qualified.lower() for t in tables}
    return replace(docs, tables=tuple(t for t in docs.tables if _key(t.name) in wanted))


def summary_markdown(table: TableDoc) -> str:
    """One heading and one line of column names: enough to pick themes from."""
    columns = ", ".join(f"{c.name}({c.comment})" if c.comment else c.name for c in table.columns)
    return f"## {table.name}（{table.comment}）\n字段: {columns}\n"


def fit(docs: SchemaDocs) -> SchemaDocs:
    """The docs unchanged when their markdown fits a prompt, else each table summarised."""
    if sum(len(t.markdown) for t in docs.tables) <= MAX_PROMPT_CHARS:
        return docs
    return replace(
        docs, tables=tuple(replace(t, markdown=summary_markdown(t)) for t in docs.tables)
    )


def for_theme(docs: SchemaDocs, theme: Theme) -> SchemaDocs:
    """Every table (joins reach beyond a theme), the theme's related ones in full and fitted
    to a prompt, the others as a summary line (all in full if it names none we know)."""
    related = {_key(name) for name in theme.related_tables}
    if not any(_key(t.name) in related for t in docs.tables):
        return fit(docs)
    own = fit(replace(docs, tables=tuple(t for t in docs.tables if _key(t.name) in related)))
    full = {t.name: t for t in own.tables}
    tables = tuple(
        full.get(t.name) or replace(t, markdown=summary_markdown(t)) for t in docs.tables
    )
    return replace(docs, tables=tables)
