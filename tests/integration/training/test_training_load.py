"""training_load on the reference highway_db outputs, into a real pgvector store."""

import json

from services.executor.vectors import store
from shared.db import executions, outputs
from tests.integration.ddl.support import REFERENCE_DIR
from tests.integration.training.support import (
    PAIR_FILE,
    reference_pair_count,
    rows_of,
    run_step,
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
