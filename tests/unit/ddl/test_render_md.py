from services.executor.steps.ddl_generation.detail_format import column_line, render_md
from services.executor.table_info import ForeignKey
from tests.unit.ddl.builders import col, table

AREA = ForeignKey("public", "bss_service_area", "id")


def test_layout_of_a_commented_table() -> None:
    info = table(
        "bss_company",
        col(
            "id",
            not_null=True,
            primary_key=True,
            comment="公司唯一标识符",
            examples=("a1", "b2", "c3"),
        ),
        col(
            "company_no",
            "character varying(255)",
            comment="公司编码",
            examples=("H03", "H02", "H07"),
            enum_values=("H01", "H02", "H03"),
        ),
        comment="公司信息表，存储公司的基本信息。",
    )
    assert render_md(info) == "\n".join(
        [
            "## bss_company（公司信息表）",
            "bss_company 表公司信息表，存储公司的基本信息。",
            "字段列表：",
            "- id (varchar(32)) - 公司唯一标识符 [主键, 非空] [示例: a1, b2]",
            "- company_no (varchar(255)) - 公司编码 [示例: H03, H02, H07]",
            "字段补充说明：",
            "- id 为主键",
            "- company_no 为枚举字段，包含取值：H01、H02、H03",
        ]
    )


def test_table_without_comment_and_without_notes() -> None:
    assert render_md(table("t", col("amount", "numeric(19,4)", comment="金额"))) == "\n".join(
        ["## t（t）", "t 表（t）", "字段列表：", "- amount (numeric(19,4)) - 金额"]
    )


def test_composite_key_and_foreign_keys() -> None:
    info = table(
        "link",
        col(
            "route_id", primary_key=True, not_null=True, foreign_key=ForeignKey("hr", "route", "id")
        ),
        col("area_id", primary_key=True, not_null=True, foreign_key=AREA),
    )
    assert render_md(info).split("字段补充说明：\n")[1].split("\n") == [
        "- 复合主键：route_id, area_id",
        "- route_id 为外键，关联 hr.route.id",
        "- area_id 为外键，关联 bss_service_area.id",
    ]


def test_flags_are_ordered_primary_foreign_not_null() -> None:
    line = column_line(col("x", primary_key=True, foreign_key=AREA, not_null=True, comment="c"))
    assert line == "- x (varchar(32)) - c [主键, 外键, 非空]"


def test_timestamptz_keeps_its_time_zone_in_the_doc_type() -> None:
    assert column_line(col("t", "timestamp with time zone", comment="时间")).startswith(
        "- t (timestamptz) - 时间"
    )


def test_uuid_json_current_time_and_relation_notes() -> None:
    info = table(
        "user_role_rel",
        col("id", "uuid", default="gen_random_uuid()"),
        col("payload", "jsonb"),
        col("created_at", "timestamp without time zone", default="now()"),
    )
    assert render_md(info).split("字段补充说明：\n")[1].split("\n") == [
        "- id 使用 UUID 编码",
        "- payload 存储JSON格式数据",
        "- created_at 自动记录当前时间",
        "- 本表是关联表，用于多对多关系映射",
    ]


def test_other_schemas_are_named_with_their_schema() -> None:
    assert render_md(table("user_order", col("a"), schema="hr")).startswith(
        "## hr.user_order（用户订单）\nhr.user_order 表（用户订单）"
    )


def test_no_trailing_newline() -> None:
    assert not render_md(table("t", col("a", comment="a"))).endswith("\n")
