"""Moves the comma of an executable `.ddl` line back into its comment (the reference layout)."""

import re

_EXECUTABLE_LINE = re.compile(r"^(?P<code>  .*?),(?P<pad>\s+)-- (?P<comment>.*)$")
_SPACES_BEFORE_COMMENT = re.compile(r"\S\s+-- ")


def reference_layout(ddl: str) -> str:
    """`  id varchar(32),  -- 主键` -> `  id varchar(32) -- 主键,`, padding collapsed."""
    return "\n".join(_collapse(_comma_into_comment(line)) for line in ddl.split("\n"))


def _comma_into_comment(line: str) -> str:
    match = _EXECUTABLE_LINE.match(line)
    return f"{match['code']} -- {match['comment']}," if match else line


def _collapse(line: str) -> str:
    return _SPACES_BEFORE_COMMENT.sub(lambda m: m.group(0)[0] + " -- ", line)
