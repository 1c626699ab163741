"""pair.update: edit one pair of the task's current pair file, re-validate it at once, and
write the file atomically, keeping the previous version; refused (409) when the file changed
since the editor read it (If-Match)."""

import json
from typing import Any

from services.executor.deps import Deps
from services.executor.rpc.pair_check import Verdict, check
from services.executor.step_runner import source_db
from shared.command_log import Handled
from shared.console_payloads import UpdatePairPayload
from shared.db import pair_reviews, tasks
from shared.envelope import ok
from shared.errors import PairConflict, PairNotFound, TaskNotFound
from shared.messages import UpdatePair
from shared.pair_files import current_pair_file
from shared.pair_review import etag, pair_key
from shared.parameters import TaskParameters
from shared.records import TaskRecord

PREVIOUS_SUFFIX = ".previous"  # the version before the last console edit


def edited(items: list[Any], p: UpdatePairPayload) -> dict[str, Any]:
    if not 0 <= p.index < len(items) or not isinstance(items[p.index], dict):
        raise PairNotFound(f"问答对不存在: 第 {p.index} 项", index=p.index)
    changes = {"question": p.question, "sql": p.sql}
    return {**items[p.index], **{k: v for k, v in changes.items() if v is not None}}


async def _current(deps: Deps, task_id: str, if_match: str) -> tuple[str, str]:
    """The pair file's name and text, if it is still the version the edit was made on."""
    name = await current_pair_file(deps.storage, task_id)
    if name is None:
        raise PairNotFound("任务没有问答对文件")
    text = await deps.storage.read_text(task_id, name)
    if etag(text) != if_match:
        raise PairConflict(current_etag=etag(text))
    return name, text


async def _record(deps: Deps, task: TaskRecord, item: dict[str, Any], v: Verdict) -> str:
    key = pair_key(str(item["question"]), str(item["sql"]))
    await pair_reviews.set_verdict(
        deps.pool, task.id, key, valid=v.valid, error_message=v.error, row_count=v.row_count
    )
    return key


async def update_pair(cmd: UpdatePair, deps: Deps) -> Handled:
    p = cmd.payload
    task = await tasks.get(deps.pool, p.task_id)
    if task is None:
        raise TaskNotFound(p.task_id)
    source = source_db(deps, task, TaskParameters.model_validate(task.parameters))
    async with pair_reviews.file_lock(deps.pool, task.id):
        name, text = await _current(deps, task.id, p.if_match)
        items = json.loads(text)
        items[p.index] = item = edited(items, p)
        verdict = await check(source, str(item["sql"]))
        new_text = json.dumps(items, ensure_ascii=False, indent=2)
        await deps.storage.write_text(task.id, name + PREVIOUS_SUFFIX, text)
        await deps.storage.write_text(task.id, name, new_text)
        key = await _record(deps, task, item, verdict)
    data = {
        "index": p.index,
        "question": item["question"],
        "sql": item["sql"],
        "pair_key": key,
        "valid": verdict.valid,
        "error": verdict.error,
        "row_count": verdict.row_count,
        "etag": etag(new_text),
    }
    return Handled(ok(200, "问答对已更新并重新验证", data))
