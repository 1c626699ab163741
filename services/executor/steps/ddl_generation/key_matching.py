"""Which (nearly) unique code column a code column draws its values from, without comparing
every pair of columns.

A child column matches a parent when >= MIN_OVERLAP of its distinct values occur in the parent.
So a match misses at most `allowed_misses(n)` of the child's n values, and any
`allowed_misses(n) + 1` of them include one the parent holds: looking up only the child's
rarest values in an inverted index (value -> parents) finds every possible match (prefix
filtering). Parents with the same category and value set are one group (a copied code table
is common). The result is the one a full comparison gives: the highest overlap, the earliest
column on a tie."""

import heapq
from collections import defaultdict
from dataclasses import dataclass

from services.executor.table_info import BusinessKey, ColumnInfo, ForeignKey, TableInfo

MIN_OVERLAP = 0.9
MIN_UNIQUE = 0.9  # distinct values per non-null row of the referenced column


@dataclass(frozen=True)
class ColumnValues:
    table: TableInfo
    column: ColumnInfo
    distinct: frozenset[str]
    unique_share: float


def is_parent(values: ColumnValues) -> bool:
    return values.unique_share >= MIN_UNIQUE and len(values.distinct) >= 2


def allowed_misses(n: int) -> int:
    """The most of n distinct values a child may miss and still reach MIN_OVERLAP."""
    misses = min(n, int(n * (1 - MIN_OVERLAP)) + 1)
    while misses > 0 and (n - misses) / n < MIN_OVERLAP:
        misses -= 1
    return misses


@dataclass(frozen=True)
class _Group:
    distinct: frozenset[str]
    members: list[int]  # indices into the columns, ascending


class ParentIndex:
    def __init__(self, columns: list[ColumnValues]) -> None:
        self._columns = columns
        self._groups: list[_Group] = []
        # category -> value -> groups holding it
        self._postings: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        group_of: dict[tuple[str, frozenset[str]], int] = {}
        for index, values in enumerate(columns):
            if not is_parent(values):
                continue
            key = (values.column.type_category, values.distinct)
            if (group := group_of.get(key)) is None:
                group = group_of[key] = len(self._groups)
                self._groups.append(_Group(values.distinct, []))
                postings = self._postings[key[0]]
                for value in values.distinct:
                    postings[value].append(group)
            self._groups[group].members.append(index)

    def _candidates(self, child: ColumnValues) -> set[int]:
        postings = self._postings.get(child.column.type_category, {})
        lists = [postings.get(value, []) for value in child.distinct]
        rarest = heapq.nsmallest(allowed_misses(len(lists)) + 1, lists, key=len)
        return {group for groups in rarest for group in groups}

    def _member_outside(self, group: _Group, table: str) -> int | None:
        """The group's first column in another table than the child's."""
        return next((i for i in group.members if self._columns[i].table.qualified != table), None)

    def best(self, child: ColumnValues) -> BusinessKey | None:
        if not child.distinct:
            return None
        chosen: tuple[float, int] | None = None
        for group_id in self._candidates(child):
            group = self._groups[group_id]
            index = self._member_outside(group, child.table.qualified)
            if index is None:
                continue
            overlap = len(child.distinct & group.distinct) / len(child.distinct)
            if overlap >= MIN_OVERLAP and (
                chosen is None or (-overlap, index) < (-chosen[0], chosen[1])
            ):
                chosen = (overlap, index)
        if chosen is None:
            return None
        parent = self._columns[chosen[1]]
        target = ForeignKey(parent.table.schema, parent.table.name, parent.column.name)
        return BusinessKey(child.column.name, target, round(chosen[0], 3))
