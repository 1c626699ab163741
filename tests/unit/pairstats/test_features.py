"""pair_stats reads SQL features from the syntax tree and counts duplicates after normalising."""

import json
from pathlib import Path

import pytest

from services.executor.pair_stats.features import features
from services.executor.pair_stats.summary import summarize

REFERENCE = Path(__file__).resolve().parents[3] / "demo" / "highway_db"


@pytest.mark.parametrize(
    ("sql", "name", "expected"),
    [
        ("SELECT a.x FROM t a JOIN s b ON a.s_id = b.id", "join", True),
        ("SELECT x FROM t WHERE y IN (SELECT y FROM s)", "join", False),
        (
            "SELECT 1 FROM t a JOIN s b ON a.s_id = b.id JOIN u c ON b.u_id = c.id",
            "three_tables",
            True,
        ),
        ("SELECT 1 FROM t a JOIN s b ON a.s_id = b.id", "three_tables", False),
        (
            "SELECT 1 FROM d a JOIN s b ON a.service_no = b.service_area_no",
            "business_key_join",
            True,
        ),
        ("SELECT 1 FROM d a JOIN s b ON a.service_id = b.id", "business_key_join", False),
        ("SELECT DATE_TRUNC('month', d) FROM t GROUP BY 1", "date", True),
        ("SELECT x FROM t WHERE oper_date >= (SELECT MAX(oper_date) FROM t) - 30", "date", True),
        ("SELECT x FROM t WHERE d = '2023-04-01'", "date", True),
        ("SELECT x FROM t WHERE n > 3", "date", False),
        ("SELECT k, COUNT(*) FROM t GROUP BY k HAVING COUNT(*) > 1", "having", True),
        ("SELECT CASE WHEN x > 1 THEN 'a' ELSE 'b' END FROM t", "case", True),
        ("SELECT SUM(a) * 100.0 / NULLIF(SUM(b), 0) FROM t", "float_ratio", True),
        ("SELECT SUM(a)::numeric / NULLIF(SUM(b), 0) FROM t", "float_ratio", True),
        ("SELECT SUM(a) / SUM(b) FROM t", "float_ratio", False),
        ("SELECT SUM(a) / SUM(b) FROM t", "ratio", True),
        ("SELECT COUNT(*) AS n FROM t WHERE delete_ts IS NULL;", "bare_count", True),
        ("SELECT COUNT(*) FROM t WHERE kind = 'x'", "bare_count", False),
        ("SELECT k, COUNT(*) FROM t GROUP BY k", "bare_count", False),
    ],
)
def test_feature(sql, name, expected):
    assert getattr(features(sql), name) is expected


def test_unparsable_sql_is_counted_not_raised():
    summary = summarize([{"question": "q", "sql": "SELECT FROM WHERE ((("}])
    assert summary.unparsed == 1


def test_duplicates_are_counted_after_normalising_space_case_and_punctuation():
    pairs = [
        {"question": "各公司的营收？", "sql": "SELECT a FROM t;"},
        {"question": "各公司的营收 ?", "sql": "select a  from t"},
        {"question": "各公司的营收", "sql": "SELECT b FROM t"},
    ]
    summary = summarize(pairs)
    assert (summary.duplicate_pairs, summary.duplicate_questions) == (1, 2)


def test_reference_pair_file_figures():
    """The original's reference run, as the review measured it."""
    text = (REFERENCE / "qs_highway_db_20250721_203452_pair.json.backup").read_text("utf-8")
    summary = summarize(json.loads(text))
    assert summary.total == 50
    assert summary.duplicate_pairs == 0
    assert summary.shares["business_key_join"] == pytest.approx(0.18)
    assert summary.shares["having"] == pytest.approx(0.08)
    assert summary.shares["bare_count"] == 0
    assert summary.avg_tables == pytest.approx(2.08)
