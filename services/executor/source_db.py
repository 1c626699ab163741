"""The business database a step reads: masked for reports and logs, the real DSN opened only
when connecting, checked against the allow-list again right before (a command may come from
another publisher than the gateway)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from shared.business_db import DatabasePolicy
from shared.errors import DatabaseNotAllowed, StepFailed
from shared.secrets import mask_dsn

# What a failed connect may raise; reported in one form so no error tells ports apart.
CONNECT_ERRORS = (OSError, TimeoutError, ValueError, asyncpg.PostgresError, asyncpg.InterfaceError)


@dataclass(frozen=True)
class SourceDb:
    masked: str
    policy: DatabasePolicy
    reveal: Callable[[], str] = field(repr=False)

    @classmethod
    def plain(cls, dsn: str, policy: DatabasePolicy) -> "SourceDb":
        return cls(mask_dsn(dsn), policy, lambda: dsn)

    def connect_kwargs(self) -> dict[str, Any]:
        """asyncpg.connect()/create_pool() arguments for the checked target."""
        try:
            return self.policy.check(self.reveal()).connect_kwargs()
        except DatabaseNotAllowed as exc:
            raise StepFailed(f"{exc.error_code}: {exc.message}") from None


def connect_failure(exc: BaseException) -> StepFailed:
    """无法连接业务数据库, plus the SQLSTATE when PostgreSQL itself answered."""
    sqlstate = getattr(exc, "sqlstate", None)
    return StepFailed("无法连接业务数据库" + (f" (SQLSTATE {sqlstate})" if sqlstate else ""))
