"""L2: read-only transactions cannot stop a view whose function writes through dblink, so the
business role itself should be read-only. A WARNING says when it is not."""

import asyncpg

from services.executor.context import StepContext
from shared.table_list import TableName

_SQL = """
SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
       current_user::text AS role,
       array(SELECT s || '.' || t FROM unnest($1::text[], $2::text[]) AS l(s, t)
             WHERE has_table_privilege(format('%I.%I', s, t),
                                       'INSERT, UPDATE, DELETE, TRUNCATE')) AS writable
"""


async def warn_if_not_read_only(ctx: StepContext, conn: asyncpg.Connection,
                                names: list[TableName]) -> None:  # fmt: skip
    row = await conn.fetchrow(_SQL, [n.schema for n in names], [n.table for n in names])
    if row is None:
        return
    if row["superuser"]:
        ctx.log.warning(
            f"业务数据库角色 {row['role']} 是超级用户: 请使用只读角色 (见 docs/security.md)"
        )
    elif row["writable"]:
        shown = ", ".join(row["writable"][:10])
        ctx.log.warning(f"业务数据库角色 {row['role']} 对所列表有写权限 ({shown}): 请使用只读角色")
