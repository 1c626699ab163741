from dataclasses import replace
from pathlib import Path

import pytest

from demo.sample_db.ddl import parse_ddl
from services.executor.steps.ddl_generation.render_ddl import render_ddl, short_name
from services.executor.table_info import EnumType, ForeignKey, TableInfo
from tests.unit.ddl.builders import col, table
from tests.unit.ddl.normalise import reference_layout

REFERENCE = Path(__file__).parents[3] / "demo" / "highway_db"


def company() -> TableInfo:
    return table(
        "bss_company",
        col("id", not_null=True, primary_key=True, comment="公司唯一标识符"),
        col("version", "integer", not_null=True, comment="数据版本号"),
        col("company_no", "character varying(255)", comment="公司编码"),
        comment="公司信息表，存储公司的基本信息。",
    )


def test_layout_matches_the_reference_shape() -> None:
    assert render_ddl(company()) == "\n".join(
        [
            "-- 中文名: 公司信息表",
            "-- 描述: 公司信息表，存储公司的基本信息。",
            "create table public.bss_company (",
            "  id varchar(32) not null,    -- 公司唯一标识符，主键",
            "  version integer not null,   -- 数据版本号",
            "  company_no varchar(255),    -- 公司编码",
            "  primary key (id)",
            ");",
        ]
    )


def test_comment_starts_at_column_30_or_one_space_after_a_long_definition() -> None:
    lines = render_ddl(
        table("t", col("a"), col("a_very_long_column_name", "character varying(255)"))
    ).split("\n")
    long_definition = "  a_very_long_column_name varchar(255)"
    assert [line.index("--") for line in lines[2:4]] == [30, len(long_definition) + 1]


def test_without_primary_key_the_last_column_has_no_comma() -> None:
    lines = render_ddl(table("t", col("a", "integer"), col("b", "text"))).split("\n")
    assert lines[-2].split("--")[0].rstrip() == "  b text"


def test_foreign_key_and_primary_key_suffixes() -> None:
    fk = ForeignKey("public", "bss_service_area", "id")
    link = table(
        "link",
        col("route_id", not_null=True, primary_key=True, foreign_key=fk, comment="路线"),
        col("area_id", not_null=True, primary_key=True, comment="服务区"),
    )
    lines = render_ddl(link).split("\n")
    assert lines[2].endswith("-- 路线，主键，外键")
    assert lines[4] == "  primary key (route_id, area_id)"


def test_table_without_comment_has_only_its_name_in_the_header() -> None:
    assert render_ddl(table("t", col("a"))).split("\n")[:2] == [
        "-- 中文名: t",
        "create table public.t (",
    ]


def test_no_trailing_newline() -> None:
    assert render_ddl(company()).endswith(");")


def test_defaults_stay_sql() -> None:
    lines = render_ddl(
        table(
            "t",
            col("id", "uuid", not_null=True, default="gen_random_uuid()"),
            col("state", default="'draft'::character varying"),
            col("created_at", "timestamp with time zone", default="now()"),
            col("serial_no", "integer", default="nextval('t_serial_no_seq'::regclass)"),
        )
    ).split("\n")
    assert [line.split("--")[0].rstrip() for line in lines[2:6]] == [
        "  id uuid not null default gen_random_uuid(),",
        "  state varchar(32) default 'draft',",
        "  created_at timestamptz default current_timestamp,",
        "  serial_no serial",
    ]


def test_identity_columns_keep_their_identity() -> None:
    lines = render_ddl(table("t", col("id", "bigint", not_null=True, identity="a")))
    assert "  id bigint generated always as identity not null" in lines


def test_enum_types_and_the_schema_are_created_first() -> None:
    tier = EnumType("shop", "tier", ("bronze", "it's gold"))
    ddl = render_ddl(table("c", col("tier", "shop.tier", enum_type=tier), schema="shop"))
    assert ddl.split("\n")[1:4] == [
        "create schema if not exists shop;",
        "create type shop.tier as enum ('bronze', 'it''s gold');",
        "create table shop.c (",
    ]


def test_unique_and_check_constraints_follow_the_primary_key() -> None:
    info = replace(
        table("p", col("id", "integer", primary_key=True), col("price", "numeric")),
        constraints=("UNIQUE (price)", "CHECK ((price > (0)::numeric))"),
    )
    assert render_ddl(info).split("\n")[-4:] == [
        "  primary key (id),",
        "  UNIQUE (price),",
        "  CHECK ((price > (0)::numeric))",
        ");",
    ]


def test_views_are_marked() -> None:
    ddl = render_ddl(replace(table("v", col("a")), kind="v"))
    assert "-- 类型: 视图（view），以下为其输出列" in ddl.split("\n")


def test_odd_names_are_quoted_and_comments_kept_on_one_line() -> None:
    ddl = render_ddl(
        table("Order Items", col("order", comment="订单\n编号"), schema="Sales"),
        frozenset({"order"}),
    )
    assert ddl.split("\n")[1:4] == [
        'create schema if not exists "Sales";',
        'create table "Sales"."Order Items" (',
        '  "order" varchar(32)'.ljust(30) + "-- 订单 编号",
    ]


def test_generated_column() -> None:
    line = render_ddl(
        table("t", col("total", "numeric", default="(price * qty)", generated=True))
    ).split("\n")[2]
    assert line.startswith("  total numeric generated always as ((price * qty)) stored")


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("服务区信息表，存储名称。", "服务区信息表"),
        ("服务区信息表。存储名称", "服务区信息表"),
        ("服务区信息表（12字）", "服务区信息表"),
        ("服务区信息表", "服务区信息表"),
    ],
)
def test_short_name(comment: str, expected: str) -> None:
    assert short_name(comment) == expected


@pytest.mark.parametrize("path", sorted(REFERENCE.glob("*.ddl")), ids=lambda p: p.stem)
def test_reference_files_round_trip(path: Path) -> None:
    """The reference facts rendered again equal the reference text, commas aside."""
    reference = path.read_text(encoding="utf-8")
    parsed = parse_ddl(reference)
    columns = [
        col(
            c.name,
            c.type,
            not_null=c.not_null,
            default=c.default,
            comment=c.comment,
            primary_key=c.name in parsed.primary_key,
        )
        for c in parsed.columns
    ]
    info = table(parsed.name, *columns, comment=parsed.comment)
    assert reference_layout(render_ddl(info)) == reference_layout(reference)
