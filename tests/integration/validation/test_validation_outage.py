"""sql_validation when the app database goes away mid-step (its progress report fails): the
step fails promptly with that error and gives every business connection back. Before, the
checks still running kept their connections past the pool's close, which then waited forever
while the execution's heartbeat stayed fresh (the 60-workflow fault trial hung on it)."""

import asyncio
import json
import uuid

import asyncpg
import pytest

from services.executor.steps import sql_validation
from services.executor.steps.bounded import all_or_none, close_pool
from services.executor.steps.sql_validation import validator
from shared.config import Settings
from shared.models import StepName
from tests.helpers import new_task_id, wait_until
from tests.integration.qa.support import prepare_schema_files, qa_params
from tests.steps_support import step_context

PAIR_FILE = "qs_highway_db_20250101_000000_pair.json"
# Each EXPLAIN plans a join of every pair of tables: long enough to be in flight.
SQL = "SELECT count(*) FROM bss_company a, bss_service_area b, bss_company c WHERE a.id <> c.id"


async def _no_session(observer: asyncpg.Connection, application_name: str) -> bool:
    """The server has no session left with that name (a closed one leaves within moments)."""
    query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1"
    return int(await observer.fetchval(query, application_name)) == 0


@pytest.mark.timeout(60)
async def test_a_failed_progress_report_ends_the_step_and_returns_its_connections(
    pool: asyncpg.Pool, settings: Settings, business_db_url: str, monkeypatch: pytest.MonkeyPatch
):
    # Other suites validate on this server too: this run's sessions get a name of their own.
    name = f"dp_validation_outage_{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(validator._SESSION, "application_name", name)
    task_id = new_task_id()
    params = qa_params(business_db_url)
    await prepare_schema_files(pool, settings, task_id, params)
    items = [{"question": f"问题{n}", "sql": SQL} for n in range(40)]
    text = json.dumps(items, ensure_ascii=False)
    (settings.data_root / task_id / PAIR_FILE).write_text(text, "utf-8")
    business = await asyncpg.connect(business_db_url)
    step = StepName.sql_validation
    async with step_context(pool, settings, step, params, task_id=task_id) as ctx:

        async def app_database_gone(_fraction: float) -> None:
            raise ConnectionRefusedError("app database gone")

        ctx.report_progress = app_database_gone
        with pytest.raises(ConnectionRefusedError):
            async with asyncio.timeout(15):  # before: Pool.close() never returned
                await sql_validation.run(ctx)
    try:
        await wait_until(lambda: _no_session(business, name), timeout=5)
    finally:
        await business.close()


async def test_all_or_none_cancels_the_others_and_raises_the_first_failure():
    stopped: list[int] = []

    async def slow(n: int) -> int:
        try:
            await asyncio.sleep(30)
        finally:
            stopped.append(n)
        return n

    async def failing() -> int:
        raise ValueError("first")

    with pytest.raises(ValueError, match="first"):
        await all_or_none([slow(1), failing(), slow(2)])
    assert sorted(stopped) == [1, 2]  # both had stopped when the failure was raised
    assert await all_or_none([asyncio.sleep(0, result=n) for n in range(3)]) == [0, 1, 2]


async def test_close_pool_terminates_a_connection_never_given_back(business_db_url: str):
    name = "dp_close_pool_test"
    pool = await asyncpg.create_pool(
        business_db_url, min_size=1, max_size=1, server_settings={"application_name": name}
    )
    await pool.acquire()  # never released
    async with asyncio.timeout(5):
        await close_pool(pool, timeout=0.5)
    observer = await asyncpg.connect(business_db_url)
    try:
        await wait_until(lambda: _no_session(observer, name), timeout=5)
    finally:
        await observer.close()
