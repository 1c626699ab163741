from pathlib import Path

from shared.contract_doc import render


def test_messaging_doc_is_current():
    """docs/messaging.md is generated; regenerate with `python -m shared.contract_doc`."""
    assert Path("docs/messaging.md").read_text(encoding="utf-8") == render()
