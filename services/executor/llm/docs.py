"""Loads ddl_generation's `_detail.md` files of a task as the LLM contract's SchemaDocs."""

from services.executor.llm.base import SchemaDocs
from services.executor.steps.ddl_generation.detail_format import is_table_doc, parse_detail_md
from shared.storage import Storage


async def load_schema_docs(
    storage: Storage, task_id: str, business_context: str, db_name: str
) -> SchemaDocs:
    """Every table `_detail.md` of the task dir, sorted by file name."""
    names = [name for name in await storage.names(task_id) if is_table_doc(name)]
    tables = [parse_detail_md(await storage.read_text(task_id, name)) for name in names]
    return SchemaDocs(business_context=business_context, db_name=db_name, tables=tuple(tables))
