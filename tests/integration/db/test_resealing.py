"""Rows written before secrets at rest (migration 003) hold clear passwords and keys in
`parameters`: the gateway seals them at start-up, and the original still opens for the
executor."""

import asyncpg

from shared.config import Settings
from shared.db import tasks
from shared.resealing import reseal_legacy_tasks
from shared.secret_box import load_box
from tests.helpers.api import gateway_client, task_detail
from tests.helpers.tasks import make_task

PASSWORD = "legacy pw@9"  # a space and an @: the forms masking once missed
DSN = f"postgresql://olduser:{PASSWORD.replace(' ', '%20').replace('@', '%40')}@127.0.0.1:5432/hw"
API_KEY = "sk-legacy-0123456789"


async def test_legacy_rows_are_sealed_once_and_still_open(
    pool: asyncpg.Pool, settings: Settings
) -> None:
    clear = {"db_connection": DSN, "llm_config": {"api_key": API_KEY}, "table_list": ["a"]}
    secret_id = await make_task(pool, settings.data_root, parameters=clear)
    plain_id = await make_task(pool, settings.data_root, parameters={"table_list": ["b"]})
    box = load_box(settings)

    assert await reseal_legacy_tasks(pool, box) >= 1
    sealed = await tasks.get(pool, secret_id)
    assert sealed is not None
    assert sealed.sealed_parameters is not None
    stored = str(sealed.parameters) + sealed.sealed_parameters
    assert "legacy%20pw" not in stored
    assert API_KEY not in stored
    assert sealed.parameters["table_list"] == ["a"]
    assert box.open(sealed.sealed_parameters) == clear  # what the executor connects with
    untouched = await tasks.get(pool, plain_id)
    assert untouched is not None
    assert untouched.sealed_parameters is None
    assert untouched.parameters == {"table_list": ["b"]}

    again = await reseal_legacy_tasks(pool, box)  # nothing left to seal from this test
    assert (await tasks.get(pool, secret_id)) == sealed
    assert again == 0


async def test_gateway_start_seals_a_legacy_row(pool: asyncpg.Pool, settings: Settings) -> None:
    legacy = {"db_connection": DSN, "table_list": ["a"]}
    task_id = await make_task(pool, settings.data_root, parameters=legacy)
    async with gateway_client(settings) as client:
        row = await tasks.get(pool, task_id)
        assert row is not None
        assert row.sealed_parameters is not None
        assert "legacy%20pw" not in str(row.parameters)
        detail = await task_detail(client, task_id)
        assert "legacy%20pw" not in str(detail)
        assert "olduser:" in str(detail)
