"""A stored document as the training_data API shows it: Q/SQL split out, provenance on top."""

import json
from typing import Any

PROVENANCE = ("task_id", "source_file", "step")


def _question_sql(document: str) -> dict[str, Any]:
    try:
        value = json.loads(document)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {"question": value.get("question"), "sql": value.get("sql")}


def document_view(row: dict[str, Any]) -> dict[str, Any]:
    meta = row.get("cmetadata") or {}
    view: dict[str, Any] = {
        "id": row["id"],
        "training_data_type": row["training_data_type"],
        "content": row["document"],
    }
    if row["training_data_type"] in ("sql", "error_sql"):
        view.update(_question_sql(row["document"]))
    view.update({key: meta.get(key) for key in PROVENANCE})
    view["created_at"] = meta.get("createdat")
    if "distance" in row:
        view["distance"] = round(float(row["distance"]), 6)
    return view
