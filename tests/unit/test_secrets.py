import json
from typing import Any

import pytest

from shared.secrets import MASK, is_secret_key, mask_dsn, mask_text, mask_tree

SECRET = "S3cretPassw0rd"


def test_mask_dsn_hides_only_the_password():
    assert mask_dsn("postgresql://u:p%40ss@h:5433/db") == "postgresql://u:******@h:5433/db"
    assert mask_dsn("postgresql://u@h/db") == "postgresql://u@h/db"


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [
        # H2: the three forms the review found unmasked
        ("postgresql://u@h/db?password=S3cret", "postgresql://u@h/db?password=******"),
        ("postgresql://u:S3cret Passw0rd@h/db", "postgresql://u:******@h/db"),
        ("postgresql://u:S3cret@Passw0rd@h/db", "postgresql://u:******@h/db"),
        # L7: multi-host never crashes and keeps every host
        ("postgresql://u:S3cret@h1:5432,h2:5433/db", "postgresql://u:******@h1:5432,h2:5433/db"),
        ("postgresql://u@h/db?sslmode=require&PassWord=x&a=1", None),
        ("postgresql://u@h/db?sslpassword=x", "postgresql://u@h/db?sslpassword=******"),
        ("postgresql://u:pa/ss@h/db", "postgresql://u:******@h/db"),
        ("postgresql://u:pa?ss@h/db", "postgresql://u:******@h/db"),
        ("postgresql://u@h/db?password=a&b", "postgresql://u@h/db?password=******&b=******"),
        ("host=h user=u password=S3cret dbname=d", "host=h user=u password=****** dbname=d"),
        ("host=h password = 'S3 cr\\'et' dbname=d", "host=h password = ****** dbname=d"),
        ("host=h password='unterminated S3cret", "host=h password=******"),
    ],
)
def test_mask_dsn_libpq_forms(dsn: str, expected: str | None):
    masked = mask_dsn(dsn)
    for fragment in ("S3cret", "Passw0rd", "pa/ss", "pa?ss", "cr\\'et", "PassWord=x"):
        assert fragment not in masked
    if expected is not None:
        assert masked == expected


def test_mask_text_finds_dsns_inside_messages():
    text = "connect failed: amqp://guest:guest@127.0.0.1:5672/ and postgresql://a:b@c/d"
    masked = mask_text(text)
    assert "guest@" not in masked
    assert ":b@" not in masked
    assert "amqp://guest:******@127.0.0.1:5672/" in masked


@pytest.mark.parametrize(
    "text",
    [
        f"could not connect to postgresql://u:S3cret {SECRET}@h/db: refused",
        f"dsn=postgresql://u:x@{SECRET}@h/db?x=1 then more",
        f"conninfo host=h password={SECRET} dbname=d",
        f"password='{SECRET} with space' host=h",
        f"{{'api_key': '{SECRET}', 'model': 'm'}}",
        f'{{"openai_api_key": "{SECRET}"}}',
        f"headers: Authorization: Bearer {SECRET}",
        f"access_token={SECRET}&x=1",
        f"api_key: {SECRET}",
    ],
)
def test_mask_text_free_text_forms(text: str):
    masked = mask_text(text)
    assert SECRET not in masked
    assert MASK in masked


def test_mask_text_leaves_plain_text_alone():
    text = "步骤完成: ddl_generation，耗时 1.2s (7 tables) user@example.com"
    assert mask_text(text) == text


def test_secret_key_names():
    for key in ("password", "openai_api_key", "access_token", "Authorization", "client_secret"):
        assert is_secret_key(key)
    for key in ("model", "host", "temperature", "base_url"):
        assert not is_secret_key(key)


def test_mask_tree_masks_secret_keys_and_nested_dsns():
    tree: dict[str, Any] = {
        "db_connection": {"password": "x", "host": "h"},
        "dsn": "postgresql://u:pw@h/d",
        "llm": [{"api_key": "sk-1"}],
        "password": None,
    }
    masked = mask_tree(tree)
    assert masked["db_connection"] == {"password": "******", "host": "h"}
    assert masked["dsn"] == "postgresql://u:******@h/d"
    assert masked["llm"] == [{"api_key": "******"}]
    assert masked["password"] is None  # nothing to hide
    assert tree["db_connection"]["password"] == "x"  # a copy, not in place


def test_mask_tree_llm_config_m2():
    """M2: openai_api_key, access_token and headers.Authorization came back verbatim."""
    llm = {
        "model": "gpt",
        "openai_api_key": "sk-x",
        "access_token": "tok-y",
        "headers": {"Authorization": "Bearer sk-y", "X-Trace": "1"},
        "extra_headers": {"authorization": ["Bearer sk-z"]},
        "max_tokens": 2000,
    }
    masked = mask_tree({"llm_config": llm})["llm_config"]
    dumped = json.dumps(masked)
    for secret in ("sk-x", "tok-y", "sk-y", "sk-z"):
        assert secret not in dumped
    assert masked["model"] == "gpt"
    assert masked["headers"]["X-Trace"] == "1"
    assert masked["max_tokens"] == 2000  # a number under a secret-looking name is no secret
