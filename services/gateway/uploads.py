"""Reading one uploaded file from a multipart body: the `file` field, size-limited, its small
text fields (before or after it), a clear 400 (or 413) for anything else."""

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from shared.errors import MissingParams, PayloadTooLarge, ValidationFailed

CHUNK = 8192
MAX_FIELD_BYTES = 1024


async def _read_limited(part: BodyPartReader, limit: int, what: str) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk(CHUNK):
        data += chunk
        if len(data) > limit:
            raise PayloadTooLarge(f"{what}不能超过 {limit // 1024} KB")
    return bytes(data)


async def uploaded_file(
    request: web.Request, limit: int, what: str = "文件"
) -> tuple[str, bytes, dict[str, str]]:
    """(file name, content, the text fields of the form)."""
    if not request.content_type.startswith("multipart/"):
        raise ValidationFailed("请使用 multipart/form-data 上传, 文件字段名为 file")
    fields: dict[str, str] = {}
    upload: tuple[str, bytes] | None = None
    try:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "file" and upload is None:
                upload = (part.filename or "", await _read_limited(part, limit, what))
            elif part.name:
                raw = await _read_limited(part, MAX_FIELD_BYTES, f"字段 {part.name} ")
                fields[part.name] = raw.decode("utf-8", "replace").strip()
    except (ValueError, HttpProcessingError) as exc:  # malformed multipart framing
        raise ValidationFailed("multipart 请求格式错误") from exc
    if upload is None:
        raise MissingParams(["file"], "缺少上传文件字段: file")
    return upload[0], upload[1], fields
