"""Table lists: parsing (one per line or comma-separated, # and -- comments) and file naming."""

import re
from dataclasses import dataclass, field

SYSTEM_SCHEMAS = frozenset(
    {"information_schema", "pg_catalog", "pg_toast", "pg_temp_1", "pg_toast_temp_1", "pg_temp",
     "pg_toast_temp"}
)  # fmt: skip
SYSTEM_PREFIXES = ("pg_", "information_schema", "sql_", "cardinal_number", "character_data",
                   "sql_identifier", "time_stamp", "yes_or_no")  # fmt: skip
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")
_UNSAFE_FILE_CHARS = re.compile(r'[.\-\s/\\:*?"<>|]')
TABLE_LIST_FILE = "table_list.txt"
MAX_TABLES = 1000


@dataclass(frozen=True)
class TableName:
    schema: str
    table: str

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def base_name(self) -> str:
        """File base name: public tables by name, others schema_table (underscores collapsed)."""
        raw = self.table if self.schema.lower() == "public" else f"{self.schema}__{self.table}"
        return re.sub(r"_+", "_", _UNSAFE_FILE_CHARS.sub("_", raw))


@dataclass
class ParsedTableList:
    tables: list[TableName] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    system: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [t.qualified for t in self.tables]


def split_entries(text: str) -> list[str]:
    """Raw entries: blank and #/-- lines dropped, commas split, whitespace trimmed."""
    return [entry for _, entry in numbered_entries(text)]


def numbered_entries(text: str) -> list[tuple[int, str]]:
    """(line number, entry) for each entry, in order."""
    entries: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "--")):
            continue
        entries.extend((number, part.strip()) for part in line.split(",") if part.strip())
    return entries


def parse_name(entry: str) -> TableName | None:
    """`schema.table` or `table` (schema public); None if it is not a plain identifier pair."""
    parts = entry.split(".")
    if len(parts) > 2 or not all(_IDENT.match(p) for p in parts):
        return None
    return TableName(parts[0], parts[1]) if len(parts) == 2 else TableName("public", parts[0])


def is_system(name: TableName) -> bool:
    schema = name.schema.lower()
    if schema in SYSTEM_SCHEMAS or schema.startswith(("pg_temp", "pg_toast_temp")):
        return True
    return name.table.lower().startswith(SYSTEM_PREFIXES)


def parse_entries(entries: list[str]) -> ParsedTableList:
    """Order-preserving dedupe on the qualified name; invalid and system names reported."""
    result = ParsedTableList()
    seen: set[str] = set()
    for entry in entries:
        name = parse_name(entry)
        if name is None:
            result.invalid.append(entry)
        elif is_system(name):
            result.system.append(entry)
        elif name.qualified in seen:
            result.duplicates.append(entry)
        else:
            seen.add(name.qualified)
            result.tables.append(name)
    return result


def parse_table_list(text: str) -> ParsedTableList:
    return parse_entries(split_entries(text))


def render_table_list(names: list[str], generated_at: str) -> str:
    """The table_list.txt written from a JSON list (the original system's layout)."""
    header = ["# 表清单文件", f"# 生成时间: {generated_at}", f"# 表数量: {len(names)}", ""]
    return "\n".join([*header, *names]) + "\n"
