"""Start from saved progress when an earlier run of this step crashed or was cancelled."""

from typing import Any

from services.executor.context import StepContext
from services.executor.llm.base import LLM, SchemaDocs, Theme
from services.executor.steps.qa_generation import chunking
from services.executor.steps.qa_generation.intermediate import (
    INTERMEDIATE_RE,
    Progress,
    dump,
    load,
    new_file_name,
    newest_intermediate,
)
from shared.clock import local_now
from shared.db import executions
from shared.errors import LLMError, StepFailed


def run_config(ctx: StepContext) -> dict[str, Any]:
    """Saved progress is reused only by a run with the same parameters."""
    return {
        "business_context": ctx.params.business_context,
        "db_name": ctx.db_name,
        "theme_count": ctx.params.theme_count,
        "questions_per_theme": ctx.params.questions_per_theme,
    }


async def save(ctx: StepContext, progress: Progress) -> None:
    # Not registered as an output while running: a cancel discards registered outputs,
    # and this file is exactly what the next run resumes from.
    await ctx.storage.write_json(ctx.task_id, progress.file_name, dump(progress))


async def intermediate_files(ctx: StepContext) -> list[str]:
    return [n for n in await ctx.storage.names(ctx.task_id) if INTERMEDIATE_RE.match(n)]


async def _clean_requested(ctx: StepContext) -> bool:
    execution = await executions.get(ctx.pool, ctx.execution_id)
    return bool(execution and execution.clean_previous)


async def _saved_progress(ctx: StepContext) -> Progress | None:
    if await _clean_requested(ctx):
        await ctx.storage.remove(ctx.task_id, await intermediate_files(ctx))
        return None
    name = newest_intermediate(await intermediate_files(ctx))
    if name is None:
        return None
    progress = load(name, await ctx.storage.read_text(ctx.task_id, name), run_config(ctx))
    if progress is None:
        ctx.log.warning(f"中间结果文件 {name} 无法解析或与当前参数不一致，重新生成")
        await ctx.storage.remove(ctx.task_id, [name])
    return progress


async def extract_themes(ctx: StepContext, llm: LLM, docs: SchemaDocs) -> list[Theme]:
    count = ctx.params.theme_count
    try:
        themes = await llm.extract_themes(chunking.fit(docs), count)
    except LLMError as exc:
        raise StepFailed(f"主题提取失败：{exc.message}") from exc
    themes = [t for t in themes if t.topic_name.strip()][:count]
    if not themes:
        raise StepFailed("大模型没有返回任何分析主题")
    if len(themes) < count:
        ctx.log.warning(f"请求 {count} 个主题，大模型只返回了 {len(themes)} 个")
    return themes


async def start_or_resume(ctx: StepContext, llm: LLM, docs: SchemaDocs) -> Progress:
    progress = await _saved_progress(ctx)
    if progress is not None:
        ctx.log.info(
            f"从中间结果文件 {progress.file_name} 恢复：{len(progress.themes)} 个主题，"
            f"已完成 {len(progress.done)} 个，继续生成其余主题"
        )
        return progress
    themes = await extract_themes(ctx, llm, docs)
    ctx.log.info(f"提取到 {len(themes)} 个分析主题：" + "、".join(t.topic_name for t in themes))
    progress = Progress(new_file_name(local_now()), run_config(ctx), themes)
    await save(ctx, progress)
    return progress
