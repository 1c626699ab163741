"""training_load: the task's DDL, documentation and Q/SQL pairs into the pgvector store."""

import time
from contextlib import AbstractAsyncContextManager
from typing import Any

import asyncpg

from services.executor.context import StepContext
from services.executor.embeddings import Embedder, build_embedder
from services.executor.steps.bounded import close_pool
from services.executor.steps.training_load import report
from services.executor.steps.training_load.collect import Collected, collect
from services.executor.steps.training_load.files import training_files
from services.executor.steps.training_load.loading import load
from services.executor.vectors import backup, backup_log, lock, store
from services.executor.vectors.connection import open_vector_pool
from shared.clock import local_now
from shared.errors import EmbeddingError, StepFailed, VectorBusy, VectorStoreError
from shared.secrets import mask_dsn


def _embedding_label(ctx: StepContext, embedder: Embedder) -> str:
    model = ctx.settings.embedding_model if ctx.settings.embedding_provider != "builtin" else None
    return f"{ctx.settings.embedding_provider}{f' {model}' if model else ''} ({embedder.dim} 维)"


async def _manage_vectors(
    ctx: StepContext, pool: asyncpg.Pool, ts: str
) -> backup.VectorBackup | None:
    """Backup (asked for, or implied by truncate) runs first; truncate only after it."""
    truncate = bool(ctx.options.get("truncate_vector_tables"))
    if not (truncate or ctx.options.get("backup_vector_tables")):
        return None
    task_dir = await ctx.storage.real_dir(ctx.task_id)
    result = await backup.backup_tables(pool, task_dir, ts)
    ctx.log.info(f"向量表已备份到 {backup.BACKUP_DIR}/", tables=list(result.tables_backed_up))
    if truncate:
        await backup.truncate_after_backup(pool, result)
        ctx.log.info(f"已清空 langchain_pg_embedding（{result.truncated_rows} 行）")
    await backup_log.write(task_dir / backup.BACKUP_DIR, result, ctx.task_id, ts)
    return result


def _store_lock(ctx: StepContext, pool: asyncpg.Pool) -> AbstractAsyncContextManager[object]:
    """Shared with other loads; alone when this load backs up or truncates first."""
    alone = ctx.options.get("truncate_vector_tables") or ctx.options.get("backup_vector_tables")
    take = lock.exclusive if alone else lock.shared
    return take(pool, f"training_load {ctx.task_id}")


async def _check_dimension(pool: asyncpg.Pool, embedder: Embedder) -> None:
    async with pool.acquire() as conn:
        stored = await store.stored_dimension(conn)
    if stored is not None and stored != embedder.dim:
        raise StepFailed(
            f"向量库中已有 {stored} 维向量，当前嵌入为 {embedder.dim} 维；"
            "请统一 DP_EMBEDDING_DIM，或使用 truncate_vector_tables 重新加载"
        )


async def _collect(ctx: StepContext) -> Collected:
    collected = await collect(ctx, await training_files(await ctx.storage.real_dir(ctx.task_id)))
    if not collected.docs:
        raise StepFailed("任务目录中没有可加载的训练数据（*.ddl、*_detail.md、qs_*_pair.json）")
    return collected


async def _open(ctx: StepContext, dsn: str) -> tuple[Embedder, asyncpg.Pool]:
    try:
        return build_embedder(ctx.settings), await open_vector_pool(dsn, ensure_tables=False)
    except (EmbeddingError, VectorStoreError) as exc:
        raise StepFailed(exc.message) from exc


async def run(ctx: StepContext) -> dict[str, Any]:
    started = time.monotonic()
    ts = local_now().strftime("%Y%m%d_%H%M%S")
    collected = await _collect(ctx)
    dsn = ctx.settings.vector_url.get_secret_value()
    embedder, pool = await _open(ctx, dsn)
    try:
        # Held for the whole load: a backup, restore or truncate never sees it half done.
        async with _store_lock(ctx, pool):
            vector_backup = await _manage_vectors(ctx, pool, ts)
            await _check_dimension(pool, embedder)
            counts = await load(pool, embedder, collected.docs, ctx.task_id, ctx.report_progress)
    except (EmbeddingError, VectorStoreError, VectorBusy) as exc:
        raise StepFailed(exc.message) from exc
    finally:
        await close_pool(pool)
    outcome = report.LoadOutcome(
        training_data_dir=(ctx.settings.data_root / ctx.task_id).as_posix(),
        files=collected.files,
        counts=counts,
        backup=vector_backup,
        embedding=_embedding_label(ctx, embedder),
        vector_db=mask_dsn(dsn),
        duration=round(time.monotonic() - started, 3),
    )
    return await _finish(ctx, outcome, ts)


async def _finish(ctx: StepContext, outcome: report.LoadOutcome, ts: str) -> dict[str, Any]:
    outcome.fill_file_counts()
    log_file = f"training_load_{ts}.log"
    await ctx.write_text(log_file, report.render_log(outcome, ctx.task_id, ts))
    for f in outcome.files:
        ctx.log.info(report.file_line(f).strip())
    loaded = report.result(outcome, log_file)
    ctx.log.info(f"训练数据加载完成: {loaded['loaded']}, 重复跳过 {loaded['skipped_duplicates']}")
    return loaded
