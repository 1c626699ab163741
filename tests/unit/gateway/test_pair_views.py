"""The pairs view: each pair's verdict and row count come from the newest sql_validation
report (its read-only test run's rows_returned) until a re-validation answers newer ones."""

from datetime import UTC, datetime

from services.gateway.pair_views import pair_row, report_verdicts
from shared.db.pair_reviews import PairReview
from shared.pair_review import pair_key
from shared.storage import Storage

TASK = "task_20261201_120000"
REPORT = "sql_validation_20261201_120500_report.json"
OLDER = "sql_validation_20261201_120100_report.json"


def _detail(question, sql, *, valid=True, rows=None, repaired=None, error=None):
    return {
        "question": question,
        "sql": sql,
        "valid": valid,
        "error_message": error,
        "repair_successful": repaired is not None,
        "repaired_sql": repaired,
        "rows_returned": rows,
    }


async def _verdicts(tmp_path):
    storage = Storage(tmp_path)
    storage.task_dir(TASK).mkdir(parents=True)
    details = [
        _detail("q0", "SELECT 1", rows=1),
        _detail("q1", "SELECT * FROM t", rows=0),
        _detail("q2", "SELECT bad", valid=True, repaired="SELECT good", rows=7),
        _detail("q3", "SELECT x", valid=False, error="no column x"),
    ]
    await storage.write_json(
        TASK, OLDER, {"detailed_results": [_detail("q0", "SELECT 1", rows=99)]}
    )
    await storage.write_json(TASK, REPORT, {"detailed_results": details})
    return await report_verdicts(storage, TASK)


async def test_row_counts_come_from_the_newest_reports_test_run(tmp_path):
    verdicts = await _verdicts(tmp_path)
    items = [
        {"question": "q0", "sql": "SELECT 1"},
        {"question": "q1", "sql": "SELECT * FROM t"},
        {"question": "q2", "sql": "SELECT good"},  # the repaired SQL, as the file now holds it
        {"question": "q3", "sql": "SELECT x"},
        {"question": "q4", "sql": "SELECT never_validated"},
    ]
    rows = [pair_row(i, item, verdicts, {}) for i, item in enumerate(items)]
    assert [r["row_count"] for r in rows] == [1, 0, 7, None, None]
    assert [r["valid"] for r in rows] == [True, True, True, False, None]
    assert rows[3]["error"] == "no column x"


async def test_a_revalidation_overrides_the_report_and_a_review_alone_does_not(tmp_path):
    verdicts = await _verdicts(tmp_path)
    item = {"question": "q0", "sql": "SELECT 1"}
    key = pair_key("q0", "SELECT 1")
    now = datetime.now(UTC)
    reviewed = PairReview(key, "approved", "alice", now, None, None, None, None)
    assert pair_row(0, item, verdicts, {key: reviewed})["row_count"] == 1
    rechecked = PairReview(key, None, None, None, True, None, 42, now)
    assert pair_row(0, item, verdicts, {key: rechecked})["row_count"] == 42
