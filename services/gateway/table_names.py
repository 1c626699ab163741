"""Table lists from requests: decoding, the names kept, and a clear 400 for bad ones."""

import asyncio
from pathlib import Path

from shared.errors import InvalidPath, ValidationFailed
from shared.table_list import MAX_TABLES, parse_entries, split_entries

MAX_TABLE_LIST_BYTES = 2 * 1024 * 1024


def decode(data: bytes) -> str:
    """UTF-8 (BOM tolerated), else GBK as the original's Windows users save it."""
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed("表清单文件编码无法识别 (仅支持 UTF-8 或 GBK)")


def clean_names(entries: list[str]) -> list[str]:
    """Entries as the user spelled them, deduplicated in order; system tables dropped."""
    unique = list(dict.fromkeys(e.strip() for e in entries if e.strip()))
    parsed = parse_entries(unique)
    if parsed.invalid:
        shown = ", ".join(parsed.invalid[:5])
        raise ValidationFailed(f"表名格式无效: {shown}", invalid_tables=parsed.invalid[:100])
    dropped = {*parsed.system, *parsed.duplicates}
    names = [e for e in unique if e not in dropped]
    if not names:
        raise ValidationFailed("表清单中没有有效的表名")
    if len(names) > MAX_TABLES:
        raise ValidationFailed(f"表数量不能超过 {MAX_TABLES} 个", table_count=len(names))
    return names


def names_from_text(text: str) -> list[str]:
    return clean_names(split_entries(text))


def names_from_request(tables: list[str] | str) -> list[str]:
    """A JSON array or one comma-separated string, with the file's comment rules."""
    text = tables if isinstance(tables, str) else "\n".join(tables)
    return names_from_text(text)


def _read_under_cwd(raw: str) -> bytes:
    path = Path(raw)
    if not raw.strip() or path.is_absolute() or ".." in path.parts or "\\" in raw:
        raise InvalidPath(f"table_list_file 必须是不含 .. 的相对路径: {raw}")
    base = Path.cwd().resolve()
    resolved = (base / path).resolve()
    if not resolved.is_relative_to(base) or not resolved.is_file():
        raise ValidationFailed(f"表清单文件不存在或不是普通文件: {raw}")
    if resolved.stat().st_size > MAX_TABLE_LIST_BYTES:
        raise ValidationFailed("表清单文件超过 2MB")
    try:
        return resolved.read_bytes()
    except OSError as exc:
        raise ValidationFailed(f"表清单文件无法读取: {raw}") from exc


async def names_from_file(raw: str) -> list[str]:
    """table_list_file at create time: a readable file under the working directory."""
    data = await asyncio.to_thread(_read_under_cwd, raw)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("表清单文件必须是 UTF-8 编码") from exc
    return names_from_text(text)
