"""Builtin provider pieces on small schemas: comments, repairs, aliases, English, counts."""

import pytest

from services.executor.llm.base import ColumnDoc, RepairItem, SchemaDocs, TableDoc
from services.executor.llm.builtin.allocation import generate_pairs
from services.executor.llm.builtin.comments import column_comment, comment_table
from services.executor.llm.builtin.repair import repair_sql
from services.executor.llm.builtin.sql import label
from services.executor.llm.builtin.themes import extract_themes
from tests.unit.llm.highway import highway_docs

ORDERS = TableDoc(
    name="shop_orders",
    comment="",
    columns=(
        ColumnDoc("id", "bigint", "", primary_key=True),
        ColumnDoc("customer_name", "varchar(64)", ""),
        ColumnDoc("status", "varchar(16)", "", enum_values=("paid", "it's open")),
        ColumnDoc("amount", "numeric(10,2)", ""),
        ColumnDoc("order_date", "date", ""),
    ),
    markdown="",
)


@pytest.mark.parametrize(
    ("name", "comment"),
    [
        ("create_ts", "创建时间"),  # exact dictionary entry
        ("company_id", "公司ID"),  # *_id with a known word
        ("order_count", "订单数量"),  # known word + suffix
        ("is_deleted", "是否删除"),
        ("zz_code", "zz code"),  # an unknown word: the name in words, never zz编码
    ],
)
def test_column_comment_dictionary(name, comment):
    assert column_comment(name) == comment


def test_comment_table_keeps_existing_and_fills_missing():
    docs = SchemaDocs("", "shop", (ORDERS,))
    table = TableDoc(
        "bss_company", "", (ColumnDoc("id", "int", ""), ColumnDoc("x", "int", "已有")), ""
    )
    answer = comment_table(docs, table)
    assert answer.table_comment == "公司表"
    assert [c.comment for c in answer.columns] == ["主键ID", "已有"]


def test_repair_fixes_near_miss_column_and_table_only():
    docs = highway_docs()
    items = [
        RepairItem(
            "q", "SELECT company_nme FROM bss_company;", 'column "company_nme" does not exist'
        ),
        RepairItem("q", "SELECT COUNT(*) FROM bss_compny", 'relation "bss_compny" does not exist'),
        RepairItem(
            "q", "SELECT foo_bar_baz FROM bss_company;", 'column "foo_bar_baz" does not exist'
        ),
        RepairItem("q", "SELECT 'company_nme' FROM x;", "syntax error at or near"),
    ]
    assert repair_sql(docs, items) == [
        "SELECT company_name FROM bss_company;",
        "SELECT COUNT(*) FROM bss_company;",
        None,
        None,
    ]


def test_repair_leaves_string_literals_alone():
    docs = highway_docs()
    sql = "SELECT company_nme FROM bss_company WHERE company_name = 'company_nme';"
    fixed = repair_sql(docs, [RepairItem("q", sql, 'column "company_nme" does not exist')])
    assert fixed == ["SELECT company_name FROM bss_company WHERE company_name = 'company_nme';"]


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("总支付金额", "总支付金额"),
        ("total_pay", "total_pay"),
        ("占比(%)", '"占比(%)"'),
        ("1月", '"1月"'),
    ],
)
def test_alias_quoting(text, rendered):
    assert label(text) == rendered


def test_english_schema_gets_english_questions_and_escaped_literals():
    docs = SchemaDocs("online shop", "shop", (ORDERS,))
    themes = extract_themes(docs, 3)
    pairs = generate_pairs(docs, themes[0], 10)
    assert len(themes) == 3
    assert len({t.topic_name for t in themes}) == 3
    assert len(pairs) == 10
    assert all(p.question.isascii() for p in pairs)
    assert any(
        "'it''s open'" in p.sql for ps in [generate_pairs(docs, t, 30) for t in themes] for p in ps
    )


def test_count_is_respected_and_angles_vary_the_order():
    docs = highway_docs()
    themes = extract_themes(docs, 9)
    first, trend = themes[0], next(t for t in themes if t.topic_name.endswith("趋势"))
    assert len(themes) == 9
    assert generate_pairs(docs, first, 3) != generate_pairs(docs, trend, 3)


PAYMENTS = TableDoc(
    name="payments",
    comment="支付流水",
    columns=(
        ColumnDoc("id", "bigint", "主键", primary_key=True),
        ColumnDoc("store_name", "varchar(64)", "门店名称"),
        ColumnDoc("state", "integer", "支付状态：1-待支付，2-已支付", enum_values=("1", "2")),
        ColumnDoc("source", "integer", "来源类别", enum_values=("0", "4")),
        ColumnDoc("amount", "numeric(10,2)", "支付金额"),
        ColumnDoc("pay_date", "date", "支付日期"),
    ),
    markdown="",
)


def test_codes_are_named_by_their_meaning_and_bare_codes_never_asked():
    docs = SchemaDocs("零售系统", "db", (PAYMENTS,))
    questions = [p.question for t in extract_themes(docs, 3) for p in generate_pairs(docs, t, 20)]
    assert any("已支付" in q or "待支付" in q for q in questions)
    assert not any("“1”" in q or "“2”" in q for q in questions)
    assert not any("来源类别" in q for q in questions)
