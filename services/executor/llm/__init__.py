"""LLM providers behind one protocol (base.LLM): `build_llm(settings)` picks one."""

from services.executor.llm.base import LLM
from services.executor.llm.builtin import BuiltinLLM
from services.executor.llm.openai import OpenAILLM
from services.executor.llm.openai.client import ChatClient
from shared.config import Settings
from shared.errors import LLMError

__all__ = ["LLM", "BuiltinLLM", "OpenAILLM", "build_llm"]


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
