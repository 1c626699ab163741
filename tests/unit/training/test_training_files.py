"""Which task files training_load picks, and how each splits into documents."""

import json

import pytest

from services.executor.steps.training_load.files import current_pair_file, select
from services.executor.steps.training_load.parsing import (
    UnreadableFile,
    split_ddl,
    split_markdown,
    split_pairs,
)


def test_select_orders_groups_and_skips_leftovers_and_other_files():
    names = [
        "b.ddl",
        "a.ddl",
        "a.ddl_1",
        "a_detail.md",
        "metadata_detail.md",
        "old_detail.md_old",
        "metadata.txt",
        "qs_db_20250101_000000_pair.json",
        "qs_db_20250721_203452_pair.json",
        "qs_db_20250721_203452_pair.json.backup",
        "training_load_20250101_000000.log",
    ]
    picked = [(f.name, f.collection) for f in select(names)]
    assert picked == [
        ("a.ddl", "ddl"),
        ("b.ddl", "ddl"),
        ("a_detail.md", "documentation"),
        ("metadata_detail.md", "documentation"),
        ("qs_db_20250721_203452_pair.json", "sql"),
    ]


def test_current_pair_file_is_the_newest_by_its_timestamp_not_by_name():
    names = ["qs_zz_20240101_000000_pair.json", "qs_aa_20250101_000000_pair.json"]
    assert current_pair_file(names) == "qs_aa_20250101_000000_pair.json"
    assert current_pair_file(["qs_db_pair.json"]) is None


def test_ddl_splits_on_statement_ends_but_not_inside_comments():
    text = "-- 说明: a;b 之间\ncreate table t (\n  id int -- 主键;\n);\n\ncreate table u (x int);\n"
    assert split_ddl(text) == [
        "-- 说明: a;b 之间\ncreate table t (\n  id int -- 主键;\n)",
        "create table u (x int)",
    ]


def test_schema_and_type_statements_stay_with_their_table():
    text = (
        "-- 中文名: 客户\ncreate schema if not exists shop;\n"
        "create type shop.tier as enum ('a', 'b');\ncreate table shop.c (\n  tier shop.tier\n);"
    )
    assert split_ddl(text) == [
        "-- 中文名: 客户\ncreate schema if not exists shop;\n"
        "create type shop.tier as enum ('a', 'b');\ncreate table shop.c (\n  tier shop.tier\n)"
    ]


def test_markdown_splits_on_first_three_heading_levels():
    text = "前言\n# A\n正文\n## B\n#### 细节\n内容\n### C\n"
    assert split_markdown(text) == ["前言", "# A\n正文", "## B\n#### 细节\n内容", "### C"]


def test_pairs_match_keys_case_insensitively_and_drop_incomplete_items():
    text = json.dumps(
        [
            {"Question": "车流量？", "SQL": "SELECT 1"},
            {"question": "", "sql": "SELECT 2"},
            {"question": "无SQL"},
            "not an object",
        ],
        ensure_ascii=False,
    )
    [document] = split_pairs(text)
    assert json.loads(document) == {"question": "车流量？", "sql": "SELECT 1"}
    assert "车流量" in document  # non-ASCII kept


@pytest.mark.parametrize("text", ["{not json", '{"question": "q", "sql": "s"}'])
def test_a_pair_file_that_is_not_an_array_is_unreadable(text):
    with pytest.raises(UnreadableFile):
        split_pairs(text)
