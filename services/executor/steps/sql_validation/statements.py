"""Checks a SQL text before EXPLAIN: one statement, a query, trailing `;` removed."""

import re

from shared.errors import ValidationFailed

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_TRAILING = re.compile(r"[\s;]+$")
_TOKEN_START = re.compile(r"['\"$]|--|/\*")  # where a literal, quoted name or comment may start
QUERY_KEYWORDS = frozenset({"select", "with", "values", "table"})


class InvalidStatement(ValidationFailed):
    error_code = "INVALID_SQL_STATEMENT"


def _skip_quoted(sql: str, i: int, quote: str) -> int:
    """Index after the literal opening at i ('' or "" inside doubles the quote)."""
    j = i + 1
    while j < len(sql):
        if sql[j] == quote:
            if j + 1 < len(sql) and sql[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return len(sql)


def _skip_block_comment(sql: str, i: int) -> int:
    depth, j = 0, i
    while j < len(sql):
        if sql.startswith("/*", j):
            depth, j = depth + 1, j + 2
        elif sql.startswith("*/", j):
            depth, j = depth - 1, j + 2
            if depth == 0:
                return j
        else:
            j += 1
    return len(sql)


def _skip_token(sql: str, i: int) -> int | None:
    """End of the literal or comment starting at i, or None when i starts plain code."""
    char = sql[i]
    if char in "'\"":
        return _skip_quoted(sql, i, char)
    if sql.startswith("--", i):
        end = sql.find("\n", i)
        return len(sql) if end < 0 else end
    if sql.startswith("/*", i):
        return _skip_block_comment(sql, i)
    tag = _DOLLAR_TAG.match(sql, i) if char == "$" else None
    if tag and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
        end = sql.find(tag.group(0), tag.end())
        return len(sql) if end < 0 else end + len(tag.group(0))
    return None


def mask(sql: str) -> str:
    """Same length as the SQL: comments blanked, literals and quoted names replaced by `x`."""
    out, i = [], 0
    while (found := _TOKEN_START.search(sql, i)) is not None:
        start = found.start()
        end = _skip_token(sql, start)
        if end is None:  # a `$` that opens no dollar quote
            out.append(sql[i : start + 1])
            i = start + 1
            continue
        filler = " " if sql.startswith(("--", "/*"), start) else "x"
        out.append(sql[i:start])
        out.append(filler * (end - start))
        i = end
    out.append(sql[i:])
    return "".join(out)


def prepare(sql: str) -> str:
    """The single query to EXPLAIN (no trailing `;`); raises InvalidStatement otherwise."""
    code = mask(sql)
    end = len(_TRAILING.sub("", code))
    if not code[:end].strip():
        raise InvalidStatement("SQL 为空")
    if ";" in code[:end]:
        raise InvalidStatement("SQL 包含多条语句，只允许单条查询语句")
    first = _FIRST_WORD.search(code[:end])
    if first is None or first.group(0).lower() not in QUERY_KEYWORDS:
        raise InvalidStatement("只允许查询语句（SELECT/WITH/VALUES/TABLE）")
    return sql[:end].strip()
