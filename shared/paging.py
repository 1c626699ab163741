"""The one reading of a paged request (page from 1, page_size, sort_order) as the data layer's
window: limit, offset, descending. Mixed into the request models of every paged read (the
models declare the fields, with their own defaults and bounds)."""

from typing import Protocol


class Paged(Protocol):
    @property
    def page(self) -> int: ...
    @property
    def page_size(self) -> int: ...
    @property
    def sort_order(self) -> str: ...


class PageWindow:
    @property
    def limit(self: Paged) -> int:
        return self.page_size

    @property
    def offset(self: Paged) -> int:
        return (self.page - 1) * self.page_size

    @property
    def descending(self: Paged) -> bool:
        return self.sort_order == "desc"

    def page_count(self: Paged, total: int) -> int:
        return (total + self.page_size - 1) // self.page_size
