"""The LLM a step uses, built from the settings and closed when the step ends."""

import contextlib
from collections.abc import AsyncIterator

from services.executor.llm import build_llm
from services.executor.llm.base import LLM
from shared.config import Settings


@contextlib.asynccontextmanager
async def llm_session(settings: Settings) -> AsyncIterator[LLM]:
    llm = build_llm(settings)
    try:
        yield llm
    finally:
        # Not in the LLM protocol: only providers holding a connection have it.
        close = getattr(llm, "aclose", None)
        if close is not None:
            await close()
