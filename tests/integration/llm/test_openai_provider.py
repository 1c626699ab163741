"""The OpenAI-compatible provider against the local fake server: real HTTP, real retries,
errors that never show the key, and the factory that picks a provider."""

import logging

import pytest

from services.executor.llm import build_llm
from services.executor.llm.builtin import BuiltinLLM
from shared.config import Settings
from shared.errors import LLMError
from tests.integration.llm.openai_support import KEY, MODEL, sample_theme


async def test_timeouts_are_retried_then_fail(llm, fake_llm, docs):
    for _ in range(3):
        fake_llm.reply_delay(30)
    with pytest.raises(LLMError, match="3 次"):
        await llm.generate_pairs(docs, sample_theme(), 10)
    assert len(fake_llm.chat_requests) == 3


async def test_server_error_then_success(llm, fake_llm, docs):
    fake_llm.reply_status(500)
    fake_llm.reply_status(429)
    fake_llm.reply_json([{"question": "q", "sql": "SELECT 3"}])
    pairs = await llm.generate_pairs(docs, sample_theme(), 10)
    assert [p.sql for p in pairs] == ["SELECT 3;"]
    assert len(fake_llm.chat_requests) == 3


async def test_unauthorized_is_not_retried_and_never_shows_the_key(llm, fake_llm, docs, caplog):
    caplog.set_level(logging.DEBUG)
    fake_llm.reply_status(401, {"error": {"message": f"Incorrect API key provided: {KEY}"}})
    with pytest.raises(LLMError) as raised:
        await llm.generate_pairs(docs, sample_theme(), 10)
    assert len(fake_llm.chat_requests) == 1
    assert "401" in raised.value.message
    assert KEY not in str(raised.value)
    assert KEY not in caplog.text


async def test_retry_logs_never_show_the_key(llm, fake_llm, docs, caplog):
    caplog.set_level(logging.DEBUG)
    fake_llm.reply_status(503, {"error": KEY})
    fake_llm.reply_json([{"question": "q", "sql": "SELECT 4"}])
    await llm.generate_pairs(docs, sample_theme(), 10)
    assert "503" in caplog.text
    assert KEY not in caplog.text


def test_factory_defaults_to_builtin():
    assert isinstance(build_llm(Settings(llm_provider="builtin")), BuiltinLLM)


def test_factory_openai_needs_base_url_and_model():
    with pytest.raises(LLMError) as raised:
        build_llm(Settings(llm_provider="openai", llm_model="m"))
    assert raised.value.data["missing_params"] == ["llm_base_url"]


async def test_factory_openai_talks_to_the_endpoint(fake_llm, docs):
    settings = Settings(llm_provider="openai", llm_base_url=fake_llm.base_url, llm_model=MODEL)
    provider = build_llm(settings)
    fake_llm.reply_json([{"question": "q", "sql": "SELECT 5"}])
    try:
        assert [p.sql for p in await provider.generate_pairs(docs, sample_theme(), 3)] == [
            "SELECT 5;"
        ]
    finally:
        await provider.aclose()
    assert "Authorization" not in fake_llm.chat_requests[0].headers  # no key configured
