"""training_load fails clearly: nothing to load, no pgvector, mismatched dimensions."""

import pytest

from services.executor.steps import training_load
from shared.config import Settings
from shared.errors import StepFailed
from shared.models import StepName
from tests.helpers.databases import server_has_vector
from tests.integration.training.support import PARAMS, copy_reference_files, run_step
from tests.steps_support import step_context


async def test_a_task_dir_without_training_files_fails(app_pool, training_settings):
    async with step_context(app_pool, training_settings, StepName.training_load, PARAMS) as ctx:
        ctx.storage.task_dir(ctx.task_id).joinpath("metadata.txt").write_text("-- 不加载", "utf-8")
        with pytest.raises(StepFailed, match="没有可加载的训练数据"):
            await training_load.run(ctx)


async def test_a_vector_db_without_pgvector_fails(app_pool, training_settings, pg_server_url):
    if await server_has_vector(pg_server_url):
        pytest.skip("this PostgreSQL has pgvector: the app DB could be given the extension")
    no_vector = training_settings.model_copy(
        update={"vector_database_url": training_settings.database_url}
    )
    async with step_context(app_pool, no_vector, StepName.training_load, PARAMS) as ctx:
        copy_reference_files(ctx.storage.task_dir(ctx.task_id))
        with pytest.raises(StepFailed, match="vector"):
            await training_load.run(ctx)


def _openai_eight_dims(settings: Settings, url: str) -> Settings:
    """The fake OpenAI embeddings endpoint, answering 8-dimensional vectors."""
    return settings.model_copy(
        update={
            "embedding_provider": "openai",
            "embedding_base_url": url,
            "embedding_model": "bge-m3",
            "embedding_dim": 8,
        }
    )


async def test_loading_other_dimensions_than_the_store_holds_fails(
    app_pool, training_settings, empty_store, fake_embeddings
):
    await run_step(app_pool, training_settings)  # builtin, 1024 dims
    _, url = fake_embeddings
    eight_dims = _openai_eight_dims(training_settings, url)
    with pytest.raises(StepFailed, match="已有 1024 维向量"):
        await run_step(app_pool, eight_dims)


async def test_openai_embeddings_load_after_a_truncate(
    app_pool, training_settings, empty_store, fake_embeddings
):
    await run_step(app_pool, training_settings)
    state, url = fake_embeddings
    eight_dims = _openai_eight_dims(training_settings, url)
    _, result = await run_step(app_pool, eight_dims, truncate_vector_tables=True)
    assert sum(result["loaded"].values()) == sum(len(r["input"]) for r in state.requests)
    assert result["embedding"] == "openai bge-m3 (8 维)"
