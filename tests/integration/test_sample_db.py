"""The sample business database: schema from the reference DDL, keys, rows, idempotence."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from demo.highway_db import DDL_DIR, BuildReport, build
from tests.helpers.databases import drop_database, with_database

TABLES = sorted(path.stem for path in DDL_DIR.glob("*.ddl"))
SOFT_DELETE_TABLES = [t for t in TABLES if "delete_ts" in (DDL_DIR / f"{t}.ddl").read_text()]
# Documented enum values (reference `_detail.md` files: 字段补充说明).
ENUMS: dict[tuple[str, str], set[object]] = {
    ("bss_company", "company_no"): {"H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "Q01"},
    ("bss_service_area", "service_area_type"): {"信息化服务区", "智能化服务区"},
    ("bss_service_area", "service_state"): {"开放", "关闭", "上传数据"},
    ("bss_service_area_mapper", "source_system_type"): {
        "司乘管理",
        "商业管理",
        "驿购",
        "驿美",
        "手工录入",
    },
    ("bss_service_area_mapper", "source_type"): {0, 1, 3, 4, 5},
    ("bss_business_day_data", "source_type"): {0, 1, 2, 3, 4},
    ("bss_car_day_count", "car_type"): {"其他", "危化品", "城际", "过境"},
}


@pytest.fixture(scope="module")
async def sample(pg_server_url: str) -> AsyncIterator[tuple[str, list[BuildReport]]]:
    name = f"dp_test_sample_{uuid.uuid4().hex[:8]}"
    url = with_database(pg_server_url, name)
    # Two builders at once on a database that does not exist yet: the locks must serialise them.
    reports = await asyncio.gather(
        build(url, create_database=True), build(url, create_database=True)
    )
    yield url, list(reports)
    await drop_database(pg_server_url, name)


@pytest.fixture
async def conn(sample: tuple[str, list[BuildReport]]) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(sample[0])
    yield connection
    await connection.close()


def _description(table: str) -> str:
    header = next(
        line
        for line in (DDL_DIR / f"{table}.ddl").read_text().splitlines()
        if line.startswith("-- 描述:")
    )
    return header.removeprefix("-- 描述:").strip()


async def test_concurrent_builders_build_once(sample):
    _, reports = sample
    assert sorted(r.built for r in reports) == [False, True]
    assert reports[0].rows == reports[1].rows


async def test_second_build_is_a_fast_no_op_with_same_counts(sample):
    url, reports = sample
    again = await build(url)
    assert (again.built, again.rows) == (False, reports[0].rows)


@pytest.mark.parametrize("table", TABLES)
async def test_table_comment_is_the_ddl_description(conn, table):
    comment = await conn.fetchval("SELECT obj_description($1::regclass, 'pg_class')", table)
    assert comment == _description(table)


async def test_every_column_has_a_clean_comment(conn):
    rows = await conn.fetch(
        "SELECT c.relname, a.attname, col_description(c.oid, a.attnum) AS comment"
        " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        " WHERE c.relname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped",
        TABLES,
    )
    comments = {(r["relname"], r["attname"]): r["comment"] for r in rows}
    assert comments[("bss_company", "id")] == "公司唯一标识符"
    assert all(c and not c.endswith((",", "主键")) for c in comments.values())


async def test_foreign_keys_exist(conn):
    rows = await conn.fetch(
        "SELECT conrelid::regclass::text AS source, a.attname AS col,"
        " confrelid::regclass::text AS target FROM pg_constraint k"
        " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
        " WHERE k.contype = 'f'"
    )
    assert {(r["source"], r["col"], r["target"]) for r in rows} == {
        ("bss_service_area", "company_id", "bss_company"),
        ("bss_car_day_count", "service_area_id", "bss_service_area"),
        ("bss_section_route_area_link", "section_route_id", "bss_section_route"),
        ("bss_section_route_area_link", "service_area_id", "bss_service_area"),
        ("bss_service_area_mapper", "service_area_id", "bss_service_area"),
    }


async def test_link_table_has_a_composite_primary_key(conn):
    columns = await conn.fetchval(
        "SELECT array_agg(a.attname ORDER BY a.attname) FROM pg_index i"
        " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
        " WHERE i.indrelid = 'bss_section_route_area_link'::regclass AND i.indisprimary"
    )
    assert columns == ["section_route_id", "service_area_id"]


@pytest.mark.parametrize(
    ("table", "low", "high"),
    [
        ("bss_company", 9, 12),
        ("bss_service_area", 20, 32),
        ("bss_section_route", 8, 20),
        ("bss_section_route_area_link", 20, 70),
        ("bss_service_area_mapper", 20, 100),
        ("bss_business_day_data", 20 * 2 * 90, 32 * 4 * 90 * 1.1),
        ("bss_car_day_count", 20 * 4 * 90, 32 * 4 * 90 * 1.1),
    ],
)
async def test_row_counts_in_expected_ranges(sample, table, low, high):
    assert low <= sample[1][0].rows[table] <= high


@pytest.mark.parametrize("table", SOFT_DELETE_TABLES)
async def test_some_rows_are_soft_deleted(conn, table):
    deleted = await conn.fetchval(
        f'SELECT count(*) FROM "{table}" WHERE delete_ts IS NOT NULL AND deleted_by IS NOT NULL'
    )
    live = await conn.fetchval(f'SELECT count(*) FROM "{table}" WHERE delete_ts IS NULL')
    assert 0 < deleted < live


@pytest.mark.parametrize(("table", "column"), sorted(ENUMS))
async def test_enum_columns_use_documented_values(conn, table, column):
    values = {r[0] for r in await conn.fetch(f'SELECT DISTINCT "{column}" FROM "{table}"')}
    assert values
    assert values <= ENUMS[(table, column)]


async def test_daily_sums_are_consistent(conn):
    mismatched = await conn.fetchval(
        "SELECT count(*) FROM bss_business_day_data"
        " WHERE order_sum <> wx_order + zf_order + rmb_order + xs_order + jd_order"
        " OR pay_sum <> wx + zfb + rmb + xs + jd"
    )
    assert mismatched == 0


async def test_daily_data_ends_today_and_links_to_service_areas(conn):
    assert await conn.fetchval("SELECT max(oper_date) FROM bss_business_day_data") == date.today()
    assert await conn.fetchval("SELECT max(count_date) FROM bss_car_day_count") == date.today()
    orphans = await conn.fetchval(
        "SELECT count(*) FROM bss_business_day_data d WHERE NOT EXISTS"
        " (SELECT 1 FROM bss_service_area s WHERE s.service_area_no = d.service_no)"
    )
    assert orphans == 0


async def test_planner_statistics_are_fresh(conn):
    estimate = await conn.fetchval(
        "SELECT reltuples FROM pg_class WHERE oid = 'bss_car_day_count'::regclass"
    )
    assert estimate > 1000


def test_ddl_directory_holds_the_seven_reference_tables():
    assert len(TABLES) == 7
    assert Path(DDL_DIR / "table_list.txt").exists()
