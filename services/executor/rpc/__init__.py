"""Queries the console asks over RPC (reply_to): only the executor reaches business DBs.
Every answer is an envelope, errors included: the asker is waiting, and a redelivery would
not answer it any better."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from services.executor.deps import Deps
from services.executor.handlers import Handler
from services.executor.rpc.inspector import list_tables, table_ddl
from services.executor.rpc.pair_edit import update_pair
from shared.command_log import Handled
from shared.envelope import failure
from shared.errors import BusinessDbUnavailable, DomainError
from shared.messages import CommandBase, ListTables, TableDdl, UpdatePair
from shared.secrets import mask_text

log = logging.getLogger(__name__)


def answering(handler: Callable[[Any, Deps], Awaitable[Handled]]) -> Handler:
    async def answer(cmd: Any, deps: Deps) -> Handled:
        try:
            return await handler(cmd, deps)
        except DomainError as exc:
            return Handled(failure(exc))
        except (asyncpg.PostgresError, OSError) as exc:
            return Handled(failure(BusinessDbUnavailable(f"业务数据库错误: {mask_text(str(exc))}")))
        except Exception:  # the RPC boundary: logged once, answered as an internal error
            log.exception("%s %s failed", type(cmd).__name__, cmd.command_id)
            return Handled(failure(DomainError()))

    return answer


CONSOLE_HANDLERS: dict[type[CommandBase], Handler] = {
    ListTables: answering(list_tables),
    TableDdl: answering(table_ddl),
    UpdatePair: answering(update_pair),
}
