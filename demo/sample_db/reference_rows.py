"""Rows of the reference tables: companies, service areas, routes, their links and the mapper."""

import random
from dataclasses import dataclass
from datetime import datetime

from demo.sample_db import names
from demo.sample_db.rows import AUDIT_COLUMNS, TableRows, audit, moment, new_id

# Master data was entered in 2021, like the reference samples.
_MASTER_START = datetime(2021, 5, 20, 9, 0, 0)


@dataclass(frozen=True)
class Area:
    id: str
    no: str
    name: str
    state: str


def companies(rng: random.Random) -> tuple[TableRows, list[str]]:
    """bss_company rows (one superseded, soft-deleted duplicate) and the live company ids."""
    rows = TableRows("bss_company", ("id", *AUDIT_COLUMNS, "company_name", "company_no"))
    ids = []
    for number, name, _ in names.COMPANIES:
        ids.append(new_id(rng))
        rows.records.append((ids[-1], *_audit(rng), name, number))
    rows.records.append((new_id(rng), *_audit(rng, deleted=True), "南昌分公司", "H01"))
    return rows, ids


def service_areas(rng: random.Random, company_ids: list[str]) -> tuple[TableRows, list[Area]]:
    """bss_service_area rows, numbered `{company_no}{nn}`, plus one soft-deleted old record."""
    columns = ("id", *AUDIT_COLUMNS, "service_area_name", "service_area_no", "company_id")
    rows = TableRows(
        "bss_service_area", (*columns, "service_position", "service_area_type", "service_state")
    )
    areas = []
    for company_id, (company_no, _, area_names) in zip(company_ids, names.COMPANIES, strict=True):
        for index, name in enumerate(area_names, start=1):
            area = Area(new_id(rng), f"{company_no}{index:02d}", name, _state(rng))
            areas.append(area)
            rows.records.append(_area_record(rng, area, company_id, deleted=False))
    old = Area(new_id(rng), areas[0].no, areas[0].name, "关闭")
    rows.records.append(_area_record(rng, old, company_ids[0], deleted=True))
    return rows, areas


def _area_record(
    rng: random.Random, area: Area, company_id: str, *, deleted: bool
) -> tuple[object, ...]:
    # Jiangxi spans roughly 113.6-118.5 E, 24.5-30.0 N.
    position = f"{rng.uniform(113.6, 118.5):.6f},{rng.uniform(24.5, 30.0):.6f}"
    kind = rng.choice(names.AREA_TYPES)
    audit_values = _audit(rng, deleted=deleted)
    return (area.id, *audit_values, area.name, area.no, company_id, position, kind, area.state)


def _state(rng: random.Random) -> str:
    return rng.choices(names.AREA_STATES, weights=(8, 1, 1))[0]


def routes(rng: random.Random) -> tuple[TableRows, list[str]]:
    """bss_section_route rows coded SR0001..., plus one soft-deleted route."""
    rows = TableRows(
        "bss_section_route", ("id", *AUDIT_COLUMNS, "section_name", "route_name", "code")
    )
    ids = []
    for number, (section, route) in enumerate(names.ROUTES, start=1):
        ids.append(new_id(rng))
        rows.records.append((ids[-1], *_audit(rng), section, route, f"SR{number:04d}"))
    code = f"SR{len(names.ROUTES) + 1:04d}"
    rows.records.append((new_id(rng), *_audit(rng, deleted=True), "昌傅", "沪昆", code))
    return rows, ids


def route_links(rng: random.Random, route_ids: list[str], areas: list[Area]) -> TableRows:
    """Each service area lies on one or two route sections."""
    rows = TableRows("bss_section_route_area_link", ("section_route_id", "service_area_id"))
    for area in areas:
        for route_id in rng.sample(route_ids, k=rng.randint(1, 2)):
            rows.records.append((route_id, area.id))
    return rows


def mappers(rng: random.Random, areas: list[Area]) -> TableRows:
    """One to three source-system codes per service area; about one in ten soft-deleted."""
    rows = TableRows(
        "bss_service_area_mapper",
        (
            "id",
            *AUDIT_COLUMNS,
            "service_name",
            "service_no",
            "service_area_id",
            "source_system_type",
            "source_type",
        ),
    )
    for area in areas:
        for system, source_type in rng.sample(names.SOURCE_SYSTEMS, k=rng.randint(1, 3)):
            # The shop systems (驿购, 驿美) number service areas with their own 4-digit codes.
            number = str(rng.randint(1001, 1099)) if source_type in (1, 3) else area.no
            deleted = rng.random() < 0.1
            rows.records.append(
                (
                    new_id(rng),
                    *_audit(rng, deleted=deleted),
                    area.name,
                    number,
                    area.id,
                    system,
                    source_type,
                )
            )
    # An old, soft-deleted mapping: always at least one, whatever the seed.
    rows.records.append((new_id(rng), *_audit(rng, deleted=True), *rows.records[0][8:]))
    return rows


def _audit(rng: random.Random, *, deleted: bool = False) -> tuple[object, ...]:
    return audit(rng, moment(rng, _MASTER_START, 400), "admin", deleted=deleted)
