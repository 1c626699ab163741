"""Table lists from requests: decoding, the names kept, and a clear 400 for bad ones."""

import asyncio
import os
import re
from pathlib import Path
from typing import NoReturn

from shared.errors import InvalidPath, ValidationFailed
from shared.table_list import MAX_TABLES, numbered_entries, parse_entries, split_entries

MAX_TABLE_LIST_BYTES = 2 * 1024 * 1024
_SHOWABLE = re.compile(r"[\w$.-]{1,128}")


def decode(data: bytes) -> str:
    """UTF-8 (BOM tolerated), else GBK as the original's Windows users save it."""
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed("表清单文件编码无法识别 (仅支持 UTF-8 或 GBK)")


def clean_names(entries: list[str], lines: list[int] | None = None) -> list[str]:
    """Entries as the user spelled them, deduplicated in order; system tables dropped.
    `lines` gives each entry's line number (else its position) for the error report."""
    lines = lines or list(range(1, len(entries) + 1))
    numbered = [(n, e.strip()) for n, e in zip(lines, entries, strict=True) if e.strip()]
    unique = list(dict.fromkeys(e for _, e in numbered))
    parsed = parse_entries(unique)
    if parsed.invalid:
        bad = set(parsed.invalid)
        _refuse_invalid([(n, e) for n, e in numbered if e in bad])
    dropped = {*parsed.system, *parsed.duplicates}
    names = [e for e in unique if e not in dropped]
    if not names:
        raise ValidationFailed("表清单中没有有效的表名")
    if len(names) > MAX_TABLES:
        raise ValidationFailed(f"表数量不能超过 {MAX_TABLES} 个", table_count=len(names))
    return names


def _refuse_invalid(invalid: list[tuple[int, str]]) -> NoReturn:
    """Counts and line numbers; at most 5 names, and only those that look like names, so a
    file that is not a table list (a config, a log) never comes back in the answer."""
    shown = [e for _, e in invalid if _SHOWABLE.fullmatch(e)][:5]
    lines = sorted({n for n, _ in invalid})[:20]
    message = f"表名格式无效: {len(invalid)} 项 (行 {', '.join(map(str, lines))})"
    raise ValidationFailed(
        message + (f": {', '.join(shown)}" if shown else ""),
        invalid_count=len(invalid),
        invalid_lines=lines,
        invalid_tables=shown,
    )


def names_from_text(text: str) -> list[str]:
    numbered = numbered_entries(text)
    return clean_names([e for _, e in numbered], [n for n, _ in numbered])


def names_from_request(tables: list[str] | str) -> list[str]:
    """A JSON array or one comma-separated string, with the file's comment rules."""
    text = tables if isinstance(tables, str) else "\n".join(tables)
    if not split_entries(text):
        raise ValidationFailed("表列表不能为空")
    return names_from_text(text)


def _resolve(raw: str, directory: Path) -> Path:
    """A relative name inside DP_TABLE_LIST_DIR; nothing else, whatever it links to."""
    parts = Path(raw).parts
    if (
        not raw.strip()
        or "\x00" in raw
        or "\\" in raw
        or Path(raw).is_absolute()
        or ".." in parts
        or any(len(p.encode()) > 255 for p in parts)
    ):
        raise InvalidPath("table_list_file 必须是表清单目录 (DP_TABLE_LIST_DIR) 内的相对路径")
    base = directory.resolve()
    path = (base / raw).resolve()
    if not path.is_relative_to(base):
        raise InvalidPath("table_list_file 指向表清单目录之外")
    if not path.is_file():
        # The directory as configured: a relative setting does not reveal the server's paths.
        shown = str(directory)
        raise ValidationFailed(f"表清单文件不存在: {raw} (查找目录: {shown})", directory=shown)
    return path


def _read_in(raw: str, directory: Path) -> bytes:
    path = _resolve(raw, directory)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_TABLE_LIST_BYTES + 1)
    except OSError as exc:
        raise ValidationFailed(f"表清单文件无法读取: {raw}") from exc
    if len(data) > MAX_TABLE_LIST_BYTES:
        raise ValidationFailed("表清单文件超过 2MB")
    return data


async def names_from_file(raw: str, directory: Path) -> list[str]:
    """table_list_file at create time: a readable file inside DP_TABLE_LIST_DIR."""
    data = await asyncio.to_thread(_read_in, raw, directory)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("表清单文件必须是 UTF-8 编码") from exc
    return names_from_text(text)
