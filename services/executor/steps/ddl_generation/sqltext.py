"""SQL text for the documents: identifiers, types and defaults as a person would write them."""

import re

_PLAIN_IDENT = re.compile(r"^[a-z_][a-z0-9_$]*$")
_TYPE_RULES = (
    (re.compile(r"^character varying(\(\d+\))?$"), r"varchar\1"),
    (re.compile(r"^character(\(\d+\))$"), r"char\1"),
    (re.compile(r"^timestamp(\(\d+\))? without time zone$"), r"timestamp\1"),
    (re.compile(r"^timestamp(\(\d+\))? with time zone$"), r"timestamptz\1"),
    (re.compile(r"^time(\(\d+\))? without time zone$"), r"time\1"),
    (re.compile(r"^time(\(\d+\))? with time zone$"), r"timetz\1"),
)
# A constant with casts (`'a'::character varying`, `'-1'::integer`): the casts are noise.
_CAST_LITERAL = re.compile(
    r"^(?P<literal>'(?:[^']|'')*'|-?\d+(?:\.\d+)?|null|true|false)(?:::[\w .\"\[\]()]+?)+$",
    re.IGNORECASE,
)
_NOW = frozenset({"now()", "current_timestamp", "transaction_timestamp()"})
_SQL_VALUE_FUNCTION = re.compile(r"^[A-Z_]+$")  # CURRENT_DATE, LOCALTIMESTAMP, CURRENT_USER


def quote_ident(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """Bare when PostgreSQL would read it back unchanged, double-quoted otherwise."""
    if _PLAIN_IDENT.match(name) and name not in reserved:
        return name
    return '"' + name.replace('"', '""') + '"'


def quote_table(schema: str, table: str, reserved: frozenset[str] = frozenset()) -> str:
    return f"{quote_ident(schema, reserved)}.{quote_ident(table, reserved)}"


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def render_type(formatted: str) -> str:
    """format_type() output in the short spelling: varchar(32), timestamptz, numeric(19,4)."""
    base = formatted.removesuffix("[]")
    if base != formatted:
        return render_type(base) + "[]"
    for pattern, replacement in _TYPE_RULES:
        if pattern.match(base):
            return pattern.sub(replacement, base)
    return base


def render_default(expression: str | None) -> str | None:
    """A default as SQL; sequences are left out (serial/identity bookkeeping, not data)."""
    if expression is None or not expression.strip() or "nextval(" in expression:
        return None
    text = expression.strip()
    if match := _CAST_LITERAL.match(text):
        text = match["literal"]
    lowered = text.lower()
    if lowered in _NOW:
        return "current_timestamp"
    if lowered in ("true", "false", "null") or _SQL_VALUE_FUNCTION.match(text):
        return lowered
    return text


def one_line(text: str) -> str:
    """Comments go after `--` and into one-line headers: no line breaks, single spaces."""
    return " ".join(text.split())
