"""ddl_generation on tables the sample DB lacks: defaults, dropped columns, arrays, odd names,
composite keys, cross-schema keys, views and partitioned tables."""

from collections.abc import AsyncIterator

import asyncpg
import pytest

from shared.config import Settings
from tests.integration.ddl.support import StepRun, run_ddl_step

EDGE_SCHEMA = """
DROP SCHEMA IF EXISTS edge CASCADE;
CREATE SCHEMA edge;
CREATE TABLE edge.parent (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "Name" text NOT NULL,
  "order" integer
);
COMMENT ON TABLE edge.parent IS '父表，测试用';
CREATE TABLE edge.child (
  id bigserial PRIMARY KEY,
  dropped_col text,
  parent_id uuid REFERENCES edge.parent (id),
  state varchar(20) NOT NULL DEFAULT 'draft',
  payload jsonb DEFAULT '{}'::jsonb,
  created_at timestamptz DEFAULT now(),
  amount numeric(12,2) DEFAULT 0,
  tags text[],
  note text
);
COMMENT ON COLUMN edge.child.state IS '状态';
COMMENT ON COLUMN edge.child.note IS '备注说明';
ALTER TABLE edge.child DROP COLUMN dropped_col;
INSERT INTO edge.child (state, note)
  SELECT CASE WHEN i % 3 = 0 THEN 'done' ELSE 'draft' END, 'n' || i FROM generate_series(1, 30) i;
CREATE TABLE edge.user_role_rel (user_id integer, role_id integer, PRIMARY KEY (user_id, role_id));
CREATE VIEW edge.child_view AS SELECT id, state FROM edge.child;
CREATE TABLE edge.events (id integer, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE edge.events_2024 PARTITION OF edge.events
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE edge."MixedCase" (a integer);
"""
TABLES = ["edge.parent", "edge.child", "edge.user_role_rel", "edge.child_view", "edge.events",
          "edge.MixedCase"]  # fmt: skip


@pytest.fixture(scope="module")
async def edge_run(pool: asyncpg.Pool, settings: Settings, scratch_db_url: str) -> StepRun:
    conn = await asyncpg.connect(scratch_db_url)
    try:
        await conn.execute(EDGE_SCHEMA)
    finally:
        await conn.close()
    return await run_ddl_step(pool, settings, {"db_connection": scratch_db_url}, "\n".join(TABLES))


def column_lines(run: StepRun, name: str) -> dict[str, str]:
    lines = run.text(name).splitlines()
    return {line.split()[0]: line for line in lines if line.startswith("  ") and "--" in line}


def test_every_kind_of_relation_is_documented(edge_run: StepRun) -> None:
    assert (edge_run.result["processed_successfully"], edge_run.result["failed"]) == (6, 0)


def test_comments_follow_the_column_not_its_position_after_a_drop(edge_run: StepRun) -> None:
    lines = column_lines(edge_run, "edge_child.ddl")
    assert (lines["state"].split("-- ")[1], lines["note"].split("-- ")[1]) == ("状态", "备注说明")


def test_defaults_are_sql_and_serial_columns_stay_serial(edge_run: StepRun) -> None:
    child, parent = (
        column_lines(edge_run, "edge_child.ddl"),
        column_lines(edge_run, "edge_parent.ddl"),
    )
    definitions = [
        child["id"].split(",")[0],
        child["state"].split(",")[0],
        child["payload"].split(",")[0],
        child["created_at"].split(",")[0],
        parent["id"].split(",")[0],
    ]
    assert definitions == [
        "  id bigserial not null",
        "  state varchar(20) not null default 'draft'",
        "  payload jsonb default '{}'",
        "  created_at timestamptz default current_timestamp",
        "  id uuid not null default gen_random_uuid()",
    ]


def test_odd_names_are_quoted(edge_run: StepRun) -> None:
    parent = column_lines(edge_run, "edge_parent.ddl")
    assert parent['"Name"'].startswith('  "Name" text not null,')
    assert parent['"order"'].startswith('  "order" integer,')
    assert 'create table edge."MixedCase" (' in edge_run.text("edge_MixedCase.ddl")


def test_cross_schema_foreign_key_and_notes(edge_run: StepRun) -> None:
    notes = edge_run.text("edge_child_detail.md").split("字段补充说明：\n")[1].splitlines()
    assert notes == [
        "- id 为主键",
        "- parent_id 为外键，关联 edge.parent.id",
        "- state 为枚举字段，包含取值：draft、done",
        "- parent_id 使用 UUID 编码",
        "- payload 存储JSON格式数据",
        "- created_at 自动记录当前时间",
    ]


def test_uuid_composite_key_and_relation_table_notes(edge_run: StepRun) -> None:
    assert "- id 使用 UUID 编码" in edge_run.text("edge_parent_detail.md")
    rel = edge_run.text("edge_user_role_rel_detail.md").splitlines()
    assert rel[-2:] == ["- 复合主键：user_id, role_id", "- 本表是关联表，用于多对多关系映射"]


def test_tables_without_comments_use_their_name_and_builtin_column_comments(
    edge_run: StepRun,
) -> None:
    ddl = edge_run.text("edge_user_role_rel.ddl").splitlines()
    assert ddl[0] == "-- 中文名: user_role_rel"
    assert ddl[1] == "create schema if not exists edge;"
    assert ddl[3].endswith("-- 用户ID，主键")
    assert edge_run.text("edge_user_role_rel_detail.md").startswith(
        "## edge.user_role_rel（用户角色关联）"
    )


def test_timestamptz_and_arrays_in_the_doc_types(edge_run: StepRun) -> None:
    detail = edge_run.text("edge_child_detail.md")
    assert "- created_at (timestamptz) - " in detail
    assert "- tags (text[]) - " in detail


@pytest.fixture
async def exec_schema(scratch_db_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(scratch_db_url)
    await conn.execute("DROP SCHEMA IF EXISTS edge_exec CASCADE; CREATE SCHEMA edge_exec")
    try:
        yield conn
    finally:
        await conn.execute("DROP SCHEMA IF EXISTS edge_exec CASCADE")
        await conn.close()


async def test_every_generated_ddl_executes(
    edge_run: StepRun, exec_schema: asyncpg.Connection
) -> None:
    for path in sorted(edge_run.task_dir.glob("*.ddl")):
        await exec_schema.execute(
            path.read_text("utf-8").replace("create table edge.", "create table edge_exec.")
        )
    count = await exec_schema.fetchval(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'edge_exec'"
    )
    assert count == len(TABLES)
