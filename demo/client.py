"""The calls the demo makes to the gateway's HTTP API (aiohttp client, JSON envelope)."""

from typing import Any
from urllib.parse import quote

import aiohttp

API = "/api/v0/data_pipeline"


class ApiCallFailed(Exception):
    """The HTTP API answered one of the demo's calls with an error."""

    def __init__(self, status: int, error_code: str | None, message: str) -> None:
        super().__init__(f"{message} (HTTP {status}, {error_code})")
        self.status = status
        self.remote_error_code = error_code


class ApiClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self._session = session
        self._base = base_url.rstrip("/")

    async def ready(self) -> bool:
        try:
            async with self._session.get(f"{self._base}/readyz") as response:
                return response.status == 200
        except aiohttp.ClientError:
            return False

    async def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """The envelope's `data`; an error answer raises ApiCallFailed with its error_code."""
        async with self._session.request(method, f"{self._base}{API}{path}", json=body) as response:
            envelope = await response.json(content_type=None)
        if response.status >= 400 or not isinstance(envelope, dict):
            raise _failure(response.status, envelope)
        return envelope.get("data")

    async def execute_complete(self, body: dict[str, Any]) -> tuple[str, str]:
        data = await self.call("POST", "/tasks/execute-complete", body)
        return str(data["task_id"]), str(data["execution_id"])

    async def task(self, task_id: str) -> dict[str, Any]:
        data: dict[str, Any] = await self.call("GET", f"/tasks/{task_id}")
        return data

    async def executions(self, task_id: str) -> list[dict[str, Any]]:
        data = await self.call("GET", f"/tasks/{task_id}/executions")
        return list(data.get("executions", []))

    async def files(self, task_id: str) -> list[dict[str, Any]]:
        data = await self.call("GET", f"/tasks/{task_id}/files")
        return list(data.get("files", []))

    async def download_json(self, task_id: str, file_name: str) -> Any:
        """A task file parsed as JSON (the download answers with the file, not an envelope)."""
        path = f"{self._base}{API}/tasks/{task_id}/files/download/{quote(file_name, safe='')}"
        async with self._session.get(path) as response:
            if response.status >= 400:
                raise _failure(response.status, await response.json(content_type=None))
            return await response.json(content_type=None)


def _failure(status: int, envelope: Any) -> ApiCallFailed:
    if not isinstance(envelope, dict):
        return ApiCallFailed(status, None, f"HTTP {status}")
    message = str(envelope.get("message") or f"HTTP {status}")
    return ApiCallFailed(status, envelope.get("error_code"), message)
