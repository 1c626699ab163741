"""The store's advisory lock: loads share it, backup/restore/truncate hold it alone."""

import pytest

from services.executor.vectors import lock
from shared.errors import StepFailed, VectorBusy
from tests.integration.training.support import run_step


async def test_a_load_is_refused_while_a_restore_runs(app_pool, training_settings, empty_store):
    async with lock.exclusive(empty_store, "restore vector_bak 20250721_203000"):
        with pytest.raises(StepFailed, match="向量库正忙: restore vector_bak 20250721_203000"):
            await run_step(app_pool, training_settings)
    assert await empty_store.fetchval("SELECT count(*) FROM langchain_pg_embedding") == 0


async def test_two_loads_share_the_store(app_pool, training_settings, empty_store):
    async with lock.shared(empty_store, "training_load task_other"):
        _, result = await run_step(app_pool, training_settings)
    assert result["loaded"]["ddl"] > 0


async def test_a_load_that_truncates_waits_for_no_one(app_pool, training_settings, empty_store):
    async with lock.shared(empty_store, "training_load task_other"):
        with pytest.raises(StepFailed, match="training_load task_other"):
            await run_step(app_pool, training_settings, truncate_vector_tables=True)


async def test_a_restore_is_refused_while_a_load_runs(empty_store):
    async with lock.shared(empty_store, "training_load task_a"):
        with pytest.raises(VectorBusy) as refused:
            async with lock.exclusive(empty_store, "restore x"):
                pass
    assert refused.value.data["running"] == "training_load task_a"
