"""sql_validation_<ts>_summary.log and sql_validation_<ts>_report.json."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.executor.steps.sql_validation.records import SqlRecord

RULE = "=" * 60
THIN_RULE = "-" * 60


@dataclass(frozen=True)
class ReportInput:
    input_file: str
    validated_at: datetime
    duration: float
    database: str  # masked DSN
    config: dict[str, Any]
    totals: dict[str, Any]
    records: list[SqlRecord]
    skipped: list[int]


def _pct(value: float) -> str:
    return f"{value * 100:.2f}%"


def _validation_lines(t: dict[str, Any], skipped: int) -> list[str]:
    return [
        "验证结果摘要:",
        f"  总SQL数量: {t['total_questions']}",
        f"  有效SQL: {t['valid_sqls']}",
        f"  无效SQL: {t['invalid_sqls']}",
        f"  成功率: {_pct(t['success_rate'])}",
        f"  平均耗时: {t['average_execution_time']:.3f}秒",
        f"  重试次数: {t['total_retries']}",
        f"  格式错误跳过的项: {skipped}",
        "",
    ]


def _execution_lines(t: dict[str, Any]) -> list[str]:
    ex = t["execution_stats"]
    return [
        "SQL执行检查:",
        f"  已执行: {ex['executed']}",
        f"  返回数据: {ex['with_rows']}",
        f"  空结果（警告）: {ex['empty_results']}",
        f"  删除的空结果: {ex['dropped_empty']}",
        "",
    ]


def _repair_lines(t: dict[str, Any]) -> list[str]:
    rep, mod = t["repair_stats"], t["file_modification_stats"]
    rate = rep["successful"] / rep["attempted"] if rep["attempted"] else 0.0
    return [
        "SQL修复统计:",
        f"  尝试修复: {rep['attempted']}",
        f"  修复成功: {rep['successful']}",
        f"  修复失败: {rep['failed']}",
        f"  修复成功率: {_pct(rate)}",
        "",
        "原文件修改统计:",
        f"  修改的SQL: {mod['modified']}",
        f"  删除的无效项: {mod['deleted']}",
        f"  修改失败: {mod['failed_modifications']}",
        "",
    ]


def _error_block(n: int, r: SqlRecord) -> list[str]:
    outcome = "失败" if r.repair_attempted else "未尝试"
    lines = [f"{n}. 问题: {r.question}", f"   错误: {r.error_message}",
             f"   重试次数: {r.retry_count}", f"   LLM修复尝试: {outcome}"]  # fmt: skip
    if r.repair_attempted:
        lines.append(f"   修复失败原因: {r.repair_error}")
    return [*lines, "   完整SQL:", f"   {r.sql}", f"   {THIN_RULE}", ""]


def _repaired_block(n: int, r: SqlRecord) -> list[str]:
    return [f"{n}. 问题: {r.question}", f"   原始错误: {r.error_message}", "   修复后SQL:",
            f"   {r.repaired_sql}", f"   {THIN_RULE}", ""]  # fmt: skip


def render_summary(report: ReportInput) -> str:
    lines = ["SQL验证报告", RULE, "", f"输入文件: {report.input_file}",
             f"验证时间: {report.validated_at:%Y-%m-%d %H:%M:%S}",
             f"验证耗时: {report.duration:.2f}秒", "",
             *_validation_lines(report.totals, len(report.skipped)),
             *_execution_lines(report.totals), *_repair_lines(report.totals)]  # fmt: skip
    failed = [r for r in report.records if not r.valid]
    repaired = [r for r in report.records if r.repair_successful]
    lines += [f"错误详情（共{len(failed)}个）:", RULE, ""]
    for n, record in enumerate(failed, 1):
        lines += _error_block(n, record)
    lines += [f"成功修复的SQL（共{len(repaired)}个）:", RULE, ""]
    for n, record in enumerate(repaired, 1):
        lines += _repaired_block(n, record)
    return "\n".join(lines) + "\n"


def render_json(report: ReportInput) -> dict[str, Any]:
    return {
        "metadata": {
            "input_file": report.input_file,
            "validation_time": report.validated_at.isoformat(timespec="seconds"),
            "total_validation_time": round(report.duration, 3),
            "database_connection": report.database,
            "config": report.config,
        },
        "summary": report.totals,
        "skipped_items": [i + 1 for i in report.skipped],
        "detailed_results": [r.detail() for r in report.records],
    }
