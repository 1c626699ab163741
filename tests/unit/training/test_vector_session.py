"""The vector store is never the business database."""

import pytest

from services.executor.vector_commands.session import refuse_business_db
from shared.config import Settings
from shared.errors import VectorStoreError


def _settings(vector: str, business: str | None) -> Settings:
    return Settings(vector_database_url=vector, business_database_url=business)


@pytest.mark.parametrize(
    ("vector", "business"),
    [
        ("postgresql://u:p@localhost/highway_db", "postgresql://other@127.0.0.1:5432/highway_db"),
        ("postgresql://u@/highway_db?host=/tmp/s", "postgresql://u@/highway_db?host=/tmp/s"),
    ],
)
def test_the_same_database_is_refused(vector, business):
    with pytest.raises(VectorStoreError):
        refuse_business_db(_settings(vector, business))


@pytest.mark.parametrize(
    "business",
    [None, "postgresql://u@127.0.0.1/highway_db", "postgresql://u@127.0.0.1:5433/vectors"],
)
def test_another_database_or_server_is_fine(business):
    refuse_business_db(_settings("postgresql://u@127.0.0.1/vectors", business))
