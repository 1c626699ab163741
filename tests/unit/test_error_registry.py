"""One error registry: each error_code once, with one HTTP status, and every typed error in it."""

import importlib
import pkgutil

import pytest

import services
import shared
from shared import errors
from shared.errors import ERRORS, DomainError, http_status_of


def _typed_errors() -> set[type[DomainError]]:
    """Every DomainError subclass defined in first-party code (imported here to be seen)."""
    for package in (shared, services):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if module.name.endswith(("__main__", ".cli")):
                continue
            importlib.import_module(module.name)
    found: set[type[DomainError]] = set()
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        found.add(cls)
        pending.extend(cls.__subclasses__())
    return found


def test_each_code_is_in_the_table_once() -> None:
    codes = [code for code, _ in ERRORS]
    assert sorted(codes) == sorted(set(codes))


def test_every_typed_error_takes_its_status_from_the_table() -> None:
    table = dict(ERRORS)
    assert {(c.__name__, c.http_status) for c in _typed_errors()} == {
        (c.__name__, table[c.error_code]) for c in _typed_errors()
    }


def test_a_code_outside_the_table_is_refused_at_definition() -> None:
    with pytest.raises(TypeError, match="NOT_A_CODE"):
        type("Stray", (DomainError,), {"error_code": "NOT_A_CODE"})


def test_status_of_a_code() -> None:
    assert (http_status_of("TASK_RUNNING"), http_status_of("NOT_ATTEMPTED")) == (409, 500)
    assert errors.IdempotencyMismatch().http_status == 422
