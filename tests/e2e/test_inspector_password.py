"""The table inspector on a business DB role with a password (local auth is trust, so any
password is accepted; what matters is where it travels): the RPC answers, and the password is
in no answer, no log line and no message on the broker (the command carries it sealed)."""

import contextlib
import logging
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import aio_pika
import asyncpg
import pytest

from shared.topology import Topology
from tests.helpers.api import json_of
from tests.helpers.databases import RUN_ID

pytestmark = pytest.mark.usefixtures("executor")
DATABASE = "/api/v0/database"
ROLE = f"dp_inspector_{RUN_ID}"
PASSWORD = "Insp3ct0r Pa@ss"  # a space and an '@': the forms masking once missed


@pytest.fixture(scope="module")
async def role_dsn(business_db_url: str) -> AsyncIterator[str]:
    """A read-only login role with a password on the sample business DB, dropped afterwards."""
    parts = urlsplit(business_db_url)
    database = parts.path.lstrip("/")
    conn = await asyncpg.connect(business_db_url)
    statements = [
        f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'",
        f'GRANT CONNECT ON DATABASE "{database}" TO {ROLE}',
        f"GRANT USAGE ON SCHEMA public TO {ROLE}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ROLE}",
    ]
    try:
        for sql in statements:
            await conn.execute(sql)
        netloc = f"{ROLE}:{PASSWORD.replace(' ', '%20').replace('@', '%40')}@{parts.hostname}"
        yield urlunsplit((parts.scheme, f"{netloc}:{parts.port or 5432}", parts.path, "", ""))
    finally:
        await conn.execute(f"DROP OWNED BY {ROLE}")
        await conn.execute(f"DROP ROLE IF EXISTS {ROLE}")
        await conn.close()


@contextlib.asynccontextmanager
async def command_tap(amqp: aio_pika.abc.AbstractRobustConnection, namespace: str):
    """A copy of every command published while it is open (bodies, as sent)."""
    channel = await amqp.channel()
    exchange = await channel.get_exchange(Topology(namespace).commands)
    queue = await channel.declare_queue(exclusive=True)
    try:
        await queue.bind(exchange, routing_key="#")
        bodies: list[bytes] = []
        yield bodies
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            bodies.append(message.body)
    finally:
        # Deleted here: an exclusive queue lives as long as the session's connection, and a
        # "#" binding left behind would catch the publishes later tests expect to be returned.
        await queue.delete(if_unused=False, if_empty=False)
        await channel.close()


async def test_the_inspector_works_with_a_password_dsn_and_masks_it(
    gateway_api, settings, amqp, role_dsn, caplog
):
    secrets = [PASSWORD, "Insp3ct0r", "Insp3ct0r%20Pa%40ss"]
    caplog.set_level(logging.DEBUG)
    async with command_tap(amqp, settings.amqp_namespace) as bodies:
        listed = await gateway_api.post(f"{DATABASE}/tables", json={"db_connection": role_dsn})
        listed_text = await listed.text()
        tables = (await json_of(listed, 200))["data"]["tables"]
        assert "bss_company" in {t["name"] for t in tables}
        body = {"table": "bss_company", "type": "ddl", "db_connection": role_dsn}
        ddl = await gateway_api.post(f"{DATABASE}/table/ddl", json=body)
        ddl_text = await ddl.text()
        assert "create table public.bss_company" in (await json_of(ddl, 200))["data"]["ddl"]
    missing = role_dsn.replace(ROLE, f"{ROLE}_missing")  # the DSN's role is what connects
    refused = await gateway_api.post(f"{DATABASE}/tables", json={"db_connection": missing})
    refused_text = await refused.text()
    assert (await json_of(refused, 502))["error_code"] == "BUSINESS_DB_UNAVAILABLE"
    assert len(bodies) >= 2  # both RPC commands were seen on the wire
    wire = b"\n".join(bodies).decode("utf-8", "replace")
    assert ROLE in wire  # the masked DSN names the role ...
    for text in (listed_text, ddl_text, refused_text, wire, caplog.text):
        assert not any(s in text for s in secrets)  # ... never its password
