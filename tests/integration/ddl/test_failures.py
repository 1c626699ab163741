"""ddl_generation's reported failures: missing tables, bad lists, unreachable databases."""

import asyncpg
import pytest

from shared.config import Settings
from shared.db import logs
from shared.errors import StepFailed
from tests.integration.ddl.support import run_ddl_step

HIGHWAY = {"db_name": "highway_db"}


async def test_a_missing_table_is_reported_and_gets_no_file(
    pool: asyncpg.Pool, settings: Settings
) -> None:
    run = await run_ddl_step(pool, settings, HIGHWAY, "bss_company\nno_such_table\n")
    assert (run.result["processed_successfully"], run.result["failed"]) == (1, 1)
    assert run.result["failed_tables"] == [{"table": "public.no_such_table", "error": "表不存在"}]
    assert not (run.task_dir / "no_such_table.ddl").exists()
    assert not (run.task_dir / "no_such_table_detail.md").exists()
    assert "no_such_table" not in run.text("filename_mapping.txt")
    errors = await logs.query(pool, run.task_id, min_level="ERROR", text="no_such_table")
    warnings = await logs.query(pool, run.task_id, min_level="WARNING", text="部分表处理失败")
    assert (len(errors), len(warnings)) == (1, 1)


async def test_all_tables_missing_fails_the_step(pool: asyncpg.Pool, settings: Settings) -> None:
    with pytest.raises(StepFailed, match="所有表均处理失败"):
        await run_ddl_step(pool, settings, HIGHWAY, "nope_a, hr.nope_b")


async def test_system_invalid_and_duplicate_names_are_filtered_and_counted(
    pool: asyncpg.Pool, settings: Settings
) -> None:
    table_list = "# 注释\npg_catalog.pg_class, information_schema.tables\nbss_company\nbad;name\n"
    run = await run_ddl_step(pool, settings, HIGHWAY, table_list + "public.bss_company\n")
    result = run.result
    assert (result["total_tables"], result["skipped_system_tables"]) == (1, 2)
    assert (result["invalid_names"], result["duplicate_names"]) == (
        ["bad;name"],
        ["public.bss_company"],
    )
    assert not any(p.name.startswith("pg_") for p in run.task_dir.iterdir())


async def test_the_task_parameter_list_is_used_without_a_file(
    pool: asyncpg.Pool, settings: Settings
) -> None:
    run = await run_ddl_step(pool, settings, {**HIGHWAY, "table_list": ["bss_section_route"]})
    assert (run.task_dir / "bss_section_route.ddl").is_file()


async def test_no_table_list_fails_the_step(pool: asyncpg.Pool, settings: Settings) -> None:
    with pytest.raises(StepFailed, match="请先上传表清单"):
        await run_ddl_step(pool, settings, HIGHWAY)


async def test_only_invalid_names_fail_the_step(pool: asyncpg.Pool, settings: Settings) -> None:
    with pytest.raises(StepFailed, match="没有有效的表名"):
        await run_ddl_step(pool, settings, HIGHWAY, "a;b\npg_catalog.pg_class\n")


async def test_an_unreachable_database_fails_without_showing_the_password(
    pool: asyncpg.Pool, settings: Settings
) -> None:
    params = {"db_connection": "postgresql://someone:s3cretpw@127.0.0.1:1/nowhere"}
    with pytest.raises(StepFailed, match="无法连接业务数据库") as failure:
        await run_ddl_step(pool, settings, params, "bss_company")
    assert "s3cretpw" not in str(failure.value)
