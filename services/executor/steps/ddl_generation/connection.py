"""One read-only, time-bounded session on the business database (a whole step, or one console
read)."""

import asyncpg

from services.executor.source_db import CONNECT_ERRORS, SourceDb, connect_failure

CONNECT_TIMEOUT_SECONDS = 15.0
COMMAND_TIMEOUT_SECONDS = 60.0
STATEMENT_TIMEOUT_MS = 30_000
# Set once at connect, so each sample or count is one round trip (no BEGIN/SET LOCAL/COMMIT).
_SESSION = {
    "default_transaction_read_only": "on",
    "statement_timeout": str(STATEMENT_TIMEOUT_MS),
    "application_name": "data_pipeline_ddl",
}


async def connect_read_only(source: SourceDb) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(
            **source.connect_kwargs(),
            timeout=CONNECT_TIMEOUT_SECONDS,
            command_timeout=COMMAND_TIMEOUT_SECONDS,
            server_settings=_SESSION,
            # Every table's queries differ: a cache only adds a Close round trip per eviction.
            statement_cache_size=0,
        )
    except CONNECT_ERRORS as exc:
        raise connect_failure(exc) from None
