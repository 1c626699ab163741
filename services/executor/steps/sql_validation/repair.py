"""LLM repair of invalid SQL with the schema in the prompt; every candidate is re-validated."""

import re
from dataclasses import dataclass, replace

from services.executor.context import StepContext
from services.executor.llm.base import LLM, RepairItem, SchemaDocs
from services.executor.steps.bounded import all_or_none
from services.executor.steps.qa_generation.chunking import fit
from services.executor.steps.qa_generation.codec import one_line
from services.executor.steps.sql_validation.records import Check, SqlRecord
from services.executor.steps.sql_validation.validator import Validator
from shared.errors import LLMError

MAX_REPAIR_ATTEMPTS = 3
REPAIR_BATCH_SIZE = 5
CANNOT_REPAIR = "大模型无法修复该SQL"


def docs_for(docs: SchemaDocs, records: list[SqlRecord]) -> SchemaDocs:
    """The tables the SQL mentions (all of them if it names none we know), fitted to a prompt."""
    text = " ".join(r.sql for r in records).lower()

    def mentioned(name: str) -> bool:
        bare = name.rsplit(".", maxsplit=1)[-1].lower()
        return re.search(rf"\b{re.escape(bare)}\b", text) is not None

    tables = tuple(t for t in docs.tables if mentioned(t.name))
    return fit(replace(docs, tables=tables or docs.tables))


def normalise(sql: str) -> str:
    sql = one_line(sql)
    return sql if sql.endswith(";") else sql + ";"


def _tried(record: SqlRecord) -> set[str]:
    return {normalise(record.sql), *(a["sql"] for a in record.repair_attempts if a["sql"])}


def _repair_item(record: SqlRecord) -> RepairItem:
    """The latest candidate and its error, so each round builds on the previous one."""
    last = next((a for a in reversed(record.repair_attempts) if a["sql"]), None)
    if last is None:
        return RepairItem(record.question, record.sql, record.error_message or "")
    return RepairItem(record.question, last["sql"], last["error"] or "")


def _record_attempt(record: SqlRecord, n: int, candidate: str | None, check: Check | None) -> bool:
    """Stores one round's outcome; True when another round could still help."""
    record.repair_attempted = True
    if candidate is None or check is None:
        record.repair_attempts.append(
            {"attempt": n, "sql": None, "valid": False, "error": CANNOT_REPAIR}
        )
        record.repair_error = CANNOT_REPAIR
        return False
    retry = candidate not in _tried(record) and not check.connection_error
    record.repair_attempts.append(
        {"attempt": n, "sql": candidate, "valid": check.valid, "error": check.error}
    )
    if check.valid:
        record.valid, record.repair_successful = True, True
        record.repaired_sql, record.repair_error = candidate, None
        return False
    record.repair_error = check.error
    return retry


@dataclass
class Repairer:
    llm: LLM
    docs: SchemaDocs
    validator: Validator

    async def _validate(self, candidates: list[str | None]) -> list[Check | None]:
        checks = await all_or_none(self.validator.check(c) for c in candidates if c)
        found = iter(checks)
        return [next(found) if c else None for c in candidates]

    async def round(self, records: list[SqlRecord], n: int) -> list[SqlRecord]:
        """One repair round; returns the records worth another one."""
        items = [_repair_item(r) for r in records]
        answers = await self.llm.repair_sql(docs_for(self.docs, records), items)
        answers = (list(answers) + [None] * len(records))[: len(records)]
        candidates = [normalise(a) if a and a.strip() else None for a in answers]
        checks = await self._validate(candidates)
        outcome = zip(records, candidates, checks, strict=True)
        return [r for r, c, check in outcome if _record_attempt(r, n, c, check)]

    async def batch(self, ctx: StepContext, records: list[SqlRecord]) -> None:
        for n in range(1, MAX_REPAIR_ATTEMPTS + 1):
            if not records:
                return
            try:
                records = await self.round(records, n)
            except LLMError as exc:
                ctx.log.warning(f"大模型修复SQL失败：{exc.message}")
                for record in records:
                    record.repair_attempted = True
                    record.repair_error = f"大模型调用失败：{exc.message}"
                return


async def repair_invalid(ctx: StepContext, repairer: Repairer, records: list[SqlRecord]) -> None:
    """Repairs known-invalid SQL in batches (never SQL we could not check for lack of a DB)."""
    targets = [r for r in records if not r.valid and not r.connection_error]
    if not targets:
        return
    ctx.log.info(f"开始修复 {len(targets)} 条无效SQL（每条最多 {MAX_REPAIR_ATTEMPTS} 次）")
    for start in range(0, len(targets), REPAIR_BATCH_SIZE):
        await repairer.batch(ctx, targets[start : start + REPAIR_BATCH_SIZE])
        done = min(start + REPAIR_BATCH_SIZE, len(targets))
        await ctx.report_progress(0.7 + 0.2 * done / len(targets))
    repaired = sum(r.repair_successful for r in targets)
    ctx.log.info(f"SQL修复完成：成功 {repaired} 条，失败 {len(targets) - repaired} 条")
