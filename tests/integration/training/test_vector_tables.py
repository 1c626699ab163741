"""Backup of the vector tables to CSV, truncate after backup, and cosine retrieval."""

import csv
import json
from pathlib import Path

import pytest

from services.executor.embeddings import HashingEmbedder
from services.executor.steps import training_load
from services.executor.vectors import store
from shared.errors import StepFailed
from shared.models import StepName
from tests.integration.training.support import PARAMS, copy_reference_files, rows_of, run_step
from tests.steps_support import step_context


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


async def test_backup_writes_both_tables_with_valid_json_metadata(
    app_pool, training_settings, empty_store
):
    first_task, first = await run_step(app_pool, training_settings)
    task_id, result = await run_step(app_pool, training_settings, backup_vector_tables=True)
    backup = result["vector_backup"]
    task_dir = training_settings.data_root / task_id
    embeddings = read_csv(
        task_dir / backup["tables_backed_up"]["langchain_pg_embedding"]["backup_file"]
    )
    collections = read_csv(
        task_dir / backup["tables_backed_up"]["langchain_pg_collection"]["backup_file"]
    )
    assert len(embeddings) == sum(first["loaded"].values())
    assert {json.loads(r["cmetadata"])["task_id"] for r in embeddings} == {first_task}
    assert all(
        len(json.loads(r["embedding"])) == training_settings.embedding_dim for r in embeddings
    )
    assert {r["name"] for r in collections} == {"sql", "ddl", "documentation", "error_sql"}
    assert not backup["truncate_performed"]
    assert list((task_dir / "vector_bak").glob("*.tmp")) == []


async def test_truncate_backs_up_then_empties_before_loading(
    app_pool, training_settings, empty_store
):
    first_task, first = await run_step(app_pool, training_settings)
    task_id, result = await run_step(app_pool, training_settings, truncate_vector_tables=True)
    backup = result["vector_backup"]
    assert backup["truncate_performed"]
    assert result["truncated_rows"] == sum(first["loaded"].values())
    task_dir = training_settings.data_root / task_id
    saved = read_csv(task_dir / backup["tables_backed_up"]["langchain_pg_embedding"]["backup_file"])
    assert len(saved) == result["truncated_rows"]
    assert await rows_of(empty_store, first_task) == []
    assert result["loaded"] == first["loaded"]  # reloaded by this task after the truncate


async def test_car_flow_question_retrieves_the_car_count_table_first(
    app_pool, training_settings, empty_store
):
    await run_step(app_pool, training_settings)
    embedder = HashingEmbedder(training_settings.embedding_dim)
    [question] = await embedder.embed(["各服务区的车流量是多少"])
    async with empty_store.acquire() as conn:
        nearest = await store.nearest(conn, question, ["ddl", "documentation"], 2)
    assert {n.cmetadata["source_file"] for n in nearest} == {
        "bss_car_day_count.ddl",
        "bss_car_day_count_detail.md",
    }


async def test_a_failed_backup_fails_the_step_and_truncates_nothing(
    app_pool, training_settings, empty_store
):
    first_task, first = await run_step(app_pool, training_settings)
    async with step_context(
        app_pool,
        training_settings,
        StepName.training_load,
        PARAMS,
        options={"truncate_vector_tables": True},
    ) as ctx:
        task_dir = ctx.storage.task_dir(ctx.task_id)
        copy_reference_files(task_dir)
        (task_dir / "vector_bak").write_text("a file where the backup dir should go", "utf-8")
        with pytest.raises(StepFailed, match="备份目录"):
            await training_load.run(ctx)
    assert len(await rows_of(empty_store, first_task)) == sum(first["loaded"].values())
