"""A task's pairs as the review shows them: the current pair file's items, each with the
verdict and row count of its last re-validation (else of the newest sql_validation report:
`rows_returned` of its read-only test run) and its review."""

import json
import re
from dataclasses import dataclass
from typing import Any

from shared.db.pair_reviews import PairReview
from shared.errors import PairNotFound
from shared.pair_files import current_pair_file
from shared.pair_review import etag, item_key, pair_key
from shared.storage import Storage

REPORT_RE = re.compile(r"^sql_validation_\d{8}_\d{6}_report\.json$")


@dataclass(frozen=True)
class PairFile:
    name: str
    etag: str
    items: list[Any]


async def read_pair_file(storage: Storage, task_id: str) -> PairFile:
    name = await current_pair_file(storage, task_id)
    if name is None:
        raise PairNotFound("任务还没有问答对文件（请先执行 qa_generation）")
    text = await storage.read_text(task_id, name)
    items = json.loads(text)
    return PairFile(name, etag(text), items if isinstance(items, list) else [])


async def report_verdicts(storage: Storage, task_id: str) -> dict[str, dict[str, Any]]:
    """pair key -> {valid, error, row_count} from the newest validation report (a repaired
    pair under its repaired SQL: the test run ran that one)."""
    reports = sorted(n for n in await storage.names(task_id) if REPORT_RE.match(n))
    if not reports:
        return {}
    report = json.loads(await storage.read_text(task_id, reports[-1]))
    verdicts: dict[str, dict[str, Any]] = {}
    for r in report.get("detailed_results", []):
        rows = r.get("rows_returned")
        if r.get("repair_successful") and r.get("repaired_sql"):
            verdict = {"valid": r["valid"], "error": r.get("error_message"), "row_count": rows}
            verdicts[pair_key(r["question"], r["repaired_sql"])] = verdict
            rows = None  # the original SQL did not run
        verdict = {"valid": r["valid"], "error": r.get("error_message"), "row_count": rows}
        verdicts[pair_key(r["question"], r["sql"])] = verdict
    return verdicts


def pair_row(
    index: int,
    item: Any,
    verdicts: dict[str, dict[str, Any]],
    reviews: dict[str, PairReview],
) -> dict[str, Any]:
    key = item_key(item)
    review = reviews.get(key) if key else None
    verdict = verdicts.get(key or "", {"valid": None, "error": None, "row_count": None})
    if review is not None and review.checked_at is not None:  # re-validated: newer
        verdict = {
            "valid": review.valid,
            "error": review.error_message,
            "row_count": review.row_count,
        }
    return {
        "index": index,
        "question": item.get("question") if isinstance(item, dict) else None,
        "sql": item.get("sql") if isinstance(item, dict) else None,
        "pair_key": key,
        **verdict,
        "review_state": review.review_state if review else None,
        "reviewed_by": review.reviewed_by if review else None,
    }


def summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "total": len(rows),
        "valid": sum(r["valid"] is True for r in rows),
        "invalid": sum(r["valid"] is False for r in rows),
        "unchecked": sum(r["valid"] is None for r in rows),
        "approved": sum(r["review_state"] == "approved" for r in rows),
        "rejected": sum(r["review_state"] == "rejected" for r in rows),
        "unreviewed": sum(r["review_state"] is None for r in rows),
    }
