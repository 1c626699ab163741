"""Chat completions over an OpenAI-compatible endpoint (transport: openai_http.OpenAIHttp)."""

from typing import Any

from pydantic import SecretStr

from services.executor.openai_http import OpenAIHttp
from shared.errors import LLMError


class ChatClient:
    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: SecretStr | None = None,
        timeout_seconds: float = 120.0,
        attempts: int = 3,
        backoff_seconds: float = 1.0,
        temperature: float = 0.3,
    ) -> None:
        self.model = model
        self._temperature = temperature
        self._http = OpenAIHttp(
            base_url=base_url,
            api_key=api_key.get_secret_value() if api_key else None,
            error=LLMError,
            service="大模型接口",
            timeout_seconds=timeout_seconds,
            attempts=attempts,
            backoff_seconds=backoff_seconds,
        )

    async def complete(self, system: str, user: str) -> str:
        """The assistant's reply text; LLMError once the attempts are used up or on a 4xx."""
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        body = {
            "model": self.model,
            "messages": messages,
            "temperature": self._temperature,
            "stream": False,
        }
        return _content(await self._http.post_json("/chat/completions", body))

    async def aclose(self) -> None:
        await self._http.aclose()


def _content(data: Any) -> str:
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMError("大模型接口返回的不是 chat.completion 格式") from None
    if not isinstance(content, str) or not content.strip():
        raise LLMError("大模型返回了空内容")
    return content
