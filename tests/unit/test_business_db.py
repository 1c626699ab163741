"""C1/M4: which databases a task may reach, and the exact target the executor connects to."""

import pytest

from shared.business_db import DatabasePolicy
from shared.errors import DatabaseNotAllowed

APP = "postgresql://postgres@127.0.0.1:5432/data_pipeline"
VECTOR = "postgresql://postgres@/postgres?host=/tmp/pgvector"


def policy(allow: str | None = None, default: str | None = None) -> DatabasePolicy:
    return DatabasePolicy.create(allow, default, [APP, VECTOR])


@pytest.mark.parametrize(
    "dsn",
    [
        "postgresql://postgres@127.0.0.1:5432/data_pipeline",  # the app DB: other tasks' rows
        "postgresql://postgres@localhost/data_pipeline",
        "postgresql://postgres@127.0.0.1/postgres",  # the (embedded) vector DB's name
        "postgresql://postgres@127.0.0.1/template1",
        "postgresql://postgres@127.0.0.1/template0",
        "postgresql://x@127.0.0.1:5432/hw?dbname=data_pipeline",  # query overrides the path
        "postgresql://x@10.1.2.3:5432/hw",  # not in the default (loopback) allow-list
        "postgresql://x@127.0.0.1,10.1.2.3/hw",  # every host of a multi-host DSN is checked
        "postgresql://x@127.0.0.1/hw?host=10.1.2.3",  # query host overrides the authority
        "postgresql://x@/hw?host=/var/run/postgresql",  # Unix sockets are never reachable
        "postgresql://x@%2Fvar%2Frun%2Fpostgresql/hw",
        "postgresql://x@127.0.0.1/hw?passfile=/etc/passwd",  # file-reading options
        "postgresql://x@127.0.0.1/hw?sslrootcert=/etc/passwd",
        "postgresql://x@127.0.0.1/hw?sslmode=verify-full",
        "postgresql://x@127.0.0.1/hw?service=evil",
        "postgresql://x@127.0.0.1/hw?options=-c%20default_transaction_read_only%3Doff",
        "postgresql://x@127.0.0.1/",  # no database named
        "postgresql://x@127.0.0.1:99999/hw",
        "host=127.0.0.1 dbname=hw",  # only the URI form is accepted from a request
    ],
)
def test_refused(dsn: str) -> None:
    with pytest.raises(DatabaseNotAllowed) as refused:
        policy().check(dsn)
    assert refused.value.error_code == "DATABASE_NOT_ALLOWED"
    assert "/etc/passwd" not in refused.value.message


def test_loopback_business_db_is_allowed_and_connected_to_exactly() -> None:
    target = policy().check("postgresql://u:p%40ss w@rd@127.0.0.1:5433,[::1]/hw?sslmode=require")
    assert target.connect_kwargs() == {
        "host": ["127.0.0.1", "::1"],
        "port": [5433, 5432],
        "database": "hw",
        "user": "u",
        "password": "p@ss w@rd",
        "ssl": "require",
    }


def test_default_is_the_configured_business_host() -> None:
    only = policy(default="postgresql://r@db.corp.example:5432/hw")
    only.check("postgresql://r@db.corp.example/other")
    with pytest.raises(DatabaseNotAllowed):
        only.check("postgresql://r@127.0.0.1/hw")


def test_patterns_with_port_database_and_wildcards() -> None:
    allow = policy("*.corp.example:5432/hw_*, 10.0.0.7, [::1]:6432")
    allow.check("postgresql://r@db1.corp.example/hw_sales")
    allow.check("postgresql://r@10.0.0.7:6000/anything")
    allow.check("postgresql://r@[::1]:6432/x")
    for dsn in (
        "postgresql://r@db1.corp.example:5433/hw_sales",
        "postgresql://r@db1.corp.example/crm",
        "postgresql://r@[::1]/x",
        "postgresql://r@10.0.0.7/data_pipeline",  # the app DB's name is refused on any host
    ):
        with pytest.raises(DatabaseNotAllowed):
            allow.check(dsn)
