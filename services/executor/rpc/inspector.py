"""db.tables and db.table_ddl: the console's table inspector. The DDL and markdown are what
ddl_generation would write for the table, rendered in memory: nothing is written to disk."""

import logging

from services.executor.deps import Deps
from services.executor.introspection import introspect, reserved_words
from services.executor.rpc import business, catalog
from services.executor.steps.ddl_generation.process import document_table
from shared.command_log import Handled
from shared.envelope import ok
from shared.errors import TableNotFound, ValidationFailed
from shared.messages import ListTables, TableDdl
from shared.table_list import parse_name

log = logging.getLogger(__name__)


async def list_tables(cmd: ListTables, deps: Deps) -> Handled:
    p = cmd.payload
    async with business.session(business.source_for(deps, p)) as conn:
        tables = await catalog.relations(conn, p.schema_name, p.table_name_pattern)
    return Handled(ok(200, "获取表列表成功", {"tables": tables, "total": len(tables)}))


async def table_ddl(cmd: TableDdl, deps: Deps) -> Handled:
    p = cmd.payload
    name = parse_name(p.table)
    if name is None:
        raise ValidationFailed(f"表名不合法: {p.table}")
    async with business.session(business.source_for(deps, p)) as conn:
        found = (await introspect(conn, [name])).tables.get(name)
        if found is None:
            raise TableNotFound(f"表不存在: {name.qualified}", table=name.qualified)
        documents = await document_table(conn, found, log=log, reserved=await reserved_words(conn))
    data: dict[str, str] = {"table": name.qualified}
    if p.output in ("ddl", "both"):
        data["ddl"] = documents.ddl
    if p.output in ("md", "both"):
        data["md"] = documents.detail
    return Handled(ok(200, "获取表DDL成功", data))
