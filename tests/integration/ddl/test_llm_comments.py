"""With DP_LLM_PROVIDER=openai the model fills missing comments only (fake OpenAI server)."""

import asyncpg
import pytest

from shared.config import Settings
from shared.db import logs
from tests.fakes.llm_server import FakeLLMServer
from tests.integration.ddl.support import StepRun, run_ddl_step

SCHEMA_SQL = """
DROP SCHEMA IF EXISTS llm CASCADE;
CREATE SCHEMA llm;
CREATE TABLE llm.t (id integer PRIMARY KEY, a text, b text);
COMMENT ON COLUMN llm.t.a IS '数据库注释';
CREATE TABLE llm.done (id integer PRIMARY KEY);
COMMENT ON TABLE llm.done IS '已有注释的表';
COMMENT ON COLUMN llm.done.id IS '编号';
"""
ANSWER = {
    "table_comment": "大模型表注释，测试用",
    "columns": [
        {"name": "id", "comment": "大模型ID"},
        {"name": "a", "comment": "大模型A"},
        {"name": "b", "comment": "大模型B"},
    ],
}


@pytest.fixture
async def llm_schema(scratch_db_url: str) -> str:
    conn = await asyncpg.connect(scratch_db_url)
    try:
        await conn.execute(SCHEMA_SQL)
    finally:
        await conn.close()
    return scratch_db_url


def openai_settings(settings: Settings, fake: FakeLLMServer) -> Settings:
    update = {"llm_provider": "openai", "llm_base_url": fake.base_url, "llm_model": "fake-model"}
    return settings.model_copy(update=update)


async def run_with(
    pool: asyncpg.Pool, settings: Settings, fake: FakeLLMServer, url: str
) -> StepRun:
    params = {"db_connection": url}
    return await run_ddl_step(pool, openai_settings(settings, fake), params, "llm.t\nllm.done")


async def test_missing_comments_come_from_the_model_and_db_comments_stay(
    pool: asyncpg.Pool, settings: Settings, fake_llm: FakeLLMServer, llm_schema: str
) -> None:
    fake_llm.reply_json(ANSWER)
    run = await run_with(pool, settings, fake_llm, llm_schema)
    ddl = run.text("llm_t.ddl").splitlines()
    assert ddl[0] == "-- 中文名: 大模型表注释"
    assert ddl[2] == "create schema if not exists llm;"
    assert [line.split("-- ")[1] for line in ddl[4:7]] == [
        "大模型ID，主键",
        "数据库注释",
        "大模型B",
    ]
    assert len(fake_llm.chat_requests) == 1  # llm.done has every comment: no call for it


async def test_a_failing_model_leaves_the_builtin_comments(
    pool: asyncpg.Pool, settings: Settings, fake_llm: FakeLLMServer, llm_schema: str
) -> None:
    fake_llm.reply_text("这不是 JSON")
    run = await run_with(pool, settings, fake_llm, llm_schema)
    ddl = run.text("llm_t.ddl").splitlines()
    assert ddl[0] == "-- 中文名: t"
    assert [line.split("-- ")[1] for line in ddl[3:6]] == ["主键ID，主键", "数据库注释", "b"]
    warnings = await logs.query(pool, run.task_id, min_level="WARNING", text="大模型注释生成失败")
    assert len(warnings) == 1
