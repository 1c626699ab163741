"""The `<base>_detail.md` format in one place: `render_md` writes it (ddl_generation: title,
字段列表, 字段补充说明, no trailing newline) and `parse_detail_md` reads it back into the LLM
contract's `TableDoc` (qa_generation and sql_validation)."""

import re
from dataclasses import replace

from services.executor.llm.base import ColumnDoc, TableDoc
from services.executor.llm.builtin.comments import table_label as builtin_table_label
from services.executor.steps.ddl_generation.render_ddl import VIEW_KINDS, short_name
from services.executor.steps.ddl_generation.sqltext import one_line, render_default, render_type
from services.executor.table_info import ColumnInfo, TableInfo
from shared.errors import StepFailed

ENUM_EXAMPLES = 3
PLAIN_EXAMPLES = 2
_JSON_TYPES = frozenset({"json", "jsonb"})


def _title(table: TableInfo) -> list[str]:
    name = table.display_name
    if not table.comment:
        # Its name in words, not 数据表: every uncommented table would share that label.
        label = builtin_table_label(table.name)
        return [f"## {name}（{label}）", f"{name} 表（{label}）"]
    return [f"## {name}（{short_name(table.comment)}）", f"{name} 表{one_line(table.comment)}"]


def _flags(column: ColumnInfo) -> list[str]:
    named = (("主键", column.primary_key), ("外键", bool(column.foreign_key)))
    return [flag for flag, on in (*named, ("非空", column.not_null)) if on]


def column_line(column: ColumnInfo) -> str:
    line = (
        f"- {column.name} ({render_type(column.type)}) - {one_line(column.comment or column.name)}"
    )
    if flags := _flags(column):
        line += f" [{', '.join(flags)}]"
    shown = column.examples[: ENUM_EXAMPLES if column.enum_values else PLAIN_EXAMPLES]
    if shown:
        line += f" [示例: {', '.join(shown)}]"
    return line


def _key_notes(table: TableInfo) -> list[str]:
    if len(table.primary_key) == 1:
        return [f"- {table.primary_key[0]} 为主键"]
    return [f"- 复合主键：{', '.join(table.primary_key)}"] if table.primary_key else []


def _column_notes(column: ColumnInfo) -> list[str]:
    notes = []
    if column.type_name == "uuid":
        notes.append(f"- {column.name} 使用 UUID 编码")
    if column.type_name.startswith("timestamp") and render_default(column.default) == (
        "current_timestamp"
    ):
        notes.append(f"- {column.name} 自动记录当前时间")
    if column.type_name in _JSON_TYPES:
        notes.append(f"- {column.name} 存储JSON格式数据")
    return notes


def supplementary_notes(table: TableInfo) -> list[str]:
    notes = _key_notes(table)
    notes += [
        f"- {c.name} 为外键，关联 {c.foreign_key.target}" for c in table.columns if c.foreign_key
    ]
    notes += [
        f"- {k.column} 为业务键，关联 {k.target.target}（取值重合 {k.overlap:.0%}）"
        for k in table.business_keys
    ]
    notes += [
        f"- {c.name} 为枚举字段，包含取值：{'、'.join(c.enum_values)}"
        for c in table.columns
        if c.enum_values
    ]
    notes += [note for column in table.columns for note in _column_notes(column)]
    if table.kind in VIEW_KINDS:
        notes.append("- 本对象是视图（view），字段为视图的输出列")
    notes += [
        f"- {c.name} 使用枚举类型 {c.enum_type.schema}.{c.enum_type.name}"
        for c in table.columns
        if c.enum_type
    ]
    if table.name.endswith(("_rel", "_relation")):
        notes.append("- 本表是关联表，用于多对多关系映射")
    return notes


def render_md(table: TableInfo) -> str:
    lines = [*_title(table), "字段列表：", *(column_line(c) for c in table.columns)]
    if notes := supplementary_notes(table):
        lines += ["字段补充说明：", *notes]
    return "\n".join(lines)


# --- reading it back ---------------------------------------------------------------------

DETAIL_SUFFIX = "_detail.md"
# metadata_detail.md documents qa_generation's own metadata table, not the business schema.
SKIPPED_FILES = frozenset({"metadata_detail.md"})

_TITLE = re.compile(r"^##\s+(?P<name>[^（(\s]+)\s*(?:[（(](?P<comment>.*)[）)])?\s*$")
_COLUMN = re.compile(
    r"^- (?P<name>\S+) \((?P<type>[^()]*(?:\([^()]*\))?[^()]*)\)(?: - (?P<rest>.*))?$"
)
_TAG = re.compile(r"\s*\[(?P<tag>[^\[\]]*)\]\s*$")
_ENUM = re.compile(r"^- (?P<name>\S+) 为枚举字段，包含取值：(?P<values>.*)$")
_FOREIGN = re.compile(r"^- (?P<name>\S+) 为外键，关联 (?P<target>\S+)$")
_BUSINESS = re.compile(r"^- (?P<name>\S+) 为业务键，关联 (?P<target>[^\s（(]+)")
_SINGLE_PK = re.compile(r"^- (?P<name>\S+) 为主键$")
_COMPOSITE_PK = re.compile(r"^- 复合主键[：:](?P<names>.*)$")


def _split_tags(rest: str) -> tuple[str, list[str]]:
    """Peels `[...]` tags off the end of a column line; what remains is the comment."""
    tags: list[str] = []
    while match := _TAG.search(rest):
        tags.insert(0, match.group("tag"))
        rest = rest[: match.start()]
    return rest.strip(), tags


def _examples(tag: str) -> tuple[str, ...]:
    values = tag.split(":", 1)[1] if ":" in tag else tag.split("：", 1)[-1]
    return tuple(v.strip() for v in values.split(", ") if v.strip())


def parse_column(line: str) -> ColumnDoc | None:
    match = _COLUMN.match(line.strip())
    if not match:
        return None
    comment, tags = _split_tags(match.group("rest") or "")
    flags = {flag.strip() for tag in tags if not tag.startswith("示例") for flag in tag.split(",")}
    examples = next((_examples(t) for t in tags if t.startswith("示例")), ())
    return ColumnDoc(
        name=match.group("name"),
        type=match.group("type").strip(),
        comment=comment,
        primary_key="主键" in flags,
        not_null="非空" in flags,
        examples=examples,
    )


def _apply_note(columns: dict[str, ColumnDoc], line: str) -> None:
    """Folds one 字段补充说明 line (enum values, FK target, primary key) into its column."""
    if (m := _ENUM.match(line)) and m.group("name") in columns:
        values = tuple(v.strip() for v in m.group("values").split("、") if v.strip())
        columns[m.group("name")] = replace(columns[m.group("name")], enum_values=values)
    elif (m := _FOREIGN.match(line)) and m.group("name") in columns:
        columns[m.group("name")] = replace(columns[m.group("name")], foreign_key=m.group("target"))
    elif (m := _BUSINESS.match(line)) and m.group("name") in columns:
        columns[m.group("name")] = replace(columns[m.group("name")], business_key=m.group("target"))
    elif (m := _SINGLE_PK.match(line)) and m.group("name") in columns:
        columns[m.group("name")] = replace(columns[m.group("name")], primary_key=True)
    elif m := _COMPOSITE_PK.match(line):
        for name in (n.strip() for n in m.group("names").split(",")):
            if name in columns:
                columns[name] = replace(columns[name], primary_key=True)


def parse_detail_md(text: str) -> TableDoc:
    lines = text.splitlines()
    title = _TITLE.match(lines[0].strip()) if lines else None
    if not title:
        raise StepFailed("表文档格式错误：缺少 '## 表名（注释）' 标题行")
    columns: dict[str, ColumnDoc] = {}
    in_notes = False
    for line in lines[1:]:
        if line.startswith("字段补充说明"):
            in_notes = True
        elif in_notes:
            _apply_note(columns, line.strip())
        elif column := parse_column(line):
            columns[column.name] = column
    return TableDoc(
        name=title.group("name"),
        comment=(title.group("comment") or "").strip(),
        columns=tuple(columns.values()),
        markdown=text,
    )


def is_table_doc(name: str) -> bool:
    return name.endswith(DETAIL_SUFFIX) and name not in SKIPPED_FILES
