"""Fixtures for the LLM providers: the highway schema docs and the fake OpenAI server."""

from pathlib import Path

import pytest

from services.executor.llm.base import SchemaDocs
from tests.fakes.llm_server import fake_llm  # noqa: F401  (fixture re-export)
from tests.unit.llm.highway import highway_docs


@pytest.fixture(scope="session")
def docs() -> SchemaDocs:
    return highway_docs()


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "demo" / "highway_db"
