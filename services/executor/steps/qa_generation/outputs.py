"""The step's files: the pair file (primary), metadata.txt, metadata_detail.md, decision prompt."""

from services.executor.context import StepContext
from services.executor.llm.base import LLM, DecisionPrompt, SchemaDocs, Theme
from services.executor.steps.qa_generation import chunking
from services.executor.steps.qa_generation.codec import pair_to_json
from services.executor.steps.qa_generation.decision import (
    DECISION_PROMPT_FILE,
    fallback_prompt,
    render_decision_prompt,
)
from services.executor.steps.qa_generation.intermediate import Progress
from services.executor.steps.qa_generation.metadata import (
    METADATA_DETAIL_FILE,
    METADATA_FILE,
    render_metadata,
    render_metadata_detail,
)
from shared.clock import local_now
from shared.errors import LLMError
from shared.pair_files import pair_file_name


async def _decision_prompt(
    ctx: StepContext, llm: LLM, docs: SchemaDocs, themes: list[Theme]
) -> DecisionPrompt:
    try:
        prompt = await llm.decision_prompt(chunking.fit(docs), themes)
    except LLMError as exc:
        ctx.log.warning(f"业务范围分析失败，改用主题信息生成决策提示：{exc.message}")
        return fallback_prompt(ctx.params.business_context, themes)
    if not prompt.scope.strip():
        return fallback_prompt(ctx.params.business_context, themes)
    return prompt


async def write_pair_file(ctx: StepContext, progress: Progress) -> str:
    now = local_now()
    name = pair_file_name(ctx.db_name, now, await ctx.storage.names(ctx.task_id))
    pairs = [pair_to_json(p) for p in progress.pairs()]
    await ctx.write_json(name, pairs, description="问答对（question/SQL）", primary=True)
    return name


async def write_theme_files(
    ctx: StepContext, llm: LLM, docs: SchemaDocs, themes: list[Theme]
) -> None:
    context, now = ctx.params.business_context, local_now()
    metadata = render_metadata(themes, context, ctx.db_name, now)
    await ctx.write_text(METADATA_FILE, metadata, description="分析主题元数据（SQL）")
    await ctx.write_text(
        METADATA_DETAIL_FILE, render_metadata_detail(themes), description="metadata 表说明"
    )
    prompt = render_decision_prompt(await _decision_prompt(ctx, llm, docs, themes))
    await ctx.write_text(DECISION_PROMPT_FILE, prompt, description="数据库查询决策提示")
