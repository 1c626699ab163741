from scripts.contract_doc import MESSAGING_DOC, render


def test_messaging_doc_is_current() -> None:
    """docs/messaging.md is generated; regenerate with `python -m scripts.contract_doc`."""
    assert MESSAGING_DOC.read_text(encoding="utf-8") == render()
