"""Strict parsing of model replies: JSON or one fenced block, validated shapes."""

import pytest

from services.executor.llm.openai.parse import (
    extract_json,
    parse_pairs,
    parse_repairs,
    parse_themes,
)
from shared.errors import LLMError


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('{"a": 1}', {"a": 1}),  # bare object
        ("[1, 2]", [1, 2]),  # bare array
        ('```json\n{"a": 2}\n```', {"a": 2}),  # fenced json
        ('结果如下：\n```\n{"a": 3}\n```\n以上。', {"a": 3}),  # unlabeled fence with prose around
        ('<think>想一想 {"a": 0}</think>\n{"a": 4}', {"a": 4}),  # reasoning dropped
    ],
)
def test_accepted_replies(reply, expected):
    assert extract_json(reply) == expected


@pytest.mark.parametrize(
    "reply",
    [
        "抱歉，服务暂时不可用。",  # an apology is never data
        '```json\n{"a": 1}\n```\n```json\n{"b": 2}\n```',  # two blocks: ambiguous
        '{"a": 1',  # truncated JSON
        "",  # nothing
    ],
)
def test_rejected_replies(reply):
    with pytest.raises(LLMError):
        extract_json(reply)


def test_themes_accept_a_bare_list_legacy_name_and_string_lists():
    themes = parse_themes('[{"name": "主题", "description": "d", "related_tables": "t1"}]')
    assert themes[0].topic_name == "主题"
    assert themes[0].related_tables == ("t1",)


def test_pairs_must_be_a_list_of_question_and_sql():
    with pytest.raises(LLMError):
        parse_pairs('{"question": "q", "sql": "SELECT 1"}')
    with pytest.raises(LLMError):
        parse_pairs('[{"question": "q"}]')


def test_repairs_empty_string_is_none():
    assert parse_repairs('{"repaired_sqls": ["SELECT 1", " "]}', 2) == ["SELECT 1;", None]
