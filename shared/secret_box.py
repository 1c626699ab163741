"""Secrets at rest: task parameters holding a DSN password or an API key are stored masked, with
the original sealed by Fernet under the deployment's key (DP_SECRET_KEY, else the key file,
created 0600 on first start so a fresh install needs no set-up)."""

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from shared.config import Settings
from shared.secrets import mask_tree


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, value: Any) -> str:
        return self._fernet.encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()

    def open(self, token: str) -> Any:
        try:
            return json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken:
            raise ValueError("密文无法解密: DP_SECRET_KEY 与写入时不同") from None

    def seal_parameters(self, plain: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """(what may be stored and shown, the sealed original or None when nothing is secret)."""
        masked = mask_tree(plain)
        return masked, (self.seal(plain) if masked != plain else None)


def _key_from_file(path: Path) -> bytes:
    """Reads the key, or creates it: written to a private temp file, then linked into place,
    so services starting together agree on one key and none reads a half-written file."""
    with contextlib.suppress(FileNotFoundError):
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret.key.")  # mode 0600
    try:
        os.write(fd, Fernet.generate_key())
        os.close(fd)
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return path.read_bytes().strip()


def load_box(settings: Settings) -> SecretBox:
    """Blocking (may create the key file): call it once at start-up, off the event loop."""
    if settings.secret_key is not None:
        return SecretBox(settings.secret_key.get_secret_value().encode())
    return SecretBox(_key_from_file(settings.secret_key_file))
