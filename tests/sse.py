"""A minimal SSE reader over an aiohttp response, for tests (what a browser's EventSource does)."""

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import aiohttp


@dataclass
class Message:
    event: str
    data: Any
    id: str | None
    comment: str | None = None

    @property
    def row_id(self) -> int:
        """The SSE id as the log row id it is."""
        assert self.id is not None, self
        return int(self.id)


class SSEReader:
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response

    async def next(self, timeout: float = 10.0) -> Message:
        """The next message or comment line (a keep-alive), whichever comes first."""
        return await asyncio.wait_for(self._read(), timeout)

    async def until(self, event: str, timeout: float = 10.0, **match: Any) -> Message:
        """Skips messages until one named `event` whose data has the given fields."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self._read()
                data = message.data if isinstance(message.data, dict) else {}
                if message.event == event and all(data.get(k) == v for k, v in match.items()):
                    return message

    async def _read(self) -> Message:
        fields: dict[str, str] = {}
        while True:
            line = (await self.response.content.readline()).decode().rstrip("\r\n")
            if not line and fields:
                data = fields.get("data", "")
                return Message(fields.get("event", "message"), json.loads(data), fields.get("id"))
            if line.startswith(":"):
                return Message("", None, None, comment=line[1:].strip())
            name, _, value = line.partition(":")
            if name:
                fields[name] = fields.get(name, "") + value.removeprefix(" ")
            elif self.response.content.at_eof():
                raise EOFError("stream closed")
