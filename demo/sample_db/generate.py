"""All sample rows, deterministic for a seed, number of days and the last day."""

import random
from datetime import date

from demo.sample_db import daily_rows, reference_rows
from demo.sample_db.rows import TableRows


def generate(seed: int, days: int, today: date) -> list[TableRows]:
    """Rows per table, in an order that satisfies the foreign keys."""
    rng = random.Random(seed)
    companies, company_ids = reference_rows.companies(rng)
    areas_rows, areas = reference_rows.service_areas(rng, company_ids)
    routes, route_ids = reference_rows.routes(rng)
    dates = daily_rows.days_back(today, days)
    return [
        companies,
        areas_rows,
        routes,
        reference_rows.route_links(rng, route_ids, areas),
        reference_rows.mappers(rng, areas),
        daily_rows.business_days(rng, areas, dates),
        daily_rows.car_counts(rng, areas, dates),
    ]
