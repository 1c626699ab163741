"""training_load on the reference highway_db outputs, into a real pgvector store."""

import json
from typing import Any

import asyncpg

from services.executor.steps import training_load
from services.executor.vectors import store
from shared.config import Settings
from shared.db import executions, outputs
from shared.models import StepName
from tests.integration.training.conftest import REFERENCE_DIR, copy_reference_files
from tests.steps_support import step_context

PARAMS = {"db_name": "highway_db", "business_context": "高速公路服务区管理系统"}
PAIR_FILE = "qs_highway_db_20250721_203452_pair.json"


def reference_pair_count() -> int:
    return len(json.loads((REFERENCE_DIR / PAIR_FILE).read_text("utf-8")))


async def run_step(
    pool: asyncpg.Pool, settings: Settings, task_id: str | None = None, **options: Any
) -> tuple[str, dict[str, Any]]:
    async with step_context(
        pool, settings, StepName.training_load, PARAMS, task_id=task_id, options=options
    ) as ctx:
        if task_id is None:
            copy_reference_files(ctx.storage.task_dir(ctx.task_id))
        return ctx.task_id, await training_load.run(ctx)


async def rows_of(vector_pool: asyncpg.Pool, task_id: str) -> list[asyncpg.Record]:
    return await vector_pool.fetch(
        "SELECT e.id, e.document, e.cmetadata, c.name AS collection"
        " FROM langchain_pg_embedding e JOIN langchain_pg_collection c ON c.uuid = e.collection_id"
        " WHERE e.cmetadata->>'task_id' = $1",
        task_id,
    )


async def test_loads_every_reference_file_once_per_collection(
    app_pool, training_settings, empty_store
):
    task_id, result = await run_step(app_pool, training_settings)
    expected = {"ddl": 7, "documentation": 8, "sql": reference_pair_count()}
    assert result["loaded"] == expected
    rows = await rows_of(empty_store, task_id)
    per_collection = {name: sum(r["collection"] == name for r in rows) for name in expected}
    assert per_collection == expected


async def test_rows_follow_the_vanna_layout(app_pool, training_settings, empty_store):
    task_id, _ = await run_step(app_pool, training_settings)
    rows = await rows_of(empty_store, task_id)
    suffix = {"ddl": "-ddl", "documentation": "-doc", "sql": "-sql"}
    assert all(r["id"].endswith(suffix[r["collection"]]) for r in rows)
    assert all(r["cmetadata"]["id"] == r["id"] for r in rows)
    sql_rows = [r for r in rows if r["collection"] == "sql"]
    assert all(r["cmetadata"]["createdat"] is None for r in sql_rows)
    assert all(r["cmetadata"]["source_file"] == PAIR_FILE for r in sql_rows)
    first_question = json.loads((REFERENCE_DIR / PAIR_FILE).read_text("utf-8"))[0]["question"]
    documents = [json.loads(r["document"]) for r in sql_rows]
    assert first_question in {d["question"] for d in documents}
    assert any(first_question in r["document"] for r in sql_rows)  # non-ASCII kept as is


async def test_files_are_listed_in_a_stable_order_without_backups(
    app_pool, training_settings, empty_store
):
    _, result = await run_step(app_pool, training_settings)
    names = [f["file"] for f in result["files"]]
    ddl = sorted(p.name for p in REFERENCE_DIR.glob("*.ddl"))
    docs = sorted(p.name for p in REFERENCE_DIR.glob("*_detail.md"))
    assert names == [*ddl, *docs, PAIR_FILE]


async def test_rerun_adds_nothing(app_pool, training_settings, empty_store):
    task_id, first = await run_step(app_pool, training_settings)
    _, second = await run_step(app_pool, training_settings, task_id=task_id)
    assert second["loaded"] == {"ddl": 0, "documentation": 0, "sql": 0}
    assert second["skipped_duplicates"] == sum(first["loaded"].values())
    async with empty_store.acquire() as conn:
        assert await store.count_embeddings(conn) == sum(first["loaded"].values())


async def test_another_task_with_the_same_content_adds_nothing(
    app_pool, training_settings, empty_store
):
    _, first = await run_step(app_pool, training_settings)
    other_task, second = await run_step(app_pool, training_settings)
    assert sum(second["loaded"].values()) == 0
    assert await rows_of(empty_store, other_task) == []
    assert second["skipped_duplicates"] == sum(first["loaded"].values())


async def test_log_file_is_written_and_registered(app_pool, training_settings, empty_store):
    task_id, result = await run_step(app_pool, training_settings)
    registered = {o.file_name for o in await outputs.list_for_task(app_pool, task_id)}
    assert result["log_file"] in registered
    log_path = training_settings.data_root / task_id / result["log_file"]
    text = log_path.read_text("utf-8")
    assert f"本次新增: ddl=7, documentation=8, sql={reference_pair_count()}" in text
    assert "bss_car_day_count.ddl [ddl] 文档 1, 新增 1" in text


async def test_progress_reaches_the_end_of_the_load_band(app_pool, training_settings, empty_store):
    task_id, _ = await run_step(app_pool, training_settings)
    [execution] = await executions.list_for_task(app_pool, task_id)
    assert execution.progress == 100
