"""Emptying the vector store between runs, so every run loads its documents (no dedupe skips)."""

import asyncpg

from services.executor.vectors.store import EMBEDDING_TABLE, truncate_embeddings


async def empty_store(vector_url: str) -> None:
    conn = await asyncpg.connect(vector_url)
    try:
        if await conn.fetchval("SELECT to_regclass($1)", EMBEDDING_TABLE):
            await truncate_embeddings(conn)
    finally:
        await conn.close()
