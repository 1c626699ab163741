"""`<base>_detail.md`: the reference layout (title, 字段列表, 字段补充说明), no trailing newline."""

from services.executor.llm.builtin.comments import table_label as builtin_table_label
from services.executor.steps.ddl_generation.render_ddl import VIEW_KINDS, short_name
from services.executor.steps.ddl_generation.sqltext import one_line, render_default, render_type
from services.executor.table_info import ColumnInfo, TableInfo

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
