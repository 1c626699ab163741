"""training_data.stats, .query, .search: reads answered over reply_to, never recorded."""

from typing import Any

from services.executor.deps import Deps
from services.executor.embeddings import build_embedder
from services.executor.handlers import Handled
from services.executor.vector_commands.recorded import attempt
from services.executor.vector_commands.session import vector_store
from services.executor.vector_commands.views import document_view
from services.executor.vectors import catalog, store
from shared.envelope import ok
from shared.messages import QueryTraining, SearchTraining, TrainingStats
from shared.vector_payloads import ALL_TYPES


async def _stats(deps: Deps) -> dict[str, Any]:
    async with vector_store(deps.settings) as pool:
        by_type = await catalog.counts_by_type(pool)
        by_task = await catalog.counts_by_task(pool)
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
    async with vector_store(deps.settings) as pool:
        total, rows = await catalog.page(
            pool,
            kind=p.training_data_type,
            keyword=p.search_keyword,
            task_id=p.task_id,
            order=p.sort_by,
            descending=p.sort_order == "desc",
            limit=p.page_size,
            offset=(p.page - 1) * p.page_size,
        )
    pages = (total + p.page_size - 1) // p.page_size
    pagination = {"page": p.page, "page_size": p.page_size, "total": total, "total_pages": pages}
    data = {"records": [document_view(r) for r in rows], "pagination": pagination}
    return ok(200, "查询训练数据成功", data)


async def _search(cmd: SearchTraining, deps: Deps) -> dict[str, Any]:
    """What Vanna's retrieval gets for the question: the configured embedder, cosine distance."""
    p = cmd.payload
    embedder = build_embedder(deps.settings)
    [vector] = await embedder.embed([p.question])
    async with vector_store(deps.settings) as pool, pool.acquire() as conn:
        found = await store.nearest(conn, vector, list(p.types or ALL_TYPES), p.k)
    rows = [{**vars(n), "training_data_type": n.collection} for n in found]
    data = {"question": p.question, "k": p.k, "results": [document_view(r) for r in rows]}
    return ok(200, f"检索到 {len(rows)} 条训练数据", data)


async def training_stats(cmd: TrainingStats, deps: Deps) -> Handled:
    return Handled((await attempt(lambda: _stats(deps)))[0])


async def query_training(cmd: QueryTraining, deps: Deps) -> Handled:
    return Handled((await attempt(lambda: _query(cmd, deps)))[0])


async def search_training(cmd: SearchTraining, deps: Deps) -> Handled:
    return Handled((await attempt(lambda: _search(cmd, deps)))[0])
