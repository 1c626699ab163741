"""GET /training_data/stats, POST /training_data/query and /search: answered by the executor
over reply_to, on the reference documents embedded with the builtin embedder."""

import pytest

from services.executor.vectors import lock, store
from tests.e2e.vector_support import reference_docs, seed, vector_pool

__all__ = ["vector_pool"]
pytestmark = pytest.mark.usefixtures("executor")
TRAINING = "/api/v0/training_data"


async def _post(api, path, body):
    response = await api.post(f"{TRAINING}{path}", json=body)
    return response.status, await response.json()


async def test_search_finds_the_car_flow_ddl_first(gateway_api, vector_pool):
    await seed(vector_pool)

    status, body = await _post(
        gateway_api, "/search", {"question": "车流量", "k": 5, "types": ["ddl"]}
    )

    assert status == 200, body
    results = body["data"]["results"]
    assert len(results) == 5
    assert "bss_car_day_count" in results[0]["content"]
    assert results[0]["training_data_type"] == "ddl"
    assert results[0]["source_file"] == "bss_car_day_count.ddl"
    distances = [r["distance"] for r in results]
    assert distances == sorted(distances)
    assert 0 <= distances[0] < distances[-1] <= 2


async def test_search_over_every_type_shows_pairs_with_question_and_sql(gateway_api, vector_pool):
    await seed(vector_pool)
    status, body = await _post(
        gateway_api, "/search", {"question": "各服务区的车流量是多少", "k": 20}
    )
    assert status == 200
    kinds = {r["training_data_type"] for r in body["data"]["results"]}
    assert "sql" in kinds
    pair = next(r for r in body["data"]["results"] if r["training_data_type"] == "sql")
    assert pair["question"]
    assert pair["sql"]


async def test_search_validates_its_input(gateway_api):
    status, body = await _post(gateway_api, "/search", {"question": "", "k": 0})
    assert (status, body["error_code"]) == (400, "VALIDATION_ERROR")


async def test_stats_count_per_type_and_task(gateway_api, vector_pool):
    rows = await seed(vector_pool, task_id="task_20250721_202929")
    response = await gateway_api.get(f"{TRAINING}/stats")
    data = (await response.json())["data"]
    expected = {k: sum(d.collection == k for d in reference_docs()) for k in ("ddl", "sql")}
    assert data["total_count"] == rows
    assert data["type_breakdown"]["ddl"] == expected["ddl"]
    assert data["type_breakdown"]["error_sql"] == 0
    assert data["by_task"] == {"task_20250721_202929": rows}


async def test_query_pages_filters_and_sorts(gateway_api, vector_pool):
    await seed(vector_pool)
    status, body = await _post(
        gateway_api, "/query", {"training_data_type": "ddl", "page": 2, "page_size": 3}
    )
    assert status == 200
    data = body["data"]
    assert data["pagination"]["total"] == sum(d.collection == "ddl" for d in reference_docs())
    assert len(data["records"]) == 3
    ids = [r["id"] for r in data["records"]]
    assert ids == sorted(ids)
    status, body = await _post(gateway_api, "/query", {"search_keyword": "bss_car_day_count%"})
    assert body["data"]["pagination"]["total"] == 0  # matched literally, not as a pattern
    status, body = await _post(gateway_api, "/query", {"page_size": 101})
    assert (status, body["error_code"]) == (400, "VALIDATION_ERROR")


async def test_a_read_during_a_restore_is_a_quick_409_naming_it(gateway_api, vector_pool):
    """A truncating restore holds the tables until it commits: reads wait 3 s at most."""
    await seed(vector_pool)
    async with lock.exclusive(vector_pool, "restore vector_bak x") as conn, conn.transaction():
        await conn.execute("LOCK TABLE langchain_pg_embedding IN ACCESS EXCLUSIVE MODE")
        status, body = await _post(gateway_api, "/search", {"question": "车流量"})
    assert (status, body["error_code"]) == (409, "VECTOR_BUSY")
    assert body["data"]["running"] == "restore vector_bak x"


async def test_reads_on_a_store_without_tables_are_empty(gateway_api, vector_pool):
    await vector_pool.execute("DROP TABLE langchain_pg_embedding, langchain_pg_collection")
    try:
        status, body = await _post(gateway_api, "/search", {"question": "车流量"})
        assert (status, body["data"]["results"]) == (200, [])
        stats = await (await gateway_api.get(f"{TRAINING}/stats")).json()
        assert stats["data"]["total_count"] == 0
    finally:
        async with vector_pool.acquire() as conn:
            await store.ensure_schema(conn)
