"""Many tables: their queries run on several sessions, a few tables ahead; the documents,
business keys, logs and failures are those of one session."""

import asyncio
from pathlib import Path

import asyncpg
import pytest

from services.executor.steps.ddl_generation import sessions
from services.executor.steps.ddl_generation.sessions import Sessions
from shared.config import Settings
from tests.integration.ddl.support import run_ddl_step

TABLES = 32


def _schema() -> str:
    sql = ["DROP SCHEMA IF EXISTS many CASCADE", "CREATE SCHEMA many"]
    for i in range(TABLES):
        sql.append(f"CREATE TABLE many.t{i:02d} (id int PRIMARY KEY, kind_code varchar(4), "
                   f"ref_no varchar(12), status varchar(8))")  # fmt: skip
        sql.append(f"INSERT INTO many.t{i:02d} SELECT g, 'K' || (g % 3), 'R' || g, "
                   f"CASE WHEN g % 2 = 0 THEN 'on' ELSE 'off' END "
                   f"FROM generate_series(1, {20 + i}) g")  # fmt: skip
    return ";\n".join(sql)


@pytest.fixture(scope="module")
async def many_tables_url(scratch_db_url: str) -> str:
    conn = await asyncpg.connect(scratch_db_url)
    try:
        await conn.execute(_schema())
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return scratch_db_url


def _documents(task_dir: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(task_dir.iterdir()) if p.suffix in {
        ".ddl", ".md"}}  # fmt: skip


async def test_several_sessions_write_what_one_session_writes(
    pool, settings: Settings, many_tables_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = "\n".join([*(f"many.t{i:02d}" for i in range(TABLES)), "many.missing"])
    params = {"db_name": "many", "db_connection": many_tables_url}
    assert sessions.session_count(TABLES + 1) == sessions.MAX_SESSIONS
    several = await run_ddl_step(pool, settings, params, names)
    monkeypatch.setattr(sessions, "MAX_SESSIONS", 1)
    one = await run_ddl_step(pool, settings, params, names)
    assert _documents(several.task_dir) == _documents(one.task_dir)
    assert len(_documents(one.task_dir)) == 2 * TABLES
    assert several.result["failed_tables"] == one.result["failed_tables"]
    logs = [
        await pool.fetch(
            "SELECT message FROM data_pipeline_task_logs WHERE task_id = $1 ORDER BY id",
            run.task_id,
        )
        for run in (several, one)
    ]
    assert [r["message"] for r in logs[0]] == [r["message"] for r in logs[1]]


async def test_results_come_in_item_order_and_an_error_in_its_turn() -> None:
    done: list[int] = []

    async def work(conn: object, item: int) -> int:
        for _ in range(5 - item % 5):  # later items finish first
            await asyncio.sleep(0)
        if item == 7:
            raise ValueError(item)
        done.append(item)
        return item * 10

    runner = Sessions(["a", "b", "c"])  # type: ignore[list-item]
    got: list[int] = []

    async def consume() -> None:
        async for result in runner.ordered(range(20), work):
            got.append(result)

    with pytest.raises(ValueError, match="7"):
        await consume()
    assert got == [0, 10, 20, 30, 40, 50, 60]
    assert max(done) < 7 + 2 * 3 + 1  # never more than the look-ahead beyond the consumer
