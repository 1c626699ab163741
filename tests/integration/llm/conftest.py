"""Fixtures for the LLM providers: the highway schema docs and the fake OpenAI server."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from services.executor.llm.base import SchemaDocs
from services.executor.llm.openai import OpenAILLM
from tests.fakes.llm_server import fake_llm  # noqa: F401  (fixture re-export)
from tests.integration.llm.openai_support import openai_llm
from tests.unit.llm.highway import highway_docs


@pytest.fixture(scope="session")
def docs() -> SchemaDocs:
    return highway_docs()


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "demo" / "highway_db"


@pytest.fixture
async def llm(fake_llm: Any) -> AsyncIterator[OpenAILLM]:  # noqa: F811  (the fixture above)
    provider = openai_llm(fake_llm.base_url)
    yield provider
    await provider.aclose()
