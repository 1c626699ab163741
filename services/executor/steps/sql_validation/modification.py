"""modify_original_file: backup, repaired SQL replaced, invalid items removed, by file position."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.executor.context import StepContext
from services.executor.steps.sql_validation.loading import PairFile
from services.executor.steps.sql_validation.records import SqlRecord
from shared.clock import local_now
from shared.db import outputs
from shared.storage import FileInfo

RULE = "=" * 60
THIN_RULE = "-" * 60


@dataclass
class Modification:
    items: list[Any]
    modified: list[SqlRecord] = field(default_factory=list)
    deleted: list[SqlRecord] = field(default_factory=list)
    failed: int = 0

    def stats(self) -> dict[str, int]:
        return {
            "modified": len(self.modified),
            "deleted": len(self.deleted),
            "failed_modifications": self.failed,
        }


def plan(pairs: PairFile) -> Modification:
    """The new item list; malformed items stay where they are (they were never validated)."""
    by_index = {r.index: r for r in pairs.records}
    result = Modification(items=[])
    for i, item in enumerate(pairs.items):
        record = by_index.get(i)
        if record is not None and record.repair_successful:
            result.items.append({**item, "sql": record.repaired_sql})
            result.modified.append(record)
        elif record is not None and record.deletable:
            result.deleted.append(record)
        else:
            result.items.append(item)
    return result


def _modified_block(n: int, r: SqlRecord) -> list[str]:
    return [f"{n}. 序号: {r.index + 1}", f"   问题: {r.question}", f"   原SQL: {r.sql}",
            f"   新SQL: {r.repaired_sql}", ""]  # fmt: skip


def _deleted_block(n: int, r: SqlRecord) -> list[str]:
    return [f"{n}. 序号: {r.index + 1}", f"   问题: {r.question}", f"   SQL: {r.sql}",
            f"   错误: {r.repair_error or r.error_message}", ""]  # fmt: skip


def render_log(pairs: PairFile, change: Modification, at: datetime) -> str:
    lines = ["SQL文件修改记录", RULE, f"修改时间: {at:%Y-%m-%d %H:%M:%S}",
             f"原始文件: {pairs.name}", f"备份文件: {pairs.name}.backup", "",
             f"已修改的SQL ({len(change.modified)}个):", THIN_RULE]  # fmt: skip
    for n, record in enumerate(change.modified, 1):
        lines += _modified_block(n, record)
    lines += ["", f"已删除的无效项 ({len(change.deleted)}个):", THIN_RULE]
    for n, record in enumerate(change.deleted, 1):
        lines += _deleted_block(n, record)
    return "\n".join(lines) + "\n"


async def _rewrite(ctx: StepContext, pairs: PairFile, change: Modification) -> None:
    """Backup first, then an atomic rewrite; the pair file stays registered to its own step."""
    await ctx.write_text(f"{pairs.name}.backup", pairs.text, description="问答对文件修改前的备份")
    info: FileInfo = await ctx.storage.write_json(ctx.task_id, pairs.name, change.items)
    await outputs.refresh_file(ctx.pool, ctx.task_id, pairs.name, info.size, info.sha256)


async def modify_pair_file(ctx: StepContext, pairs: PairFile, stamp: str) -> Modification:
    change = plan(pairs)
    if not change.modified and not change.deleted:
        ctx.log.info("所有SQL均有效，问答对文件无需修改")
        return change
    try:
        await _rewrite(ctx, pairs, change)
    except OSError as exc:
        ctx.log.error(f"修改问答对文件失败：{exc}")
        change.failed = 1
        return change
    log_text = render_log(pairs, change, local_now())
    await ctx.write_text(
        f"file_modifications_{stamp}.log", log_text, description="问答对文件修改记录"
    )
    ctx.log.info(f"问答对文件已修改：替换 {len(change.modified)} 条，删除 {len(change.deleted)} 条")
    return change
