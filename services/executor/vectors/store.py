"""All SQL for langchain_pg_collection and langchain_pg_embedding.

These tables live in the vector DB (often not the app DB) and their layout is owned by
Vanna/langchain-postgres, not by our migrations: so their SQL lives here, next to the
vector code, instead of under shared/db (which holds our own task tables)."""

import json
import uuid
from dataclasses import dataclass
from typing import Any, BinaryIO

from services.executor.vectors.documents import COLLECTIONS, VectorDoc, vector_text
from shared.db.pool import Conn, TxConn

COLLECTION_TABLE = "langchain_pg_collection"
EMBEDDING_TABLE = "langchain_pg_embedding"
VECTOR_TABLES = (COLLECTION_TABLE, EMBEDDING_TABLE)

# The DDL langchain-postgres (SQLAlchemy) emits, made idempotent; existing tables are kept.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS langchain_pg_collection (
    uuid UUID NOT NULL,
    name VARCHAR NOT NULL,
    cmetadata JSON,
    PRIMARY KEY (uuid),
    UNIQUE (name)
);
CREATE TABLE IF NOT EXISTS langchain_pg_embedding (
    id VARCHAR NOT NULL,
    collection_id UUID,
    embedding VECTOR,
    document VARCHAR,
    cmetadata JSONB,
    PRIMARY KEY (id),
    FOREIGN KEY (collection_id) REFERENCES langchain_pg_collection (uuid) ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_langchain_pg_embedding_id ON langchain_pg_embedding (id);
CREATE INDEX IF NOT EXISTS ix_cmetadata_gin
    ON langchain_pg_embedding USING gin (cmetadata jsonb_path_ops);
"""
_BACKUP_QUERIES = {
    COLLECTION_TABLE: "SELECT * FROM langchain_pg_collection ORDER BY name",
    EMBEDDING_TABLE: "SELECT * FROM langchain_pg_embedding ORDER BY id",
}


@dataclass(frozen=True)
class Neighbour:
    id: str
    document: str
    distance: float
    cmetadata: dict[str, Any]
    collection: str = ""


async def vector_installed(conn: Conn) -> bool:
    return bool(await conn.fetchval("SELECT count(*) FROM pg_extension WHERE extname = 'vector'"))


async def install_vector(conn: Conn) -> None:
    await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")


async def tables_exist(conn: Conn) -> bool:
    """From the catalog only: never waits for a lock on the tables."""
    found = await conn.fetchval(
        "SELECT to_regclass('langchain_pg_collection') IS NOT NULL"
        " AND to_regclass('langchain_pg_embedding') IS NOT NULL"
    )
    return bool(found)


async def ensure_schema(conn: TxConn) -> dict[str, uuid.UUID]:
    """Tables, indexes and the four collections; returns collection name -> uuid."""
    async with conn.transaction():
        # Two executors starting at once would race on CREATE TABLE IF NOT EXISTS.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('langchain_pg_schema'))")
        await conn.execute(_SCHEMA)
        await conn.executemany(
            "INSERT INTO langchain_pg_collection (uuid, name) VALUES ($1, $2)"
            " ON CONFLICT (name) DO NOTHING",
            [(uuid.uuid4(), name) for name in COLLECTIONS],
        )
        rows = await conn.fetch(
            "SELECT name, uuid FROM langchain_pg_collection WHERE name = ANY($1::varchar[])",
            list(COLLECTIONS),
        )
    return {row["name"]: row["uuid"] for row in rows}


async def existing_hashes(conn: Conn, collection_id: uuid.UUID, hashes: list[str]) -> set[str]:
    rows = await conn.fetch(
        "SELECT DISTINCT md5(document) AS hash FROM langchain_pg_embedding"
        " WHERE collection_id = $1 AND md5(document) = ANY($2::text[])",
        collection_id,
        hashes,
    )
    return {row["hash"] for row in rows}


async def insert_docs(
    conn: Conn,
    collection_id: uuid.UUID,
    docs: list[VectorDoc],
    vectors: list[list[float]],
    task_id: str | None,
) -> list[str]:
    """Inserts rows (an id already present is left alone); returns the ids inserted."""
    rows = await conn.fetch(
        """
        INSERT INTO langchain_pg_embedding (id, collection_id, embedding, document, cmetadata)
        SELECT r.id, $1::uuid, r.embedding::vector, r.document, r.cmetadata::jsonb
        FROM unnest($2::varchar[], $3::text[], $4::varchar[], $5::text[])
            AS r(id, embedding, document, cmetadata)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
        """,
        collection_id,
        [d.id for d in docs],
        [vector_text(v) for v in vectors],
        [d.document for d in docs],
        [_json(d.metadata(task_id)) for d in docs],
    )
    return [row["id"] for row in rows]


async def count_embeddings(conn: Conn) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM langchain_pg_embedding"))


async def stored_dimension(conn: Conn) -> int | None:
    """Dimension of the vectors already stored (None when the store is empty)."""
    value = await conn.fetchval(
        "SELECT vector_dims(embedding) FROM langchain_pg_embedding"
        " WHERE embedding IS NOT NULL LIMIT 1"
    )
    return int(value) if value is not None else None


async def truncate_embeddings(conn: Conn) -> None:
    # The collection table is kept: Vanna expects its four rows to exist.
    await conn.execute("TRUNCATE TABLE langchain_pg_embedding")


async def copy_table_csv(conn: TxConn, table: str, out: BinaryIO) -> int:
    """Streams a table to CSV into an open file (asyncpg writes in a thread); the row count."""
    status = await conn.copy_from_query(
        _BACKUP_QUERIES[table], output=out, format="csv", header=True
    )
    return int(status.split()[-1])


async def nearest(
    conn: Conn, embedding: list[float], collections: list[str], limit: int
) -> list[Neighbour]:
    """Cosine nearest documents in the named collections (what a Vanna retrieval does)."""
    rows = await conn.fetch(
        """
        SELECT e.id, e.document, e.cmetadata, c.name, e.embedding <=> $1 AS distance
        FROM langchain_pg_embedding e
        JOIN langchain_pg_collection c ON c.uuid = e.collection_id
        WHERE c.name = ANY($2::varchar[])
        ORDER BY distance
        LIMIT $3
        """,
        embedding,
        collections,
        limit,
    )
    return [
        Neighbour(r["id"], r["document"], float(r["distance"]), r["cmetadata"], r["name"])
        for r in rows
    ]


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)
