"""The table list of a run: the task dir's table_list.txt, else the task parameter."""

from services.executor.context import StepContext
from shared.errors import FileNotFound, StepFailed
from shared.table_list import MAX_TABLES, TABLE_LIST_FILE, ParsedTableList, parse_table_list


async def _table_list_text(ctx: StepContext) -> str:
    try:
        return await ctx.storage.read_text(ctx.task_id, TABLE_LIST_FILE)
    except FileNotFound:
        pass
    if ctx.params.table_list:
        return "\n".join(ctx.params.table_list)
    raise StepFailed("请先上传表清单 (table_list.txt) 或在任务参数中提供 table_list")


def _report(ctx: StepContext, parsed: ParsedTableList) -> None:
    for entry in parsed.invalid:
        ctx.log.warning(f"无效的表名，已跳过: {entry}")
    if parsed.system:
        ctx.log.info(f"已过滤系统表 {len(parsed.system)} 个: {', '.join(parsed.system)}")
    if parsed.duplicates:
        ctx.log.info(
            f"已忽略重复的表名 {len(parsed.duplicates)} 个: {', '.join(parsed.duplicates)}"
        )


async def load_table_list(ctx: StepContext) -> ParsedTableList:
    """Parsed, deduplicated and filtered; fails the step when nothing valid is left."""
    parsed = parse_table_list(await _table_list_text(ctx))
    _report(ctx, parsed)
    if not parsed.tables:
        raise StepFailed("表清单中没有有效的表名", invalid_names=parsed.invalid)
    if len(parsed.tables) > MAX_TABLES:
        raise StepFailed(f"表清单最多 {MAX_TABLES} 张表，当前 {len(parsed.tables)} 张")
    ctx.log.info(f"表清单共 {len(parsed.tables)} 张表")
    return parsed
