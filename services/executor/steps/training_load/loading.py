"""Embeds and inserts documents batch by batch, skipping content the store already holds."""

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from uuid import UUID

import asyncpg

from services.executor.embeddings import Embedder
from services.executor.vectors import store
from services.executor.vectors.documents import VectorDoc
from shared.db.pool import Conn

BATCH_SIZE = 25


@dataclass
class LoadCounts:
    loaded: Counter[str] = field(default_factory=Counter)  # per collection
    loaded_by_file: Counter[str] = field(default_factory=Counter)
    skipped_by_file: Counter[str] = field(default_factory=Counter)
    inserted_ids: set[str] = field(default_factory=set)  # per document, for the API's answers

    @property
    def skipped(self) -> int:
        return sum(self.skipped_by_file.values())


def unique_in_run(docs: list[VectorDoc], counts: LoadCounts) -> list[VectorDoc]:
    """The same content twice in this run (two files, or twice in one) loads once."""
    seen: set[str] = set()
    unique = []
    for doc in docs:
        if doc.id in seen:
            counts.skipped_by_file[doc.source_file] += 1
            continue
        seen.add(doc.id)
        unique.append(doc)
    return unique


@dataclass
class Loader:
    conn: Conn
    embedder: Embedder
    task_id: str | None
    collections: dict[str, UUID]
    counts: LoadCounts

    async def load_batch(self, batch: list[VectorDoc]) -> None:
        for name in dict.fromkeys(d.collection for d in batch):
            await self._load_group(name, [d for d in batch if d.collection == name])

    async def _load_group(self, collection: str, docs: list[VectorDoc]) -> None:
        collection_id = self.collections[collection]
        hashes = [d.content_hash for d in docs]
        stored = await store.existing_hashes(self.conn, collection_id, hashes)
        fresh = [d for d in docs if d.content_hash not in stored]
        inserted: set[str] = set()
        if fresh:
            vectors = await self.embedder.embed([d.document for d in fresh])
            ids = await store.insert_docs(self.conn, collection_id, fresh, vectors, self.task_id)
            inserted = set(ids)
            self.counts.inserted_ids |= inserted
        for doc in docs:
            self._tally(doc, loaded=doc.id in inserted)

    def _tally(self, doc: VectorDoc, *, loaded: bool) -> None:
        if loaded:
            self.counts.loaded[doc.collection] += 1
            self.counts.loaded_by_file[doc.source_file] += 1
        else:
            self.counts.skipped_by_file[doc.source_file] += 1


async def load(
    pool: asyncpg.Pool,
    embedder: Embedder,
    docs: list[VectorDoc],
    task_id: str | None,
    progress: Callable[[float], Awaitable[None]],
) -> LoadCounts:
    counts = LoadCounts()
    docs = unique_in_run(docs, counts)
    async with pool.acquire() as conn:
        collections = await store.ensure_schema(conn)
        loader = Loader(conn, embedder, task_id, collections, counts)
        for start in range(0, len(docs), BATCH_SIZE):
            batch = docs[start : start + BATCH_SIZE]
            await loader.load_batch(batch)
            await progress((start + len(batch)) / len(docs))
    return counts
