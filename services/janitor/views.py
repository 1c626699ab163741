"""Seed 000's response shapes: one deleted task, one failure, the batch envelope."""

from typing import Any

from services.janitor.fs import Tally, human_size
from shared.clock import iso, utcnow
from shared.envelope import ok
from shared.errors import DomainError, http_status_of

NOT_ATTEMPTED = "NOT_ATTEMPTED"


def timestamp() -> str:
    return iso(utcnow()) or ""


def deleted_view(task_id: str, tally: Tally, records_deleted: bool) -> dict[str, Any]:
    return {
        "task_id": task_id,
        "directory_deleted": tally.existed,
        "database_records_deleted": records_deleted,
        "deleted_files_count": tally.files,
        "deleted_size": human_size(tally.bytes),
        "deleted_bytes": tally.bytes,
    }


def failure_view(task_id: str, exc: DomainError) -> dict[str, Any]:
    view: dict[str, Any] = {"task_id": task_id, "error": exc.message, "error_code": exc.error_code}
    if "current_status" in exc.data:
        view["current_status"] = exc.data["current_status"]
    return view


def not_attempted_view(task_id: str) -> dict[str, Any]:
    return {
        "task_id": task_id,
        "error": "前面的任务删除失败且 continue_on_error=false,未尝试删除",
        "error_code": NOT_ATTEMPTED,
    }


def _message(deleted: int, failed: int) -> str:
    if failed == 0:
        return "批量删除完成"
    return "批量删除部分完成" if deleted else "批量删除失败"


def batch_envelope(
    deleted: list[dict[str, Any]], failed: list[dict[str, Any]], total: int
) -> dict[str, Any]:
    freed = sum(int(d["deleted_bytes"]) for d in deleted)
    data = {
        "deleted_tasks": deleted,
        "failed_tasks": failed,
        "summary": {
            "total_requested": total,
            "successfully_deleted": len(deleted),
            "failed": len(failed),
            "total_size_freed": human_size(freed),
            "total_bytes_freed": freed,
        },
        "deleted_at": timestamp(),
    }
    envelope = ok(200, _message(len(deleted), len(failed)), data)
    envelope["success"] = bool(deleted) or not failed  # every task failed: not a success
    return envelope


def single_envelope(batch: dict[str, Any]) -> dict[str, Any]:
    """The batch result of one task in seed 000's single-task shape (or its error)."""
    data = batch["data"]
    if data["deleted_tasks"]:
        deleted = {**data["deleted_tasks"][0], "deleted_at": data["deleted_at"]}
        return ok(200, "任务目录删除成功", deleted)
    failed = data["failed_tasks"][0]
    status = http_status_of(failed["error_code"])
    return {
        "success": False,
        "code": status,
        "message": failed["error"],
        "error_code": failed["error_code"],
        "data": {k: failed[k] for k in ("task_id", "current_status") if k in failed},
    }
