"""The intermediate file round-trips and is ignored when it belongs to other parameters."""

import json

from services.executor.llm.base import QAPair, Theme
from services.executor.steps.qa_generation.codec import clean_pairs
from services.executor.steps.qa_generation.intermediate import (
    Progress,
    dump,
    load,
    newest_intermediate,
)

CONFIG = {"theme_count": 3, "questions_per_theme": 2}
THEMES = [Theme(f"主题{i}", "说明", ("t",), ("e",), ("m",)) for i in range(3)]


def _progress() -> Progress:
    progress = Progress("qs_intermediate_20250101_000000.json", CONFIG, list(THEMES))
    progress.done[0] = [QAPair("q0", "SELECT 0;")]
    progress.done[2] = [QAPair("q2", "SELECT 2;")]
    progress.failed[1] = "超时"
    return progress


def test_dump_then_load_keeps_themes_and_finished_results_only():
    text = json.dumps(dump(_progress()), ensure_ascii=False)
    loaded = load("f.json", text, CONFIG)
    assert loaded is not None
    assert loaded.themes == THEMES
    assert loaded.pending() == [1]
    assert [p.sql for p in loaded.pairs()] == ["SELECT 0;", "SELECT 2;"]


def test_results_have_the_original_item_shape():
    result = dump(_progress())["results"][0]
    assert {"theme", "timestamp", "questions_count", "questions"} <= set(result)
    assert result["questions"] == [{"question": "q0", "sql": "SELECT 0;"}]


def test_other_parameters_or_garbage_are_not_resumed():
    text = json.dumps(dump(_progress()))
    assert load("f.json", text, {**CONFIG, "theme_count": 5}) is None
    assert load("f.json", "{not json", CONFIG) is None
    assert load("f.json", "[]", CONFIG) is None


def test_newest_intermediate_by_name():
    names = ["qs_intermediate_20250101_000000.json", "qs_intermediate_20250102_000000.json", "x"]
    assert newest_intermediate(names) == "qs_intermediate_20250102_000000.json"


def test_clean_pairs_collapses_whitespace_terminates_sql_and_drops_empty_items():
    pairs = [QAPair(" 问题\n一 ", "SELECT 1\n  FROM t"), QAPair("", "SELECT 2"), QAPair("q", " ")]
    assert clean_pairs(pairs) == [QAPair("问题 一", "SELECT 1 FROM t;")]
