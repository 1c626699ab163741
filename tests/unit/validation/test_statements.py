"""Single-statement and query-only checks before EXPLAIN."""

import random

import pytest

from services.executor.steps.sql_validation import statements
from services.executor.steps.sql_validation.statements import InvalidStatement, prepare


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # trailing semicolons and whitespace go, the query stays
        ("SELECT 1;", "SELECT 1"),
        ("SELECT 1 ;; \n", "SELECT 1"),
        # a semicolon inside a literal, an identifier or a comment is not a separator
        ("SELECT ';' AS \"a;b\" -- c;d\n;", "SELECT ';' AS \"a;b\""),
        (
            "SELECT $$x;y$$, $t$;$t$ /* ; /* ; */ */ + 1;",
            "SELECT $$x;y$$, $t$;$t$ /* ; /* ; */ */ + 1",
        ),
        # doubled quotes stay inside the literal
        ("SELECT 'it''s; fine';", "SELECT 'it''s; fine'"),
        ("WITH a AS (SELECT 1) SELECT * FROM a;", "WITH a AS (SELECT 1) SELECT * FROM a"),
        ("(SELECT 1) UNION (SELECT 2)", "(SELECT 1) UNION (SELECT 2)"),
    ],
)
def test_single_queries_are_accepted(sql, expected):
    assert prepare(sql) == expected


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1; SELECT 2;",  # two statements
        "SELECT 1; DROP TABLE x",  # a payload after the query
        "DELETE FROM bss_company;",  # not a query
        "-- only a comment\n;",  # nothing
        "",
    ],
)
def test_other_text_is_rejected(sql):
    with pytest.raises(InvalidStatement):
        prepare(sql)


def _char_by_char_mask(sql: str) -> str:
    """The former mask, one character at a time: the reference for the scanning one."""
    out, i = [], 0
    while i < len(sql):
        end = statements._skip_token(sql, i)
        if end is None:
            out.append(sql[i])
            i += 1
        else:
            filler = " " if sql.startswith(("--", "/*"), i) else "x"
            out.append(filler * (end - i))
            i = end
    return "".join(out)


def test_mask_equals_the_character_by_character_scan() -> None:
    rng = random.Random(7)
    pieces = ["SELECT ", "a", "'", '"', "''", "$", "$$", "$t$", "$1", "--", "\n", "/*", "*/",
              "-", "/", ";", "(", ")", "x_$y$", " ", "é"]  # fmt: skip
    for _ in range(3000):
        sql = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert statements.mask(sql) == _char_by_char_mask(sql), sql
