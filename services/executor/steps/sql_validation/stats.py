"""Totals over the validated records, as the result file and both reports state them."""

from typing import Any

from services.executor.steps.sql_validation.records import SqlRecord


def repair_stats(records: list[SqlRecord]) -> dict[str, int]:
    attempted = sum(r.repair_attempted for r in records)
    successful = sum(r.repair_successful for r in records)
    return {"attempted": attempted, "successful": successful, "failed": attempted - successful}


def summary(records: list[SqlRecord], modification: dict[str, int]) -> dict[str, Any]:
    """Repaired SQL counts as valid (as in the original), so success_rate includes repairs."""
    total = len(records)
    valid = sum(r.valid for r in records)
    return {
        "total_questions": total,
        "valid_sqls": valid,
        "invalid_sqls": total - valid,
        "success_rate": round(valid / total, 4) if total else 0.0,
        "average_execution_time": round(sum(r.execution_time for r in records) / total, 4)
        if total
        else 0.0,
        "total_retries": sum(r.retry_count for r in records),
        "unchecked_sqls": sum(r.connection_error for r in records),
        "repair_stats": repair_stats(records),
        "execution_stats": execution_stats(records),
        "file_modification_stats": modification,
    }


def execution_stats(records: list[SqlRecord]) -> dict[str, int]:
    executed = [r for r in records if r.rows_returned is not None]
    return {
        "executed": len(executed),
        "with_rows": sum(1 for r in executed if r.rows_returned),
        "empty_results": sum(1 for r in executed if r.rows_returned == 0),
        "dropped_empty": sum(r.dropped_empty for r in records),
    }


def step_result(totals: dict[str, Any], skipped: int, duration: float) -> dict[str, Any]:
    return {
        "original_sql_count": totals["total_questions"],
        "valid_sql_count": totals["valid_sqls"],
        "invalid_sql_count": totals["invalid_sqls"],
        "success_rate": totals["success_rate"],
        "repair_stats": totals["repair_stats"],
        "execution_stats": totals["execution_stats"],
        "file_modification_stats": totals["file_modification_stats"],
        "average_execution_time": totals["average_execution_time"],
        "total_retries": totals["total_retries"],
        "skipped_items": skipped,
        "duration": round(duration, 3),
    }
