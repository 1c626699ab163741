"""L2: a business role that can write (or is superuser) is named in a WARNING."""

import asyncpg

from shared.db import logs
from tests.helpers.databases import RUN_ID
from tests.integration.ddl.support import run_ddl_step


async def _warnings(pool, task_id):
    rows = await logs.query(pool, task_id, min_level="WARNING")
    return [r.message for r in rows if "业务数据库角色" in r.message]


async def test_superuser_role_is_warned(pool, settings):
    run = await run_ddl_step(pool, settings, {"db_name": "highway_db"}, "bss_company\n")
    assert any("超级用户" in m for m in await _warnings(pool, run.task_id))


async def test_reader_and_writer_roles(pool, settings, scratch_db_url):
    conn = await asyncpg.connect(scratch_db_url)
    reader, writer = f"dp_reader_{RUN_ID}", f"dp_writer_{RUN_ID}"
    try:
        await conn.execute("CREATE TABLE IF NOT EXISTS role_probe (id int PRIMARY KEY)")
        for role in (reader, writer):
            await conn.execute(f'DROP ROLE IF EXISTS "{role}"; CREATE ROLE "{role}" LOGIN')
            await conn.execute(f'GRANT SELECT ON role_probe TO "{role}"')
        await conn.execute(f'GRANT INSERT ON role_probe TO "{writer}"')
        found = {}
        for role in (reader, writer):
            dsn = scratch_db_url.replace("://postgres@", f"://{role}@")
            run = await run_ddl_step(pool, settings, {"db_connection": dsn}, "role_probe\n")
            found[role] = await _warnings(pool, run.task_id)
        assert found[reader] == []
        assert any("public.role_probe" in m and "写权限" in m for m in found[writer])
    finally:
        await conn.execute("DROP TABLE IF EXISTS role_probe")
        for role in (reader, writer):
            await conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        await conn.close()
