"""training_data.create, .update, .delete, .upload: writes, under the store's lock."""

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from services.executor.deps import Deps
from services.executor.embeddings import build_embedder
from services.executor.steps.training_load.collect import SPLITTERS
from services.executor.steps.training_load.loading import LoadCounts, load
from services.executor.steps.training_load.parsing import UnreadableFile
from services.executor.vector_commands.items import split_items, to_doc
from services.executor.vector_commands.recorded import run_recorded
from services.executor.vector_commands.session import vector_store
from services.executor.vectors import catalog, lock, store
from services.executor.vectors.documents import Collection, VectorDoc
from shared.command_log import Handled
from shared.envelope import ok
from shared.errors import TrainingDataNotFound, ValidationFailed
from shared.messages import CreateTraining, DeleteTraining, UpdateTraining, UploadTraining

UPLOAD_KINDS: dict[str, Collection] = {
    "ddl": "ddl",
    "markdown": "documentation",
    "sql_pair_json": "sql",
}


async def _no_progress(_: float) -> None:
    return None


async def _locked_write(
    deps: Deps, label: str, write: Callable[[asyncpg.Pool], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    async with vector_store(deps.settings) as pool, lock.exclusive(pool, label):
        return await write(pool)


async def _load(deps: Deps, pool: asyncpg.Pool, docs: list[VectorDoc]) -> LoadCounts:
    return await load(pool, build_embedder(deps.settings), docs, None, _no_progress)


async def _create(cmd: CreateTraining, deps: Deps) -> dict[str, Any]:
    docs, errors = split_items(cmd.payload.items, step="api.create")

    async def write(pool: asyncpg.Pool) -> dict[str, Any]:
        counts = await _load(deps, pool, docs) if docs else LoadCounts()
        results = [{"index": e.index, "success": False, "error": e.error} for e in errors]
        valid = [i for i in range(len(cmd.payload.items)) if i not in {e.index for e in errors}]
        for index, doc in zip(valid, docs, strict=True):
            fresh = doc.id in counts.inserted_ids
            results.append({"index": index, "success": True, "id": doc.id, "duplicate": not fresh})
        return _created(sorted(results, key=lambda r: r["index"]))

    return await _locked_write(deps, f"training_data.create {cmd.command_id}", write)


def _created(results: list[dict[str, Any]]) -> dict[str, Any]:
    good = sum(r["success"] for r in results)
    summary = {"total": len(results), "successful": good, "failed": len(results) - good}
    data = {"results": results, "summary": summary}
    if good == len(results):
        return ok(200, f"成功创建 {good} 条训练数据", data)
    if good == 0:
        return {
            **ok(400, "训练数据创建失败", data),
            "success": False,
            "error_code": "VALIDATION_ERROR",
        }
    return ok(207, f"部分成功: {good}/{len(results)} 条已创建", data)


async def _update(cmd: UpdateTraining, deps: Deps) -> dict[str, Any]:
    try:
        doc = to_doc(cmd.payload.item, step="api.update")
    except ValueError as exc:
        raise ValidationFailed(str(exc)) from exc

    async def write(pool: asyncpg.Pool) -> dict[str, Any]:
        [vector] = await build_embedder(deps.settings).embed([doc.document])
        async with pool.acquire() as conn, conn.transaction():  # never the old one lost alone
            if not await catalog.delete_ids(conn, [cmd.payload.id]):
                raise TrainingDataNotFound(f"训练数据不存在: {cmd.payload.id}", id=cmd.payload.id)
            collections = await store.ensure_schema(conn)
            ids = await store.insert_docs(conn, collections[doc.collection], [doc], [vector], None)
        data = {"old_id": cmd.payload.id, "new_id": doc.id, "duplicate": not ids}
        return ok(200, "训练数据更新成功", data)

    return await _locked_write(deps, f"training_data.update {cmd.command_id}", write)


async def _delete(cmd: DeleteTraining, deps: Deps) -> dict[str, Any]:
    ids = list(dict.fromkeys(cmd.payload.ids))

    async def write(pool: asyncpg.Pool) -> dict[str, Any]:
        deleted = await catalog.delete_ids(pool, ids)
        missing = [i for i in ids if i not in set(deleted)]
        data = {"deleted_ids": deleted, "not_found_ids": missing, "deleted_count": len(deleted)}
        return ok(200, f"已删除 {len(deleted)} 条训练数据", data)

    return await _locked_write(deps, f"training_data.delete {cmd.command_id}", write)


def _upload_docs(cmd: UploadTraining) -> list[VectorDoc]:
    p = cmd.payload
    kind = UPLOAD_KINDS[p.file_type]
    try:
        parts = SPLITTERS[kind](p.content)
    except UnreadableFile as exc:
        raise ValidationFailed(f"{p.file_name}: {exc}") from exc
    if not parts:
        raise ValidationFailed(f"{p.file_name} 中没有可加载的内容")
    return [VectorDoc(kind, part, p.file_name, step="api.upload") for part in parts]


async def _upload(cmd: UploadTraining, deps: Deps) -> dict[str, Any]:
    docs = _upload_docs(cmd)

    async def write(pool: asyncpg.Pool) -> dict[str, Any]:
        counts = await _load(deps, pool, docs)
        loaded = len(counts.inserted_ids)
        data = {
            "file_name": cmd.payload.file_name,
            "training_data_type": docs[0].collection,
            "documents": len(docs),
            "loaded": loaded,
            "skipped_duplicates": len(docs) - loaded,
        }
        return ok(200, f"文件已加载: 新增 {loaded} 条", data)

    return await _locked_write(deps, f"training_data.upload {cmd.command_id}", write)


async def create_training(cmd: CreateTraining, deps: Deps) -> Handled:
    return await run_recorded(cmd, deps, lambda: _create(cmd, deps))


async def update_training(cmd: UpdateTraining, deps: Deps) -> Handled:
    return await run_recorded(cmd, deps, lambda: _update(cmd, deps))


async def delete_training(cmd: DeleteTraining, deps: Deps) -> Handled:
    return await run_recorded(cmd, deps, lambda: _delete(cmd, deps))


async def upload_training(cmd: UploadTraining, deps: Deps) -> Handled:
    return await run_recorded(cmd, deps, lambda: _upload(cmd, deps))
