"""Which documented tables a SQL statement reads (for repair prompts and repairs)."""

import re

from services.executor.llm.base import SchemaDocs, TableDoc

_TABLE_AFTER = re.compile(
    r"\b(?:FROM|JOIN)\s+((?:\"[^\"]+\"|[\w]+)(?:\.(?:\"[^\"]+\"|[\w]+))?)", re.I
)


def find_table(tables: tuple[TableDoc, ...], name: str) -> TableDoc | None:
    """By exact name, else by the bare name (a `public.` prefix or no schema at all)."""
    bare = name.removeprefix("public.")
    return next((t for t in tables if t.name in (name, bare)), None)


def referenced_tables(docs: SchemaDocs, sql: str) -> list[TableDoc]:
    """Documented tables named after FROM/JOIN, in first-use order (unknown names skipped)."""
    found: dict[str, TableDoc] = {}
    for raw in _TABLE_AFTER.findall(sql):
        name = raw.replace('"', "").lower()
        for table in docs.tables:
            if table.name.lower() in (name, name.removeprefix("public.")):
                found.setdefault(table.name, table)
    return list(found.values())
