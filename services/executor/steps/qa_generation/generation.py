"""Question/SQL pairs theme by theme, saving progress after each one."""

from services.executor.context import StepContext
from services.executor.llm.base import LLM, SchemaDocs
from services.executor.steps.qa_generation import chunking
from services.executor.steps.qa_generation.codec import clean_pairs
from services.executor.steps.qa_generation.intermediate import Progress
from services.executor.steps.qa_generation.resume import save
from shared.clock import local_now
from shared.errors import LLMError

THEMES_START = 0.1  # fraction of the step spent once themes are known
THEMES_END = 0.9


async def _one_theme(
    ctx: StepContext, llm: LLM, docs: SchemaDocs, progress: Progress, i: int
) -> None:
    theme = progress.themes[i]
    count = ctx.params.questions_per_theme
    try:
        pairs = clean_pairs(await llm.generate_pairs(chunking.for_theme(docs, theme), theme, count))
    except LLMError as exc:
        progress.failed[i] = exc.message
        ctx.log.warning(f"主题 {theme.topic_name} 生成失败：{exc.message}")
        return
    if not pairs:
        progress.failed[i] = "大模型没有返回有效的问答对"
        ctx.log.warning(f"主题 {theme.topic_name} 没有生成有效的问答对")
        return
    progress.done[i] = pairs
    progress.stamps[i] = local_now().isoformat(timespec="seconds")
    ctx.log.info(f"主题 {theme.topic_name} 生成 {len(pairs)} 个问答对")


async def generate_pending(ctx: StepContext, llm: LLM, docs: SchemaDocs, progress: Progress) -> int:
    """Generates every theme not done yet; returns how many it attempted."""
    pending = progress.pending()
    total = len(progress.themes)
    for i in pending:
        await _one_theme(ctx, llm, docs, progress, i)
        await save(ctx, progress)
        finished = len(progress.done) + len(progress.failed)
        await ctx.report_progress(THEMES_START + (THEMES_END - THEMES_START) * finished / total)
    return len(pending)
