"""File names per table and filename_mapping.txt (both files of every table)."""

from services.executor.steps.ddl_generation.detail_format import DETAIL_SUFFIX
from shared.table_list import TableName

DDL_SUFFIX = ".ddl"
MAPPING_FILE = "filename_mapping.txt"
_MAPPING_HEADER = ["# 文件名映射报告", "# 格式: 原始表名 -> 实际文件名", ""]


def assign_base_names(tables: list[TableName]) -> dict[TableName, str]:
    """TableName.base_name, with `_2`, `_3` ... when two tables collapse to the same name."""
    names: dict[TableName, str] = {}
    used: set[str] = set()
    for table in tables:
        base, number = table.base_name, 1
        while base.lower() in used:
            number += 1
            base = f"{table.base_name}_{number}"
        used.add(base.lower())
        names[table] = base
    return names


def table_files(base: str) -> tuple[str, str]:
    return base + DDL_SUFFIX, base + DETAIL_SUFFIX


def render_mapping(written: dict[TableName, str]) -> str:
    lines = sorted(
        f"{table.qualified} -> {name}"
        for table, base in written.items()
        for name in table_files(base)
    )
    return "\n".join([*_MAPPING_HEADER, *lines]) + "\n"
