"""Which business databases a task may reach (DP_BUSINESS_DATABASE_ALLOW), and the exact
connection the executor opens: built from the checked fields, never from the raw string, so
what was checked is what is connected to."""

import fnmatch
from dataclasses import dataclass
from typing import Any

from shared import dsn as libpq
from shared.errors import DatabaseNotAllowed

LOOPBACK = ("127.0.0.1", "localhost", "::1")
TEMPLATES = frozenset({"template0", "template1"})
# Options honoured; anything else (passfile, sslrootcert, sslkey, service, options...) is
# refused: they make the executor read its own files or change the session.
_KEPT = frozenset({"host", "port", "dbname", "user", "password", "sslmode", "connect_timeout"})
_SSLMODES = frozenset({"disable", "allow", "prefer", "require"})


@dataclass(frozen=True)
class Target:
    endpoints: tuple[libpq.Endpoint, ...]
    dbname: str
    user: str | None
    password: str | None
    sslmode: str | None

    def connect_kwargs(self) -> dict[str, Any]:
        """asyncpg.connect() arguments; host and port always explicit (no PG* env fallback)."""
        kwargs: dict[str, Any] = {
            "host": [e.host for e in self.endpoints],
            "port": [e.port or 5432 for e in self.endpoints],
            "database": self.dbname,
        }
        if self.user:
            kwargs["user"] = self.user
        if self.password is not None:
            kwargs["password"] = self.password
        if self.sslmode:
            kwargs["ssl"] = self.sslmode
        return kwargs


def target_of(dsn: str) -> Target:
    """The parsed DSN; DatabaseNotAllowed (never quoting a value) when it cannot be checked."""
    if not libpq.is_uri(dsn):
        raise DatabaseNotAllowed("db_connection 必须是 postgresql:// 形式的连接串")
    try:
        info = libpq.parse_uri(dsn)
        endpoints = tuple(info.endpoints())
    except libpq.DsnError as exc:
        raise DatabaseNotAllowed(f"db_connection 格式错误: {exc}") from None
    refused = sorted(k for k in info.params if k not in _KEPT)
    if refused:
        shown = ", ".join(k if k.isidentifier() and len(k) <= 40 else "?" for k in refused[:5])
        raise DatabaseNotAllowed(f"db_connection 不允许的连接参数: {shown}")
    sslmode = info.get("sslmode")
    if sslmode is not None and sslmode not in _SSLMODES:
        raise DatabaseNotAllowed("sslmode 仅支持 disable/allow/prefer/require")
    if not all(e.host for e in endpoints) or not info.get("dbname"):
        raise DatabaseNotAllowed("db_connection 必须写明主机和数据库名")
    if any(e.host.startswith(("/", "@")) for e in endpoints):
        raise DatabaseNotAllowed("不允许通过 Unix 套接字连接业务数据库")
    return Target(
        endpoints, str(info.get("dbname")), info.get("user"), info.get("password"), sslmode
    )


@dataclass(frozen=True)
class Pattern:
    """host[:port][/dbname]; host and dbname may use shell wildcards (*.corp.example, hw_*)."""

    host: str
    port: int | None
    dbname: str | None

    @classmethod
    def parse(cls, text: str) -> "Pattern":
        where, _, dbname = text.strip().partition("/")
        if where.startswith("["):  # [IPv6]:port
            host, _, port = where[1:].partition("]")
            port = port.removeprefix(":")
        elif where.count(":") == 1:
            host, port = where.split(":")
        else:
            host, port = where, ""
        if not host or not (port.isdigit() or not port):
            raise ValueError(f"DP_BUSINESS_DATABASE_ALLOW: 无效的模式 {text!r}")
        return cls(host.lower(), int(port) if port else None, dbname or None)

    def matches(self, endpoint: libpq.Endpoint, dbname: str) -> bool:
        return (
            fnmatch.fnmatchcase(endpoint.host.lower(), self.host)
            and self.port in (None, endpoint.port or 5432)
            and (self.dbname is None or fnmatch.fnmatchcase(dbname, self.dbname))
        )


@dataclass(frozen=True)
class DatabasePolicy:
    patterns: tuple[Pattern, ...]
    denied: frozenset[str]  # database names never reachable, on any host

    @classmethod
    def create(
        cls, allow: str | None, default_dsn: str | None, denied_dsns: list[str]
    ) -> "DatabasePolicy":
        """allow: comma list of patterns; else the default business DB's hosts, else loopback."""
        if allow and allow.strip():
            patterns = [Pattern.parse(p) for p in allow.split(",") if p.strip()]
        elif default_dsn:
            patterns = [
                Pattern(e.host.lower(), None, None) for e in target_of(default_dsn).endpoints
            ]
        else:
            patterns = [Pattern(h, None, None) for h in LOOPBACK]
        denied = {name for d in denied_dsns if (name := libpq.parse(d).get("dbname"))}
        return cls(tuple(patterns), frozenset(denied | TEMPLATES))

    def check(self, dsn: str) -> Target:
        """The target when every host of the DSN is allowed for its database."""
        target = target_of(dsn)
        if target.dbname in self.denied:
            raise DatabaseNotAllowed("不允许连接应用数据库、向量数据库或模板数据库")
        for endpoint in target.endpoints:
            if not any(p.matches(endpoint, target.dbname) for p in self.patterns):
                raise DatabaseNotAllowed(
                    "该数据库不在允许列表中 (DP_BUSINESS_DATABASE_ALLOW)",
                    host=endpoint.host[:255],
                )
        return target
