"""Comments for the documents: the database's own first, then a builtin guess from the name."""

from dataclasses import replace

from services.executor.llm.builtin.comments import column_comment
from services.executor.table_info import ColumnInfo, TableInfo

COMMON_COLUMNS = {
    "id": "主键ID",
    "version": "数据版本号",
    "create_ts": "创建时间",
    "created_at": "创建时间",
    "create_time": "创建时间",
    "created_by": "创建人",
    "create_by": "创建人",
    "update_ts": "更新时间",
    "updated_at": "更新时间",
    "update_time": "更新时间",
    "updated_by": "更新人",
    "update_by": "更新人",
    "delete_ts": "删除时间",
    "deleted_at": "删除时间",
    "delete_time": "删除时间",
    "deleted_by": "删除人",
    "delete_by": "删除人",
    "is_deleted": "是否删除",
    "name": "名称",
    "code": "编码",
    "status": "状态",
    "type": "类型",
    "remark": "备注",
    "remarks": "备注",
    "description": "描述",
    "sort_order": "排序号",
}


def has_comment(text: str | None) -> bool:
    return bool(text and text.strip())


def builtin_column_comment(name: str) -> str:
    """A dictionary word for common columns, `<x>ID` and the like for suffixes, else the name."""
    lowered = name.lower()
    if lowered in COMMON_COLUMNS:
        return COMMON_COLUMNS[lowered]
    return column_comment(name)


def _filled(column: ColumnInfo) -> ColumnInfo:
    if has_comment(column.comment):
        return column
    return replace(column, comment=builtin_column_comment(column.name))


def fill_builtin(table: TableInfo) -> TableInfo:
    """Missing column comments get the builtin guess; a missing table comment stays missing
    (the documents then fall back to the table name, as the reference does)."""
    comment = table.comment if has_comment(table.comment) else None
    return replace(table, comment=comment, columns=tuple(_filled(c) for c in table.columns))


def missing_comments(table: TableInfo) -> bool:
    return not has_comment(table.comment) or any(not has_comment(c.comment) for c in table.columns)
