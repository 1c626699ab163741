"""The vector store for the vector API tests: a pool on the run's pgvector DB, seeded with the
reference highway_db documents (builtin embedder), and HTTP helpers."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from services.executor.embeddings import HashingEmbedder
from services.executor.steps.training_load.parsing import split_ddl, split_markdown, split_pairs
from services.executor.vectors import store
from services.executor.vectors.connection import open_vector_pool
from services.executor.vectors.documents import Collection, VectorDoc
from tests.helpers import API, wait_until

REFERENCE = Path(__file__).resolve().parents[2] / "demo" / "highway_db"
SPLIT = {".ddl": split_ddl, ".md": split_markdown, ".json": split_pairs}
KIND: dict[str, Collection] = {".ddl": "ddl", ".md": "documentation", ".json": "sql"}


@pytest.fixture
async def vector_pool(vector_db_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await open_vector_pool(vector_db_url)
    yield pool
    await pool.close()


def reference_docs() -> list[VectorDoc]:
    docs = []
    for path in sorted(REFERENCE.iterdir()):
        if path.suffix in SPLIT:
            for part in SPLIT[path.suffix](path.read_text("utf-8")):
                docs.append(VectorDoc(KIND[path.suffix], part, path.name))
    return docs


async def seed(pool: asyncpg.Pool, task_id: str = "task_20250721_202929") -> int:
    """An emptied store holding the reference documents; returns the row count."""
    embedder = HashingEmbedder(1024)
    async with pool.acquire() as conn:
        await store.truncate_embeddings(conn)
        collections = await store.ensure_schema(conn)
        for kind in ("ddl", "documentation", "sql"):
            docs = [d for d in reference_docs() if d.collection == kind]
            vectors = await embedder.embed([d.document for d in docs])
            await store.insert_docs(conn, collections[kind], docs, vectors, task_id)
        return await store.count_embeddings(conn)


async def snapshot(pool: asyncpg.Pool) -> list[tuple[Any, ...]]:
    """Every embedding row with its collection name, embedding as text (exact comparison)."""
    rows = await pool.fetch(
        "SELECT e.id, c.name, e.embedding::text AS embedding, e.document, e.cmetadata"
        " FROM langchain_pg_embedding e JOIN langchain_pg_collection c ON c.uuid = e.collection_id"
        " ORDER BY e.id"
    )
    return [tuple(r.values()) for r in rows]


async def post(api: Any, path: str, body: Any) -> tuple[int, dict[str, Any]]:
    response = await api.post(f"{API}{path}", json=body)
    return response.status, await response.json()


async def finished(api: Any, status: int, body: dict[str, Any]) -> dict[str, Any]:
    """The command's final envelope: the answer itself, or the result behind its 202."""
    if status != 202:
        return body
    url = body["data"]["status_url"]

    async def final() -> dict[str, Any] | None:
        response = await api.get(url)
        data = (await response.json())["data"]
        return data["result"] if data["status"] in ("completed", "failed", "rejected") else None

    result: dict[str, Any] = await wait_until(final, timeout=120)  # type: ignore[arg-type]
    return result


async def run_backup(api: Any, **body: Any) -> dict[str, Any]:
    """A backup run to its end; its data (backup_path, timestamp)."""
    result = await finished(api, *await post(api, "/vector/backup", body))
    assert result["success"], result
    data: dict[str, Any] = result["data"]
    return data


async def run_restore(api: Any, **body: Any) -> dict[str, Any]:
    """A restore run to its end; its final envelope."""
    return await finished(api, *await post(api, "/vector/restore", body))
