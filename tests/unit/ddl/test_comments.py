import pytest

from services.executor.llm.base import ColumnComment, TableComments
from services.executor.llm.builtin.comments import column_comment
from services.executor.steps.ddl_generation.comments import fill_builtin, missing_comments
from services.executor.steps.ddl_generation.llm_comments import apply_missing
from tests.unit.ddl.builders import col, table


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("id", "主键ID"),
        ("version", "数据版本号"),
        ("create_ts", "创建时间"),
        ("created_at", "创建时间"),
        ("updated_by", "更新人"),
        ("update_by", "更新人"),
        ("sort_order", "排序号"),
        ("deleted_at", "删除时间"),
        ("name", "名称"),
        ("company_id", "公司ID"),
        ("order_date", "订单日期"),
        ("zzz_flag", "zzz flag"),  # one language: the name in words, never `zzz标志`
        ("qty_on_hand", "qty on hand"),
    ],
)
def test_builtin_column_comment(name: str, expected: str) -> None:
    assert column_comment(name) == expected


def test_database_comments_win_and_only_missing_ones_are_filled() -> None:
    filled = fill_builtin(
        table("t", col("id", comment="公司ID"), col("version"), col("x", comment=" "))
    )
    assert [c.comment for c in filled.columns] == ["公司ID", "数据版本号", "x"]


def test_a_missing_table_comment_stays_missing() -> None:
    assert fill_builtin(table("t", col("a"), comment="  ")).comment is None


def test_missing_comments() -> None:
    complete = table("t", col("a", comment="甲"), comment="表")
    assert (missing_comments(complete), missing_comments(table("t", col("a"), comment="表"))) == (
        False,
        True,
    )


def test_llm_answers_fill_only_empty_comments() -> None:
    info = table("t", col("a", comment="数据库注释"), col("b"))
    answer = TableComments(
        table_comment="大模型表注释",
        columns=(ColumnComment("a", "大模型A"), ColumnComment("b", "大模型B")),
    )
    filled = apply_missing(info, answer)
    assert (filled.comment, [c.comment for c in filled.columns]) == (
        "大模型表注释",
        ["数据库注释", "大模型B"],
    )
