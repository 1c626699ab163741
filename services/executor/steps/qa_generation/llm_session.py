"""The LLM a step uses: built from the settings, closed when the step ends."""

import contextlib
from collections.abc import AsyncIterator

from services.executor.llm import build_llm
from services.executor.llm.base import LLM
from shared.config import Settings
from shared.errors import LLMError, StepFailed


def build(settings: Settings) -> LLM:
    """The configured provider; a configuration error fails the step with its message."""
    try:
        return build_llm(settings)
    except LLMError as exc:
        raise StepFailed(f"无法创建大模型客户端：{exc.message}") from exc


@contextlib.asynccontextmanager
async def closing(llm: LLM) -> AsyncIterator[LLM]:
    try:
        yield llm
    finally:
        # Not in the LLM protocol: only providers holding a connection need it.
        close = getattr(llm, "aclose", None)
        if close is not None:
            await close()
