"""LLM providers behind one protocol (base.LLM): `open_llm(settings)` opens the configured one
for a block and closes it after; `build_llm(settings)` only picks it."""

import contextlib
from collections.abc import AsyncIterator

from services.executor.llm.base import LLM
from services.executor.llm.builtin import BuiltinLLM
from services.executor.llm.openai import OpenAILLM
from services.executor.llm.openai.client import ChatClient
from shared.config import Settings
from shared.errors import LLMError, StepFailed

__all__ = ["LLM", "BuiltinLLM", "OpenAILLM", "build_llm", "open_llm"]


def build_llm(settings: Settings) -> LLM:
    """builtin unless DP_LLM_PROVIDER=openai, which needs DP_LLM_BASE_URL and DP_LLM_MODEL."""
    if settings.llm_provider != "openai":
        return BuiltinLLM()
    missing = [n for n in ("llm_base_url", "llm_model") if not getattr(settings, n)]
    if missing:
        names = "、".join(f"DP_{n.upper()}" for n in missing)
        raise LLMError(f"DP_LLM_PROVIDER=openai 需要配置 {names}", missing_params=missing)
    client = ChatClient(
        base_url=settings.llm_base_url or "",
        model=settings.llm_model or "",
        api_key=settings.llm_api_key,
        timeout_seconds=settings.llm_timeout_seconds,
    )
    return OpenAILLM(client)


@contextlib.asynccontextmanager
async def open_llm(settings: Settings) -> AsyncIterator[LLM]:
    """The configured provider for one block, closed when it ends; a configuration error fails
    the step with its message (StepFailed, raised on entering)."""
    try:
        llm = build_llm(settings)
    except LLMError as exc:
        raise StepFailed(f"无法创建大模型客户端：{exc.message}") from exc
    try:
        yield llm
    finally:
        await llm.aclose()
