"""The builtin hashing embedder: deterministic, unit length, fixed dimension."""

import math

import pytest

from services.executor.embeddings import HashingEmbedder, build_embedder
from services.executor.embeddings.hashing import hash_embedding
from services.executor.embeddings.tokens import features
from shared.config import Settings


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


async def test_same_text_same_vector_across_instances():
    first = await HashingEmbedder(256).embed(["各服务区的车流量是多少"])
    second = await HashingEmbedder(256).embed(["各服务区的车流量是多少"])
    assert first == second


@pytest.mark.parametrize("dim", [8, 384, 1024])
async def test_vectors_have_the_configured_dimension_and_unit_length(dim):
    [vector] = await HashingEmbedder(dim).embed(["bss_car_day_count 车辆通行数量"])
    assert len(vector) == dim
    assert math.fsum(v * v for v in vector) == pytest.approx(1.0)


async def test_empty_text_is_the_zero_vector():
    assert await HashingEmbedder(16).embed(["", "   "]) == [[0.0] * 16, [0.0] * 16]


def test_related_texts_are_closer_than_unrelated_ones():
    question = hash_embedding("各服务区的车流量", 1024)
    related = hash_embedding("服务区每日车辆流量统计", 1024)
    unrelated = hash_embedding("公司名称与公司编码", 1024)
    assert cosine(question, related) > cosine(question, unrelated)


def test_chinese_gives_bigrams_and_skip_bigrams_words_give_parts():
    found = features("车辆流量 service_area_id")
    assert {"车辆", "流量", "车流"} <= found.keys()
    assert {"w:service_area_id", "w:service", "w:area"} <= found.keys()
    assert "w:id" not in found  # a generic word every table has


def test_ids_and_numbers_from_samples_are_not_features():
    assert features("00022c1c99ff11ec86d4fa163ec0f8fc 1114") == {}


def test_factory_builds_the_builtin_embedder_with_the_configured_dimension():
    embedder = build_embedder(Settings(embedding_dim=512))
    assert embedder.dim == 512
