"""Pair-file loading keeps file positions; modification acts on them even around malformed items."""

import json

import pytest

from services.executor.steps.sql_validation.loading import PairFile, parse_pairs
from services.executor.steps.sql_validation.modification import plan, render_log
from shared.errors import StepFailed

ITEMS = [
    {"question": "q0", "sql": "SELECT 0;"},
    "not an object",
    {"question": "q2", "sql": "SELECT bad;"},
    {"question": "no sql"},
    {"question": "q4", "sql": "SELECT fixable;"},
    {"question": "q5", "sql": "SELECT 5;"},
    {"question": "q6", "sql": "SELECT offline;"},
]


def _pairs() -> PairFile:
    pairs = parse_pairs("qs_db_20250101_000000_pair.json", json.dumps(ITEMS))
    by_question = {r.question: r for r in pairs.records}
    for name in ("q0", "q5"):
        by_question[name].valid = True
    by_question["q2"].error_message = "column bad does not exist"
    fixed = by_question["q4"]
    fixed.valid, fixed.repair_successful, fixed.repaired_sql = True, True, "SELECT fixed;"
    by_question["q6"].connection_error = True
    return pairs


def test_records_keep_their_file_positions_and_malformed_items_are_listed():
    pairs = _pairs()
    assert [r.index for r in pairs.records] == [0, 2, 4, 5, 6]
    assert pairs.skipped == [1, 3]


def test_plan_replaces_and_deletes_by_file_position():
    change = plan(_pairs())
    assert change.items == [
        ITEMS[0],
        ITEMS[1],
        ITEMS[3],
        {"question": "q4", "sql": "SELECT fixed;"},
        ITEMS[5],
        ITEMS[6],  # could not be checked: never deleted
    ]
    assert [r.index for r in change.deleted] == [2]
    assert change.stats() == {"modified": 1, "deleted": 1, "failed_modifications": 0}


def test_log_lists_modified_and_deleted_items_with_their_position():
    from datetime import datetime

    pairs = _pairs()
    text = render_log(pairs, plan(pairs), datetime(2025, 1, 1))
    assert "已修改的SQL (1个)" in text
    assert "新SQL: SELECT fixed;" in text
    assert "已删除的无效项 (1个)" in text
    assert "序号: 3" in text


@pytest.mark.parametrize("text", ["{}", "not json", '{"question": "q"}'])
def test_a_pair_file_that_is_not_a_list_fails_clearly(text):
    with pytest.raises(StepFailed):
        parse_pairs("f.json", text)
