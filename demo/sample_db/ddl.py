"""Parses the reference `.ddl` files (comma inside the `--` comment) into table definitions."""

import re
from dataclasses import dataclass
from pathlib import Path

_HEADER = re.compile(r"^--\s*(?P<key>中文名|描述)\s*[:：]\s*(?P<value>.*)$")
_CREATE = re.compile(r"^create\s+table\s+(?:(?P<schema>\w+)\.)?(?P<table>\w+)\s*\(", re.IGNORECASE)
_PRIMARY_KEY = re.compile(r"^primary\s+key\s*\((?P<columns>[^)]*)\)", re.IGNORECASE)
_COLUMN = re.compile(r"^(?P<name>\w+)\s+(?P<rest>.+?)\s*$")
_DEFAULT = re.compile(r"\s+default\s+(?P<value>.+?)(?=\s+not\s+null\s*$|$)", re.IGNORECASE)
_NOT_NULL = re.compile(r"\s+not\s+null\b", re.IGNORECASE)
# The reference generator appends this to primary-key column comments; it re-adds it itself.
_PK_SUFFIX = "，主键"


@dataclass(frozen=True)
class ColumnDef:
    name: str
    type: str
    not_null: bool
    default: str | None
    comment: str


@dataclass(frozen=True)
class TableDef:
    schema: str
    name: str
    comment: str
    columns: tuple[ColumnDef, ...]
    primary_key: tuple[str, ...]


def parse_ddl(text: str) -> TableDef:
    """One table from the text of one reference `.ddl` file."""
    headers: dict[str, str] = {}
    schema, name = "public", ""
    columns: list[ColumnDef] = []
    primary_key: tuple[str, ...] = ()
    for raw in text.splitlines():
        line = raw.strip()
        if header := _HEADER.match(line):
            headers[header["key"]] = header["value"].strip()
        elif create := _CREATE.match(line):
            schema, name = create["schema"] or "public", create["table"]
        elif pk := _PRIMARY_KEY.match(line):
            primary_key = tuple(c.strip() for c in pk["columns"].split(",") if c.strip())
        elif name and line and not line.startswith(")"):
            columns.append(parse_column(line))
    if not name or not columns:
        raise ValueError("not a create table statement with columns")
    comment = headers.get("描述") or headers.get("中文名", "")
    return TableDef(schema, name, comment, tuple(columns), primary_key)


def parse_column(line: str) -> ColumnDef:
    """`id varchar(32) not null -- 主键ID，主键,` -> ColumnDef (comment without `，主键,`)."""
    definition, _, comment = line.partition("--")
    match = _COLUMN.match(definition.strip().rstrip(","))
    if not match:
        raise ValueError(f"not a column definition: {line!r}")
    rest = match["rest"]
    default = _DEFAULT.search(rest)
    not_null = bool(_NOT_NULL.search(rest))
    type_ = _NOT_NULL.sub("", _DEFAULT.sub("", rest)).strip()
    return ColumnDef(
        name=match["name"],
        type=type_,
        not_null=not_null,
        default=default["value"].strip() if default else None,
        comment=_clean_comment(comment),
    )


def _clean_comment(comment: str) -> str:
    text = comment.strip().removesuffix(",").strip()
    return text.removesuffix(_PK_SUFFIX).strip()


def load_tables(directory: Path) -> list[TableDef]:
    """Every `*.ddl` file in `directory`, sorted by name (blocking: call in a thread)."""
    return [parse_ddl(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.ddl"))]
