"""Daily rows: business takings per branch and vehicle counts per service area, ending today."""

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from demo.sample_db import names
from demo.sample_db.reference_rows import Area
from demo.sample_db.rows import AUDIT_COLUMNS, Record, TableRows, audit, new_id

_PAYMENTS = ("wx", "zfb", "rmb", "xs", "jd")
# Share of orders per payment (微信 dominates, 金豆 is rare) and average ticket in yuan.
_ORDER_SHARE = (0.72, 0.12, 0.1, 0.05, 0.01)
_TICKET = (18.0, 22.0, 15.0, 12.0, 8.0)
# Share of duplicated entries that were soft-deleted after a correction.
_DELETED_SHARE = 0.02
_CAR_BASE = {"其他": 1200, "危化品": 25, "城际": 700, "过境": 900}


def days_back(today: date, days: int) -> list[date]:
    return [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def business_days(rng: random.Random, areas: list[Area], dates: list[date]) -> TableRows:
    columns = (
        "id",
        *AUDIT_COLUMNS,
        "oper_date",
        "service_no",
        "service_name",
        "branch_no",
        "branch_name",
        *_payment_columns(),
        "order_sum",
        "pay_sum",
        "source_type",
    )
    rows = TableRows("bss_business_day_data", columns)
    for area in areas:
        for branch_no, branch_name, source_type in _branches(rng, area):
            scale = rng.uniform(0.4, 2.5)
            for day in dates:
                head = (area.no, area.name, branch_no, branch_name)
                rows.records.extend(_business_records(rng, day, head, scale, source_type))
    return rows


def _payment_columns() -> Iterator[str]:
    for payment in _PAYMENTS:
        yield payment
        yield "zf_order" if payment == "zfb" else f"{payment}_order"


def _branches(rng: random.Random, area: Area) -> list[tuple[str, str, int]]:
    short = area.name.removesuffix("服务区").removesuffix("停车区")
    brands = rng.sample(names.BRANCH_BRANDS, k=rng.randint(2, 4))
    return [
        (f"{area.no}{index}", f"{short}{brand}{rng.choice(names.BRANCH_ZONES)}", rng.randint(0, 4))
        for index, brand in enumerate(brands, start=1)
    ]


def _business_records(
    rng: random.Random, day: date, head: Record, scale: float, source_type: int
) -> list[Record]:
    orders_total = int(rng.gauss(180, 45) * scale * _weekend(day))
    orders = [max(0, round(orders_total * share * rng.uniform(0.7, 1.3))) for share in _ORDER_SHARE]
    amounts = [
        _money(count * ticket * rng.uniform(0.8, 1.2))
        for count, ticket in zip(orders, _TICKET, strict=True)
    ]
    payments = [value for pair in zip(amounts, orders, strict=True) for value in pair]
    body = (day, *head, *payments, sum(orders), sum(amounts, Decimal(0)), source_type)
    created = _next_morning(rng, day)
    records = [(new_id(rng), *audit(rng, created, "xingba"), *body)]
    if rng.random() < _DELETED_SHARE:
        records.append((new_id(rng), *audit(rng, created, "xingba", deleted=True), *body))
    return records


def car_counts(rng: random.Random, areas: list[Area], dates: list[date]) -> TableRows:
    columns = ("id", *AUDIT_COLUMNS, "customer_count", "car_type", "count_date", "service_area_id")
    rows = TableRows("bss_car_day_count", columns)
    for area in areas:
        scale = rng.uniform(0.3, 2.0)
        for day in dates:
            for car_type in names.CAR_TYPES:
                count = int(_CAR_BASE[car_type] * scale * _weekend(day) * rng.uniform(0.75, 1.25))
                body = (count, car_type, day, area.id)
                deleted = rng.random() < _DELETED_SHARE
                created = _next_morning(rng, day)
                rows.records.append((new_id(rng), *audit(rng, created, "admin"), *body))
                if deleted:
                    rows.records.append(
                        (new_id(rng), *audit(rng, created, "admin", deleted=True), *body)
                    )
    return rows


def _weekend(day: date) -> float:
    return 1.35 if day.weekday() >= 5 else 1.0


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.1f}").quantize(Decimal("0.0001"))


def _next_morning(rng: random.Random, day: date) -> datetime:
    # Daily figures are uploaded in the small hours after the day closes.
    return datetime.combine(day + timedelta(days=1), time(0)) + timedelta(
        seconds=rng.randrange(2 * 3600, 9 * 3600)
    )
