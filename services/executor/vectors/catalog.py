"""SQL for reading and curating the store's documents (the training_data API).

Kept apart from store.py (what training_load writes); both own only the two langchain tables."""

from typing import Any

from shared.db.pool import Conn

_ROW = """
    SELECT e.id, c.name AS training_data_type, e.document, e.cmetadata
    FROM langchain_pg_embedding e JOIN langchain_pg_collection c ON c.uuid = e.collection_id
"""
_ORDER = {"id": "e.id", "training_data_type": "c.name, e.id"}


async def counts_by_type(conn: Conn) -> dict[str, int]:
    rows = await conn.fetch(
        "SELECT c.name, count(e.id) AS n FROM langchain_pg_collection c"
        " LEFT JOIN langchain_pg_embedding e ON e.collection_id = c.uuid GROUP BY c.name"
    )
    return {r["name"]: int(r["n"]) for r in rows}


async def counts_by_task(conn: Conn) -> dict[str, int]:
    rows = await conn.fetch(
        "SELECT coalesce(cmetadata->>'task_id', '') AS task_id, count(*) AS n"
        " FROM langchain_pg_embedding GROUP BY 1 ORDER BY 1"
    )
    return {r["task_id"]: int(r["n"]) for r in rows}


def _filters(kind: str | None, keyword: str | None, task_id: str | None) -> tuple[str, list[Any]]:
    clauses, args = ["TRUE"], [kind, keyword, task_id]
    clauses.append("($1::varchar IS NULL OR c.name = $1)")
    # strpos: the keyword is matched literally (no LIKE wildcards from the user).
    clauses.append("($2::text IS NULL OR strpos(lower(e.document), lower($2)) > 0)")
    clauses.append("($3::text IS NULL OR e.cmetadata->>'task_id' = $3)")
    return " AND ".join(clauses), args


async def page(
    conn: Conn,
    *,
    kind: str | None,
    keyword: str | None,
    task_id: str | None,
    order: str,
    descending: bool,
    limit: int,
    offset: int,
) -> tuple[int, list[dict[str, Any]]]:
    where, args = _filters(kind, keyword, task_id)
    total = await conn.fetchval(
        "SELECT count(*) FROM langchain_pg_embedding e"
        f" JOIN langchain_pg_collection c ON c.uuid = e.collection_id WHERE {where}",
        *args,
    )
    direction = " DESC" if descending else ""
    sort = ", ".join(part + direction for part in _ORDER[order].split(", "))
    rows = await conn.fetch(
        f"{_ROW} WHERE {where} ORDER BY {sort} LIMIT $4 OFFSET $5", *args, limit, offset
    )
    return int(total), [dict(r) for r in rows]


async def by_ids(conn: Conn, ids: list[str]) -> list[dict[str, Any]]:
    rows = await conn.fetch(f"{_ROW} WHERE e.id = ANY($1::varchar[])", ids)
    return [dict(r) for r in rows]


async def delete_ids(conn: Conn, ids: list[str]) -> list[str]:
    rows = await conn.fetch(
        "DELETE FROM langchain_pg_embedding WHERE id = ANY($1::varchar[]) RETURNING id", ids
    )
    return [r["id"] for r in rows]


async def delete_task(conn: Conn, task_id: str) -> int:
    status = await conn.execute(
        "DELETE FROM langchain_pg_embedding WHERE cmetadata->>'task_id' = $1", task_id
    )
    return int(status.split()[-1])


async def duplicates(conn: Conn, kinds: list[str], keep: str) -> list[dict[str, Any]]:
    """Per collection and identical document, the ids to remove: all but the kept one (first
    or last by id, or newest by cmetadata.createdat, rows without a date counting oldest)."""
    order = {
        "first": "e.id",
        "last": "e.id DESC",
        "newest": "e.cmetadata->>'createdat' DESC NULLS LAST, e.id",
    }[keep]
    rows = await conn.fetch(
        f"""
        SELECT training_data_type, id, kept FROM (
            SELECT c.name AS training_data_type, e.id,
                first_value(e.id) OVER w AS kept, row_number() OVER w AS n
            FROM langchain_pg_embedding e JOIN langchain_pg_collection c ON c.uuid = e.collection_id
            WHERE c.name = ANY($1::varchar[])
            WINDOW w AS (PARTITION BY e.collection_id, md5(e.document) ORDER BY {order})
        ) ranked WHERE n > 1 ORDER BY training_data_type, kept, id
        """,
        kinds,
    )
    return [dict(r) for r in rows]
