"""Reads the current pair file: the raw items, and a record per well-formed item."""

import json
from dataclasses import dataclass
from typing import Any

from services.executor.context import StepContext
from services.executor.steps.sql_validation.records import SqlRecord
from shared.errors import StepFailed
from shared.pair_files import current_pair_file


@dataclass
class PairFile:
    name: str
    text: str  # the original content, kept byte for byte for the .backup
    items: list[Any]
    records: list[SqlRecord]
    skipped: list[int]  # 0-based positions of malformed items


def _record(index: int, item: Any) -> SqlRecord | None:
    if not isinstance(item, dict):
        return None
    question, sql = item.get("question"), item.get("sql")
    if not isinstance(question, str) or not isinstance(sql, str) or not sql.strip():
        return None
    return SqlRecord(index=index, question=question, sql=sql.strip())


def parse_pairs(name: str, text: str) -> PairFile:
    try:
        items = json.loads(text)
    except ValueError as exc:
        raise StepFailed(f"问答对文件 {name} 不是有效的 JSON：{exc}") from exc
    if not isinstance(items, list):
        raise StepFailed(f"问答对文件 {name} 的内容必须是 JSON 数组")
    found = [(i, _record(i, item)) for i, item in enumerate(items)]
    records = [r for _, r in found if r is not None]
    skipped = [i for i, r in found if r is None]
    return PairFile(name, text, items, records, skipped)


async def load_pair_file(ctx: StepContext) -> PairFile:
    name = await current_pair_file(ctx.storage, ctx.task_id)
    if name is None:
        raise StepFailed("任务目录中没有问答对文件（qs_*_pair.json），请先执行 qa_generation 步骤")
    pairs = parse_pairs(name, await ctx.storage.read_text(ctx.task_id, name))
    for i in pairs.skipped:
        ctx.log.warning(f"问答对文件第 {i + 1} 项格式不正确（需要 question 和 sql），跳过验证")
    if not pairs.records:
        raise StepFailed(f"问答对文件 {name} 中没有可验证的 SQL")
    ctx.log.info(
        f"读取问答对文件 {name}：{len(pairs.records)} 条 SQL，跳过 {len(pairs.skipped)} 项"
    )
    return pairs
