"""The restore's SQL on the two vector tables: staging, collection merge, embedding insert.

Everything runs on one connection inside the restore's transaction; the staging tables are
TEMP ... ON COMMIT DROP, so nothing of a failed restore stays behind."""

from pathlib import Path

from services.executor.vectors.store import COLLECTION_TABLE, EMBEDDING_TABLE
from shared.db.pool import TxConn

_STAGED = {COLLECTION_TABLE: "restore_collection", EMBEDDING_TABLE: "restore_embedding"}
_EMBEDDING_COLUMNS = ("id", "collection_id", "embedding", "document", "cmetadata")


def _count(status: str) -> int:
    return int(status.rsplit(maxsplit=1)[-1])


async def truncate(conn: TxConn, tables: list[str]) -> None:
    """Embeddings go first (or together with the collections they reference)."""
    if COLLECTION_TABLE in tables:
        await conn.execute(f"TRUNCATE TABLE {EMBEDDING_TABLE}, {COLLECTION_TABLE}")
    else:
        await conn.execute(f"TRUNCATE TABLE {EMBEDDING_TABLE}")


async def copy_into(conn: TxConn, table: str, path: Path, columns: list[str]) -> int:
    status = await conn.copy_to_table(
        table, source=path, columns=columns, format="csv", header=True
    )
    return _count(status)


async def stage(conn: TxConn, table: str, path: Path, columns: list[str]) -> int:
    staged = _STAGED[table]
    await conn.execute(f"CREATE TEMP TABLE {staged} (LIKE {table}) ON COMMIT DROP")
    return await copy_into(conn, staged, path, columns)


async def merge_collections(conn: TxConn, replace: bool) -> tuple[int, int]:
    """Collections are matched by name: missing ones are inserted; a name the store already has
    under another uuid is remapped (restore_collection_map) for the embeddings that follow.
    Returns (inserted, remapped)."""
    await conn.execute(
        """
        CREATE TEMP TABLE restore_collection_map ON COMMIT DROP AS
        SELECT s.uuid AS old_uuid, c.uuid AS new_uuid FROM restore_collection s
        JOIN langchain_pg_collection c ON c.name = s.name AND c.uuid <> s.uuid
        """
    )
    inserted = await conn.execute(
        """
        INSERT INTO langchain_pg_collection (uuid, name, cmetadata)
        SELECT s.uuid, s.name, s.cmetadata FROM restore_collection s
        WHERE NOT EXISTS (SELECT 1 FROM langchain_pg_collection c WHERE c.name = s.name)
        """
    )
    if replace:
        await conn.execute(
            "UPDATE langchain_pg_collection c SET cmetadata = s.cmetadata"
            " FROM restore_collection s WHERE c.name = s.name"
        )
    remapped = await conn.fetchval("SELECT count(*) FROM restore_collection_map")
    return _count(inserted), int(remapped)


async def remap_embeddings(conn: TxConn) -> None:
    await conn.execute(
        "UPDATE restore_embedding s SET collection_id = m.new_uuid"
        " FROM restore_collection_map m WHERE s.collection_id = m.old_uuid"
    )


async def embedding_conflicts(conn: TxConn, sample: int = 20) -> tuple[int, list[str]]:
    row = await conn.fetchrow(
        """
        SELECT count(*) AS n, (array_agg(s.id ORDER BY s.id))[1:$1] AS ids
        FROM restore_embedding s JOIN langchain_pg_embedding e ON e.id = s.id
        """,
        sample,
    )
    assert row is not None
    return int(row["n"]), list(row["ids"] or [])


async def insert_embeddings(conn: TxConn, replace: bool) -> int:
    """Rows written (inserted, plus replaced when `replace`); an existing id is kept otherwise."""
    columns = ", ".join(_EMBEDDING_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _EMBEDDING_COLUMNS[1:])
    action = f"DO UPDATE SET {updates}" if replace else "DO NOTHING"
    status = await conn.execute(
        f"INSERT INTO {EMBEDDING_TABLE} ({columns}) SELECT {columns} FROM restore_embedding"
        f" ON CONFLICT (id) {action}"
    )
    return _count(status)


async def count_rows(conn: TxConn, table: str) -> int:
    return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))
