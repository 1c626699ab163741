from typing import Any

from shared.secrets import mask_dsn, mask_text, mask_tree


def test_mask_dsn_hides_only_the_password():
    assert mask_dsn("postgresql://u:p%40ss@h:5433/db") == "postgresql://u:******@h:5433/db"
    assert mask_dsn("postgresql://u@h/db") == "postgresql://u@h/db"


def test_mask_text_finds_dsns_inside_messages():
    text = "connect failed: amqp://guest:guest@127.0.0.1:5672/ and postgresql://a:b@c/d"
    masked = mask_text(text)
    assert "guest@" not in masked
    assert ":b@" not in masked
    assert "amqp://guest:******@127.0.0.1:5672/" in masked


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
