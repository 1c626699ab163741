"""training_data.stats, .query, .search: reads answered over reply_to, never recorded.

They take no lock (a read during a backup or a load is fine) but wait at most READ_LOCK_WAIT
for the tables: a restore holds them until it commits, and then the read is a 409 naming it."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from services.executor.deps import Deps
from services.executor.embeddings import build_embedder
from services.executor.vector_commands.recorded import attempt
from services.executor.vector_commands.session import vector_store
from services.executor.vector_commands.views import document_view
from services.executor.vectors import catalog, lock, store
from shared.command_log import Handled
from shared.db.pool import Conn
from shared.envelope import ok
from shared.messages import QueryTraining, SearchTraining, TrainingStats
from shared.vector_payloads import ALL_TYPES, TrainingQueryPayload

READ_LOCK_WAIT = "3s"


@contextlib.asynccontextmanager
async def reading(deps: Deps) -> AsyncIterator[Conn | None]:
    """A connection on the store, None when it has no tables yet (nothing to read)."""
    async with vector_store(deps.settings) as pool, pool.acquire() as conn:
        await conn.execute(f"SET lock_timeout = '{READ_LOCK_WAIT}'")
        try:
            yield conn if await store.tables_exist(conn) else None
        except asyncpg.LockNotAvailableError as exc:
            raise await lock.busy(conn) from exc


async def _stats(deps: Deps) -> dict[str, Any]:
    async with reading(deps) as conn:
        by_type = await catalog.counts_by_type(conn) if conn else {}
        by_task = await catalog.counts_by_task(conn) if conn else {}
    total = sum(by_type.values())
    share = {k: round(100 * n / total, 2) if total else 0.0 for k, n in by_type.items()}
    data = {
        "total_count": total,
        "type_breakdown": {k: by_type.get(k, 0) for k in ALL_TYPES},
        "type_percentages": {k: share.get(k, 0.0) for k in ALL_TYPES},
        "by_task": by_task,
    }
    return ok(200, "获取训练数据统计成功", data)


async def _query(cmd: QueryTraining, deps: Deps) -> dict[str, Any]:
    p = cmd.payload
    async with reading(deps) as conn:
        if conn is None:
            return _page(p, 0, [])
        total, rows = await catalog.page(
            conn,
            kind=p.training_data_type,
            keyword=p.search_keyword,
            task_id=p.task_id,
            order=p.sort_by,
            descending=p.descending,
            limit=p.limit,
            offset=p.offset,
        )
    return _page(p, total, rows)


def _page(p: TrainingQueryPayload, total: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    pages = p.page_count(total)
    pagination = {"page": p.page, "page_size": p.page_size, "total": total, "total_pages": pages}
    data = {"records": [document_view(r) for r in rows], "pagination": pagination}
    return ok(200, "查询训练数据成功", data)


async def _search(cmd: SearchTraining, deps: Deps) -> dict[str, Any]:
    """What Vanna's retrieval gets for the question: the configured embedder, cosine distance."""
    p = cmd.payload
    embedder = build_embedder(deps.settings)
    [vector] = await embedder.embed([p.question])
    async with reading(deps) as conn:
        kinds: list[str] = list(p.types or ALL_TYPES)
        found = await store.nearest(conn, vector, kinds, p.k) if conn else []
    rows = [{**vars(n), "training_data_type": n.collection} for n in found]
    data = {"question": p.question, "k": p.k, "results": [document_view(r) for r in rows]}
    return ok(200, f"检索到 {len(rows)} 条训练数据", data)


async def training_stats(cmd: TrainingStats, deps: Deps) -> Handled:
    return Handled((await attempt(lambda: _stats(deps)))[0])


async def query_training(cmd: QueryTraining, deps: Deps) -> Handled:
    return Handled((await attempt(lambda: _query(cmd, deps)))[0])


async def search_training(cmd: SearchTraining, deps: Deps) -> Handled:
    return Handled((await attempt(lambda: _search(cmd, deps)))[0])
