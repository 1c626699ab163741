import pytest

from services.executor.steps.ddl_generation.sqltext import (
    one_line,
    quote_ident,
    render_default,
    render_type,
)


@pytest.mark.parametrize(
    ("formatted", "expected"),
    [
        ("character varying(32)", "varchar(32)"),
        ("character varying", "varchar"),
        ("character(2)", "char(2)"),
        ("numeric(19,4)", "numeric(19,4)"),
        ("numeric(10)", "numeric(10)"),
        ("timestamp without time zone", "timestamp"),
        ("timestamp(3) without time zone", "timestamp(3)"),
        ("timestamp with time zone", "timestamptz"),
        ("time without time zone", "time"),
        ("time with time zone", "timetz"),
        ("integer", "integer"),
        ("double precision", "double precision"),
        ("character varying(20)[]", "varchar(20)[]"),
        ("integer[]", "integer[]"),
        ("hr.mood", "hr.mood"),
    ],
)
def test_render_type(formatted: str, expected: str) -> None:
    assert render_type(formatted) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (None, None),
        ("", None),
        ("nextval('t_id_seq'::regclass)", None),
        ("'draft'::character varying", "'draft'"),
        ("'it''s'::text", "'it''s'"),
        ("'-1'::integer", "'-1'"),
        ("'{}'::jsonb", "'{}'"),
        ("0", "0"),
        ("1.50", "1.50"),
        ("now()", "current_timestamp"),
        ("CURRENT_TIMESTAMP", "current_timestamp"),
        ("CURRENT_DATE", "current_date"),
        ("true", "true"),
        ("gen_random_uuid()", "gen_random_uuid()"),
        ("(now() + '1 day'::interval)", "(now() + '1 day'::interval)"),
        ("ARRAY[]::text[]", "ARRAY[]::text[]"),
    ],
)
def test_render_default(expression: str | None, expected: str | None) -> None:
    assert render_default(expression) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("company_no", "company_no"), ("Order", '"Order"'), ("a b", '"a b"'), ('x"y', '"x""y"')],
)
def test_quote_ident_quotes_only_when_needed(name: str, expected: str) -> None:
    assert quote_ident(name) == expected


def test_quote_ident_quotes_reserved_words() -> None:
    assert quote_ident("order", frozenset({"order"})) == '"order"'


def test_one_line_flattens_line_breaks() -> None:
    assert one_line("公司\n编码 \r\n 说明") == "公司 编码 说明"
