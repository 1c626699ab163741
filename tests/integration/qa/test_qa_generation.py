"""qa_generation on the highway sample DB with the builtin provider."""

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import pytest

from services.executor.llm import build_llm
from services.executor.llm.base import LLM
from services.executor.steps import qa_generation
from shared.config import Settings
from shared.db import outputs
from shared.errors import LLMError, StepFailed
from shared.models import StepName
from shared.pair_files import current_pair_file
from shared.storage import Storage
from tests.helpers import new_task_id, wait_until
from tests.integration.qa.support import CountingLLM, prepare_schema_files, qa_params
from tests.steps_support import step_context


async def _run(
    pool: asyncpg.Pool,
    settings: Settings,
    params: dict[str, Any],
    task_id: str,
    llm: LLM | None = None,
) -> dict[str, Any]:
    async with step_context(pool, settings, StepName.qa_generation, params, task_id=task_id) as ctx:
        return await qa_generation.generate(ctx, llm or build_llm(settings))


@pytest.fixture
async def schema_task(
    pool: asyncpg.Pool, settings: Settings, business_db_url: str
) -> tuple[str, dict[str, Any]]:
    task_id = new_task_id()
    params = qa_params(business_db_url)
    await prepare_schema_files(pool, settings, task_id, params)
    return task_id, params


def settings_storage(settings: Settings) -> Storage:
    return Storage(settings.data_root)


async def _read_json(settings: Settings, task_id: str, name: str) -> Any:
    return json.loads((settings.data_root / task_id / name).read_text("utf-8"))


async def test_generates_five_themes_of_ten_pairs(pool, settings, schema_task):
    task_id, params = schema_task
    result = await _run(pool, settings, params, task_id)
    pairs = await _read_json(settings, task_id, result["output_file"])
    assert len(pairs) == 50
    assert all(set(p) == {"question", "sql"} and p["question"] and p["sql"] for p in pairs)
    assert (result["total_themes"], result["successful_themes"], result["failed_themes"]) == (
        5,
        5,
        [],
    )


async def test_result_names_the_current_pair_file_registered_as_primary(
    pool, settings, schema_task
):
    task_id, params = schema_task
    result = await _run(pool, settings, params, task_id)
    assert result["output_file"] == await current_pair_file(settings_storage(settings), task_id)
    record = await outputs.get_by_name(pool, task_id, result["output_file"])
    assert record is not None
    assert record.is_primary


async def test_intermediate_file_is_removed_after_a_clean_run(pool, settings, schema_task):
    task_id, params = schema_task
    await _run(pool, settings, params, task_id)
    names = await settings_storage(settings).names(task_id)
    assert not [n for n in names if n.startswith("qs_intermediate_")]


async def test_metadata_txt_executes_in_a_scratch_schema(pool, settings, schema_task):
    task_id, params = schema_task
    result = await _run(pool, settings, params, task_id)
    sql = (settings.data_root / task_id / "metadata.txt").read_text("utf-8")
    schema = f"qa_scratch_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(params["db_connection"])
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"; SET search_path TO "{schema}"')
        await conn.execute(sql)
        rows = await conn.fetch("SELECT topic_name, related_tables, biz_metrics FROM metadata")
    finally:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await conn.close()
    assert len(rows) == result["total_themes"]
    assert all(isinstance(r["related_tables"], list) and r["related_tables"] for r in rows)


async def test_decision_prompt_is_in_the_text_layout(pool, settings, schema_task):
    task_id, params = schema_task
    await _run(pool, settings, params, task_id)
    lines = (settings.data_root / task_id / "db_query_decision_prompt.txt").read_text("utf-8")
    lines = lines.splitlines()
    assert lines[0] == "=== 数据库业务范围 ==="
    assert "核心业务实体：" in lines
    assert "关键业务指标：" in lines
    entities = lines[lines.index("核心业务实体：") + 1 : lines.index("关键业务指标：")]
    assert entities
    assert all(line.startswith("- ") and "：" in line for line in entities)


async def test_metadata_detail_lists_theme_examples(pool, settings, schema_task):
    task_id, params = schema_task
    await _run(pool, settings, params, task_id)
    text = (settings.data_root / task_id / "metadata_detail.md").read_text("utf-8")
    assert text.startswith("## metadata（存储分析主题元数据）")
    assert "`related_tables` (text[]) - 涉及的数据表 [示例: bss_" in text


async def test_resumes_after_a_crash_generating_only_the_missing_themes(
    pool, settings, schema_task
):
    task_id, params = schema_task
    crashing = CountingLLM(build_llm(settings), fail_pairs={3: RuntimeError("进程崩溃")})
    with pytest.raises(RuntimeError):
        await _run(pool, settings, params, task_id, crashing)
    counting = CountingLLM(build_llm(settings))
    result = await _run(pool, settings, params, task_id, counting)
    assert counting.calls["extract_themes"] == 0
    assert counting.calls["generate_pairs"] == 3
    assert result["resumed_themes"] == 2
    assert result["total_questions"] == 50


async def test_resumes_after_a_cancel(pool, settings, schema_task):
    task_id, params = schema_task
    hanging = CountingLLM(build_llm(settings), hang_on_pairs=4)
    running = asyncio.create_task(_run(pool, settings, params, task_id, hanging))

    async def fourth_call_started() -> bool:
        return hanging.calls["generate_pairs"] == 4

    await wait_until(fourth_call_started, timeout=30)
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    counting = CountingLLM(build_llm(settings))
    result = await _run(pool, settings, params, task_id, counting)
    assert counting.calls["generate_pairs"] == 2
    assert result["resumed_themes"] == 3


async def test_a_failed_theme_is_recorded_and_retried_by_the_next_run(pool, settings, schema_task):
    task_id, params = schema_task
    flaky = CountingLLM(build_llm(settings), fail_pairs={2: LLMError("超时")})
    first = await _run(pool, settings, params, task_id, flaky)
    assert (first["successful_themes"], len(first["failed_themes"])) == (4, 1)
    assert first["total_questions"] == 40
    retry = CountingLLM(build_llm(settings))
    second = await _run(pool, settings, params, task_id, retry)
    assert retry.calls["generate_pairs"] == 1
    assert second["total_questions"] == 50
    assert second["failed_themes"] == []


async def test_all_themes_failing_fails_the_step(pool, settings, schema_task):
    task_id, params = schema_task
    failures = {n: LLMError("服务不可用") for n in range(1, 6)}
    with pytest.raises(StepFailed, match="全部 5 个主题生成失败"):
        await _run(pool, settings, params, task_id, CountingLLM(build_llm(settings), failures))


async def test_missing_table_files_fail_clearly(pool, settings, schema_task):
    task_id, params = schema_task
    (settings.data_root / task_id / "bss_company_detail.md").unlink()
    (settings.data_root / task_id / "bss_service_area.ddl").unlink()
    with pytest.raises(StepFailed) as failure:
        await _run(pool, settings, params, task_id)
    assert "bss_company_detail.md" in failure.value.message
    assert "bss_service_area.ddl" in failure.value.message


async def test_a_newer_stale_pair_file_never_stays_current(pool, settings, schema_task):
    task_id, params = schema_task
    stale = settings.data_root / task_id / "qs_highway_db_20991231_235959_pair.json"
    stale.write_text("[]", "utf-8")
    result = await _run(pool, settings, params, task_id)
    assert await current_pair_file(settings_storage(settings), task_id) == result["output_file"]
