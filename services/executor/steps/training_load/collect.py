"""Reads the selected files into documents, with per-file counts and what was skipped."""

from dataclasses import dataclass, field

from services.executor.context import StepContext
from services.executor.steps.training_load.files import TrainingFile
from services.executor.steps.training_load.parsing import (
    LONG_SECTION_CHARS,
    UnreadableFile,
    split_ddl,
    split_markdown,
    split_pairs,
)
from services.executor.steps.training_load.review import approved_only
from services.executor.vectors.documents import VectorDoc

SPLITTERS = {"ddl": split_ddl, "documentation": split_markdown, "sql": split_pairs}


@dataclass
class FileReport:
    file: str
    collection: str
    documents: int = 0
    loaded: int = 0
    skipped_duplicates: int = 0
    error: str | None = None


@dataclass
class Collected:
    docs: list[VectorDoc] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)


async def _read(ctx: StepContext, source: TrainingFile) -> tuple[list[VectorDoc], FileReport]:
    report = FileReport(source.name, source.collection)
    try:
        text = await ctx.storage.read_text(ctx.task_id, source.name)
        if source.collection == "sql" and ctx.params.require_review:
            text = await approved_only(ctx, source.name, text)
        parts = SPLITTERS[source.collection](text)
    except (UnreadableFile, UnicodeDecodeError) as exc:
        report.error = str(exc)
        ctx.log.warning(f"跳过无法解析的文件 {source.name}: {exc}")
        return [], report
    for part in parts:
        if len(part) > LONG_SECTION_CHARS:
            ctx.log.warning(
                f"{source.name} 中有一段超过 {LONG_SECTION_CHARS} 字符，检索效果可能变差"
            )
    report.documents = len(parts)
    return [VectorDoc(source.collection, part, source.name) for part in parts], report


async def collect(ctx: StepContext, sources: list[TrainingFile]) -> Collected:
    collected = Collected()
    for source in sources:
        docs, report = await _read(ctx, source)
        collected.docs.extend(docs)
        collected.files.append(report)
    return collected
