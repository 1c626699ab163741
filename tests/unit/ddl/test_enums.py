from datetime import UTC, datetime
from decimal import Decimal

import pytest

from services.executor.steps.ddl_generation.enums import confirmed_values, is_candidate
from services.executor.steps.ddl_generation.examples import sample_examples
from services.executor.steps.ddl_generation.literals import as_text
from services.executor.table_info import ForeignKey
from tests.unit.ddl.builders import col

REPEATED = ({"v": "开放"}, {"v": "关闭"}, {"v": "开放"}, {"v": None})
UNIQUE = ({"v": "a"}, {"v": "b"}, {"v": "c"})


def test_a_string_column_whose_sample_repeats_is_a_candidate() -> None:
    assert is_candidate(col("v"), REPEATED)


def test_a_column_without_repetition_in_the_sample_is_not() -> None:
    assert not is_candidate(col("v"), UNIQUE)


def test_keys_and_id_like_columns_are_not() -> None:
    fk = ForeignKey("public", "t", "id")
    columns = [col("v", primary_key=True), col("v", foreign_key=fk)]
    samples = ({"v": "x"}, {"v": "x"}, {"area_id": "x"}, {"area_id": "x"})
    assert [is_candidate(c, samples) for c in [*columns, col("area_id")]] == [False] * 3


def test_audit_columns_are_not() -> None:
    assert not is_candidate(col("created_by"), ({"created_by": "admin"},) * 3)


def test_numerics_and_dates_are_not() -> None:
    samples = ({"v": 1}, {"v": 1})
    assert [is_candidate(col("v", t), samples) for t in ("numeric(19,4)", "date", "bigint")] == [
        False
    ] * 3


def test_integers_need_a_categorising_name_or_comment() -> None:
    samples = ({"v": 1}, {"v": 1}, {"source_type": 1}, {"source_type": 1})
    checks = [
        col("v", "integer"),
        col("v", "integer", comment="数据来源类别"),
        col("source_type", "integer"),
    ]
    assert [is_candidate(c, samples) for c in checks] == [False, True, True]


def test_confirmed_values_keep_frequency_order() -> None:
    assert confirmed_values([("开放", 20), ("关闭", 5), ("上传数据", 2)]) == (
        "开放",
        "关闭",
        "上传数据",
    )


def test_more_than_twenty_values_is_not_an_enum() -> None:
    assert confirmed_values([(str(i), 3) for i in range(21)]) == ()


def test_a_single_value_or_all_unique_values_is_not_an_enum() -> None:
    assert (confirmed_values([("x", 9)]), confirmed_values([("a", 1), ("b", 1)])) == ((), ())


def test_integer_values_are_written_as_text() -> None:
    assert confirmed_values([(0, 5), (4, 3)]) == ("0", "4")


def test_examples_are_distinct_non_blank_in_sample_order() -> None:
    samples = ({"v": "b"}, {"v": None}, {"v": ""}, {"v": "b"}, {"v": "a"}, {"v": "c"}, {"v": "d"})
    assert sample_examples(col("v"), samples) == ("b", "a", "c")


@pytest.mark.parametrize(
    ("value", "type_name", "text"),
    [
        (True, "bool", "true"),
        (9.520000457763672, "float4", "9.52"),
        (0.1 + 0.2, "float8", "0.30000000000000004"),
        (["普通", "a b"], "_text", '{普通,"a b"}'),
        (datetime(2025, 1, 9, tzinfo=UTC), "timestamptz", "2025-01-09 00:00:00+00"),
        (Decimal("4790.0000"), "numeric", "4790.0000"),
    ],
)
def test_sample_values_are_written_as_postgresql_prints_them(value, type_name, text) -> None:
    assert as_text(value, type_name) == text
