"""The step's inputs: the table list and the per-table files ddl_generation must have written."""

from services.executor.context import StepContext
from shared.errors import StepFailed
from shared.table_list import TABLE_LIST_FILE, TableName, parse_entries, parse_table_list

METADATA_DETAIL_FILE = "metadata_detail.md"


async def table_list(ctx: StepContext) -> list[TableName]:
    """The task dir's table_list.txt, else the task's table_list parameter."""
    if TABLE_LIST_FILE in await ctx.storage.names(ctx.task_id):
        parsed = parse_table_list(await ctx.storage.read_text(ctx.task_id, TABLE_LIST_FILE))
    elif ctx.params.table_list:
        parsed = parse_entries(ctx.params.table_list)
    else:
        raise StepFailed("缺少表清单：任务目录中没有 table_list.txt，任务参数也未提供 table_list")
    if not parsed.tables:
        raise StepFailed("表清单中没有有效的表名")
    return parsed.tables


def missing_table_files(tables: list[TableName], names: list[str]) -> list[str]:
    """Expected `<base>.ddl` / `<base>_detail.md` files that are not in `names`."""
    present = set(names)
    expected = [f"{t.base_name}{suffix}" for t in tables for suffix in (".ddl", "_detail.md")]
    return [name for name in expected if name not in present]


async def check_table_files(ctx: StepContext) -> list[TableName]:
    """Fails clearly unless every listed table has both its DDL and its detail file."""
    tables = await table_list(ctx)
    missing = missing_table_files(tables, await ctx.storage.names(ctx.task_id))
    if missing:
        raise StepFailed(
            f"表结构文件不完整（共 {len(tables)} 张表），缺少 {len(missing)} 个文件："
            + "、".join(missing)
            + "。请先执行 ddl_generation 步骤",
            missing_files=missing,
        )
    return tables
