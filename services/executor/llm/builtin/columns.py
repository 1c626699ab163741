"""Classifies columns: technical, measure (numeric fact), date, dimension (what to group by)."""

import re

from services.executor.llm.base import ColumnDoc

TECHNICAL_NAMES = frozenset(
    {"id", "version", "create_ts", "update_ts", "delete_ts", "created_at", "updated_at"}
    | {"deleted_at", "create_time", "update_time", "delete_time", "is_deleted", "deleted"}
)
_TECHNICAL_PATTERN = re.compile(r"^(created|updated|deleted|modified)_by$|_(id|uuid)$")
_NUMERIC_TYPE = re.compile(r"^(integer|bigint|smallint|int\d?|numeric|decimal|real|double)")
_DATE_TYPE = re.compile(r"^(date|timestamp|timestamptz)")
# Numeric columns that identify or classify rather than measure.
_CODE_NAME = re.compile(r"(^|_)(no|code|type|state|status|level|flag|year|month|sort|seq)$")
_PREFERRED_MEASURE = re.compile(r"(sum|total|amount|count|money|fee|price|qty|num)")
_RATE_NAME = re.compile(r"(^|_)(unit_price|price|rate|ratio|pct|percent|discount)$")
_LEGEND = re.compile(r"([0-9A-Za-z_]+)\s*[:：=\-－]\s*([^\s,，;；、)）:：=]+)")
_TOTAL_NAME = re.compile(r"(^|_)(sum|total)($|_)")
_LABEL_NAME = re.compile(r"(^|_)(name|title)$")
_COORDINATE_NAME = re.compile(r"(position|location|lng|lat|longitude|latitude|address|url)")
# Types without an equality operator (or meaningless to group by): never a dimension.
_UNGROUPABLE_TYPE = re.compile(r"^(json|jsonb|xml|bytea|boolean|array|user-defined)|\[\]$")
SOFT_DELETE = "delete_ts"


def is_technical(column: ColumnDoc) -> bool:
    name = column.name.lower()
    return (
        name in TECHNICAL_NAMES
        or bool(_TECHNICAL_PATTERN.search(name))
        or column.foreign_key is not None
        or column.business_key is not None
        or (column.primary_key and not column.enum_values)
    )


def is_numeric(column: ColumnDoc) -> bool:
    return bool(_NUMERIC_TYPE.match(column.type.lower()))


def is_date(column: ColumnDoc) -> bool:
    """A business date, also when it is part of a key (orders(order_id, order_date))."""
    name = column.name.lower()
    audit = name in TECHNICAL_NAMES or bool(_TECHNICAL_PATTERN.search(name))
    return bool(_DATE_TYPE.match(column.type.lower())) and not audit


def is_measure(column: ColumnDoc) -> bool:
    """Numbers that add up: never a code, a unit price or a rate (those are averaged facts
    of a row, summing them means nothing)."""
    return (
        is_numeric(column)
        and not _RATE_NAME.search(column.name.lower())
        and not is_technical(column)
        and not column.enum_values
        and not _CODE_NAME.search(column.name.lower())
    )


def is_total(column: ColumnDoc) -> bool:
    """A measure that sums others (pay_sum, order_total): the denominator of a share."""
    return bool(_TOTAL_NAME.search(column.name.lower())) or "总" in column.comment


def is_amount(column: ColumnDoc) -> bool:
    """Money or another decimal quantity, as opposed to a whole count."""
    return column.type.lower().startswith(("numeric", "decimal", "real", "double", "money"))


def is_code(column: ColumnDoc) -> bool:
    return bool(re.search(r"(^|_)(no|code)$", column.name.lower()))


def legend(column: ColumnDoc) -> dict[str, str]:
    """Code meanings a comment gives (`状态：1-正常，2-停用`, `0:未知,1:男`), when it gives
    at least two of the column's values."""
    found = {k: v for k, v in _LEGEND.findall(column.comment) if k in column.enum_values}
    return found if len(found) >= 2 else {}


def meaning(column: ColumnDoc, value: str) -> str:
    """How a question names a value: its meaning when the documents give one."""
    return legend(column).get(value, value)


def is_bare_code(column: ColumnDoc) -> bool:
    """An enum of numbers (source_type 0..4) with no legend: meaningless in a question."""
    digits = bool(column.enum_values) and all(v.isdigit() for v in column.enum_values)
    return digits and not legend(column)


def is_dimension(column: ColumnDoc) -> bool:
    if is_technical(column) or is_date(column) or is_measure(column):
        return False
    if is_numeric(column) and not (column.enum_values or _CODE_NAME.search(column.name.lower())):
        return False  # a price or a rate: a fact of the row, not something to group by
    groupable = column.enum_values or not _UNGROUPABLE_TYPE.search(column.type.lower())
    return bool(groupable) and not _COORDINATE_NAME.search(column.name.lower())


def measures(columns: tuple[ColumnDoc, ...]) -> list[ColumnDoc]:
    """Measures, the obvious totals (sum/amount/count ...) first, then schema order."""
    found = [c for c in columns if is_measure(c)]
    return sorted(found, key=lambda c: not _PREFERRED_MEASURE.search(c.name.lower()))


def dimensions(columns: tuple[ColumnDoc, ...]) -> list[ColumnDoc]:
    """Dimensions: name-like columns first, then enums, then the rest (codes last)."""
    found = [c for c in columns if is_dimension(c)]
    return sorted(found, key=_dimension_rank)


def _dimension_rank(column: ColumnDoc) -> int:
    if _LABEL_NAME.search(column.name.lower()):
        return 0
    if column.enum_values:
        return 1
    return 3 if _CODE_NAME.search(column.name.lower()) else 2


def dates(columns: tuple[ColumnDoc, ...]) -> list[ColumnDoc]:
    """Business dates, `date` typed ones first (they are what reports group by)."""
    return sorted((c for c in columns if is_date(c)), key=lambda c: c.type.lower() != "date")


def is_label(column: ColumnDoc) -> bool:
    return bool(_LABEL_NAME.search(column.name.lower()))


def label_column(columns: tuple[ColumnDoc, ...]) -> ColumnDoc | None:
    """The column naming a row (company_name, service_area_name ...), if any."""
    return next((c for c in columns if _LABEL_NAME.search(c.name.lower())), None)


def has_soft_delete(columns: tuple[ColumnDoc, ...]) -> bool:
    return any(c.name == SOFT_DELETE for c in columns)


def primary_keys(columns: tuple[ColumnDoc, ...]) -> list[ColumnDoc]:
    return [c for c in columns if c.primary_key]
