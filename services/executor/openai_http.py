"""JSON over HTTP to an OpenAI-compatible endpoint, shared by the chat and embedding clients:
bearer auth, a timeout, bounded retries with exponential backoff on connection errors,
timeouts, 429 and 5xx (never on other 4xx), and an API key that never reaches a message."""

import asyncio
import json
import logging
from typing import Any

import aiohttp

from shared.errors import DomainError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_SNIPPET = 200
log = logging.getLogger("executor.openai_http")


class _Retryable(Exception):
    """A failure worth another attempt."""


class OpenAIHttp:
    """One aiohttp session per instance (opened on first use), closed by `aclose()`."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        error: type[DomainError],
        service: str,
        timeout_seconds: float,
        attempts: int = 3,
        backoff_seconds: float = 1.0,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._key = api_key or ""
        self._error = error
        self._service = service  # e.g. 大模型接口, named in error messages
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._attempts = max(attempts, 1)
        self._backoff = backoff_seconds
        self._session: aiohttp.ClientSession | None = None

    async def post_json(self, path: str, body: dict[str, Any]) -> Any:
        for attempt in range(1, self._attempts + 1):
            try:
                return await self._post(path, body)
            except _Retryable as exc:
                log.warning(
                    "%s 调用失败（第 %d/%d 次）：%s", self._service, attempt, self._attempts, exc
                )
                if attempt == self._attempts:
                    raise self._error(
                        f"{self._service} {self._attempts} 次尝试均失败：{exc}"
                    ) from None
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
            self._session = aiohttp.ClientSession(timeout=self._timeout, headers=headers)
        return self._session

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        try:
            async with self._http().post(self._base + path, json=body) as response:
                text = await response.text()
                if response.status in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {response.status}")
                if response.status != 200:
                    detail = self._redact(text[:MAX_SNIPPET])
                    raise self._error(f"{self._service}返回 HTTP {response.status}：{detail}")
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            raise _Retryable(f"连接失败：{type(exc).__name__}") from None
        except TimeoutError:
            raise _Retryable(f"请求超时（{self._timeout.total} 秒）") from None
        try:
            return json.loads(text)
        except ValueError:
            raise self._error(f"{self._service}返回的不是 JSON") from None

    def _redact(self, text: str) -> str:
        """Some endpoints echo the key they rejected."""
        return text.replace(self._key, "******") if self._key else text
