"""SQL for the sample schema: tables, comments, primary keys and the foreign keys that hold."""

from collections.abc import Iterable

from demo.sample_db.ddl import ColumnDef, TableDef

# (table, column, referenced table, referenced column): the joins the data really follows.
# bss_business_day_data links by service_no = bss_service_area.service_area_no, without a FK.
FOREIGN_KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("bss_service_area", "company_id", "bss_company", "id"),
    ("bss_car_day_count", "service_area_id", "bss_service_area", "id"),
    ("bss_section_route_area_link", "section_route_id", "bss_section_route", "id"),
    ("bss_section_route_area_link", "service_area_id", "bss_service_area", "id"),
    ("bss_service_area_mapper", "service_area_id", "bss_service_area", "id"),
)


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def qualified(table: TableDef) -> str:
    return f"{ident(table.schema)}.{ident(table.name)}"


def drop_table(table: TableDef) -> str:
    return f"DROP TABLE IF EXISTS {qualified(table)} CASCADE"


def create_table(table: TableDef) -> str:
    lines = [_column_sql(column) for column in table.columns]
    if table.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(ident(c) for c in table.primary_key)})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE IF NOT EXISTS {qualified(table)} (\n  {body}\n)"


def _column_sql(column: ColumnDef) -> str:
    # Types and defaults come verbatim from our own reference files, never from user input.
    parts = [ident(column.name), column.type]
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    if column.not_null:
        parts.append("NOT NULL")
    return " ".join(parts)


def comments(table: TableDef) -> list[str]:
    statements = [f"COMMENT ON TABLE {qualified(table)} IS {literal(table.comment)}"]
    statements += [
        f"COMMENT ON COLUMN {qualified(table)}.{ident(c.name)} IS {literal(c.comment)}"
        for c in table.columns
        if c.comment
    ]
    return statements


def foreign_keys(schema: str, keys: Iterable[tuple[str, str, str, str]]) -> list[str]:
    return [
        f"ALTER TABLE {ident(schema)}.{ident(table)} ADD CONSTRAINT "
        f"{ident(f'fk_{table}_{column}')} FOREIGN KEY ({ident(column)}) "
        f"REFERENCES {ident(schema)}.{ident(target)} ({ident(target_column)})"
        for table, column, target, target_column in keys
    ]
