"""qa_generation: themes, then question/SQL pairs per theme, with resumable progress."""

import time
from typing import Any

from services.executor.context import StepContext
from services.executor.llm import open_llm
from services.executor.llm.base import LLM, SchemaDocs
from services.executor.llm.docs import load_schema_docs
from services.executor.steps.qa_generation import chunking
from services.executor.steps.qa_generation.generation import generate_pending
from services.executor.steps.qa_generation.inputs import check_table_files
from services.executor.steps.qa_generation.intermediate import Progress
from services.executor.steps.qa_generation.outputs import write_pair_file, write_theme_files
from services.executor.steps.qa_generation.resume import intermediate_files, start_or_resume
from shared.errors import StepFailed


async def run(ctx: StepContext) -> dict[str, Any]:
    async with open_llm(ctx.settings) as llm:
        return await generate(ctx, llm)


async def _schema_docs(ctx: StepContext) -> SchemaDocs:
    tables = await check_table_files(ctx)
    docs = await load_schema_docs(
        ctx.storage, ctx.task_id, ctx.params.business_context, ctx.db_name
    )
    docs = chunking.only_listed(docs, tables)
    if not docs.tables:
        raise StepFailed("没有读取到任何表的 _detail.md 说明文件")
    ctx.log.info(f"读取 {len(docs.tables)} 张表的说明文件")
    return docs


async def _finish_intermediate(ctx: StepContext, progress: Progress) -> None:
    """Kept (and listed) only when a theme failed, so a re-run retries just those."""
    if progress.failed:
        info = await ctx.storage.info(ctx.task_id, progress.file_name)
        await ctx.register_output(info, description="问答生成中间结果（含失败主题）")
    else:
        await ctx.storage.remove(ctx.task_id, await intermediate_files(ctx))


async def generate(ctx: StepContext, llm: LLM) -> dict[str, Any]:
    """The whole step with a given LLM (run() builds it from the settings)."""
    started = time.monotonic()
    docs = await _schema_docs(ctx)
    progress = await start_or_resume(ctx, llm, docs)
    resumed = len(progress.done)
    await ctx.report_progress(0.1)
    await generate_pending(ctx, llm, docs, progress)
    if not progress.done:
        raise StepFailed(f"全部 {len(progress.themes)} 个主题生成失败")
    output_file = await write_pair_file(ctx, progress)
    await write_theme_files(ctx, llm, docs, progress.themes)
    await _finish_intermediate(ctx, progress)
    await ctx.report_progress(1.0)
    failed = [progress.themes[i].topic_name for i in sorted(progress.failed)]
    ctx.log.info(f"问答生成完成：{len(progress.pairs())} 个问答对，失败主题 {len(failed)} 个")
    return {
        "output_file": output_file,
        "total_questions": len(progress.pairs()),
        "total_themes": len(progress.themes),
        "successful_themes": len(progress.done),
        "failed_themes": failed,
        "resumed_themes": resumed,
        "duration": round(time.monotonic() - started, 3),
    }
