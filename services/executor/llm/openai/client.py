"""Thin client for `POST {base_url}/chat/completions`: timeout, bounded retries with backoff."""

import asyncio
import json
import logging
from typing import Any

import aiohttp
from pydantic import SecretStr

from shared.errors import LLMError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_SNIPPET = 200
log = logging.getLogger("executor.llm")


class _Retryable(Exception):
    """A failure worth another attempt: connection error, timeout, 429 or 5xx."""


class ChatClient:
    """One aiohttp session per instance (opened on first use), closed by `aclose()`."""

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
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._api_key = api_key
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._attempts = max(attempts, 1)
        self._backoff = backoff_seconds
        self._temperature = temperature
        self._session: aiohttp.ClientSession | None = None

    async def complete(self, system: str, user: str) -> str:
        """The assistant's reply text; LLMError once the attempts are used up or on a 4xx."""
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        body = {"model": self.model, "messages": messages, "temperature": self._temperature}
        body["stream"] = False
        for attempt in range(1, self._attempts + 1):
            try:
                return await self._post(body)
            except _Retryable as exc:
                log.warning("大模型调用失败（第 %d/%d 次）：%s", attempt, self._attempts, exc)
                if attempt == self._attempts:
                    raise LLMError(f"大模型接口 {self._attempts} 次尝试均失败：{exc}") from None
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            headers = {"Content-Type": "application/json"}
            if self._api_key is not None and self._api_key.get_secret_value():
                headers["Authorization"] = f"Bearer {self._api_key.get_secret_value()}"
            self._session = aiohttp.ClientSession(timeout=self._timeout, headers=headers)
        return self._session

    async def _post(self, body: dict[str, Any]) -> str:
        try:
            async with self._http().post(self._url, json=body) as response:
                text = await response.text()
                if response.status in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {response.status}")
                if response.status != 200:
                    detail = self._redact(text[:MAX_SNIPPET])
                    raise LLMError(f"大模型接口返回 HTTP {response.status}：{detail}")
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            raise _Retryable(f"连接失败：{type(exc).__name__}") from None
        except TimeoutError:
            raise _Retryable(f"请求超时（{self._timeout.total} 秒）") from None
        return _content(text)

    def _redact(self, text: str) -> str:
        """Some endpoints echo the key they rejected: it never reaches an error message."""
        key = self._api_key.get_secret_value() if self._api_key else ""
        return text.replace(key, "******") if key else text


def _content(text: str) -> str:
    try:
        data = json.loads(text)
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError("大模型接口返回的不是 chat.completion 格式") from None
    if not isinstance(content, str) or not content.strip():
        raise LLMError("大模型返回了空内容")
    return content
