"""The richer schema end to end: self-contained DDL, business keys, and the pair targets."""

import json

import asyncpg
import pytest

from services.executor.pair_stats.rows import rows_returned
from services.executor.pair_stats.summary import summarize
from tests.helpers.pairs import FEATURE_MINIMUM


def test_every_object_is_documented(retail_run):
    assert retail_run.ddl["processed_successfully"] == 7
    assert retail_run.ddl["failed"] == 0


async def test_every_ddl_executes_alone_in_an_empty_database(retail_run, empty_db_url):
    conn = await asyncpg.connect(empty_db_url)
    failures = {}
    try:
        for path in sorted(retail_run.task_dir.glob("*.ddl")):
            tx = conn.transaction()
            await tx.start()
            try:
                await conn.execute(path.read_text("utf-8"))
            except asyncpg.PostgresError as exc:
                failures[path.name] = str(exc)
            finally:
                await tx.rollback()
    finally:
        await conn.close()
    assert failures == {}


def test_constraints_serial_and_identity_are_kept(retail_run):
    assert "  CHECK ((price > (0)::numeric))" in retail_run.text("shop_products.ddl")
    assert "generated always as identity" in retail_run.text("shop_products.ddl")
    assert "  UNIQUE (order_no)" in retail_run.text("shop_orders.ddl")
    assert "  customer_id serial not null" in retail_run.text("shop_customers.ddl")


def test_business_key_without_fk_is_documented(retail_run):
    detail = retail_run.text("ops_shipments_detail.md")
    assert "- order_no 为业务键，关联 shop.orders.order_no" in detail


@pytest.fixture(scope="module")
async def figures(retail_run):
    name = retail_run.qa["output_file"]
    pairs = json.loads(retail_run.text(name))
    return pairs, summarize(pairs, await rows_returned(retail_run.dsn, [p["sql"] for p in pairs]))


def test_pairs_are_all_valid_and_distinct(retail_run, figures):
    _, summary = figures
    assert retail_run.validation["invalid_sql_count"] == 0
    assert summary.total >= 45
    assert (summary.duplicate_pairs, summary.duplicate_questions) == (0, 0)
    assert summary.errors == 0


@pytest.mark.parametrize("feature", sorted(FEATURE_MINIMUM))
def test_feature_share_reaches_its_target(figures, feature):
    _, summary = figures
    assert summary.shares[feature] >= FEATURE_MINIMUM[feature], summary.shares


def test_few_bare_counts_and_most_pairs_return_rows(figures):
    _, summary = figures
    assert summary.shares["bare_count"] <= 0.02
    assert summary.with_rows is not None
    assert summary.with_rows >= 0.9 * summary.total
