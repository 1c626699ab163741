"""qs_intermediate_<ts>.json: themes and finished theme results, rewritten after each theme."""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.executor.llm.base import QAPair, Theme
from services.executor.steps.qa_generation.codec import (
    pair_from_json,
    pair_to_json,
    theme_from_json,
    theme_to_json,
)
from shared.clock import local_now

INTERMEDIATE_RE = re.compile(r"^qs_intermediate_\d{8}_\d{6}\.json$")


@dataclass
class Progress:
    """What a run knows so far; `done` maps a theme's index to its pairs."""

    file_name: str
    config: dict[str, Any]
    themes: list[Theme] = field(default_factory=list)
    done: dict[int, list[QAPair]] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)
    stamps: dict[int, str] = field(default_factory=dict)

    def pending(self) -> list[int]:
        return [i for i in range(len(self.themes)) if i not in self.done]

    def pairs(self) -> list[QAPair]:
        """All pairs in theme order."""
        return [pair for i in sorted(self.done) for pair in self.done[i]]


def new_file_name(at: datetime) -> str:
    return f"qs_intermediate_{at:%Y%m%d_%H%M%S}.json"


def newest_intermediate(names: list[str]) -> str | None:
    return max((n for n in names if INTERMEDIATE_RE.match(n)), default=None)


def _result(progress: Progress, index: int) -> dict[str, Any]:
    pairs = progress.done[index]
    return {
        "theme": progress.themes[index].topic_name,
        "theme_index": index,
        "timestamp": progress.stamps.get(index, ""),
        "questions_count": len(pairs),
        "questions": [pair_to_json(p) for p in pairs],
    }


def dump(progress: Progress) -> dict[str, Any]:
    """The file content; `results` items have the original system's shape."""
    return {
        "status": "in_progress",
        "timestamp": local_now().isoformat(timespec="seconds"),
        "config": progress.config,
        "themes": [theme_to_json(t) for t in progress.themes],
        "completed_themes": len(progress.done),
        "failed_themes": [progress.themes[i].topic_name for i in sorted(progress.failed)],
        "results": [_result(progress, i) for i in sorted(progress.done)],
    }


def load(file_name: str, text: str, config: dict[str, Any]) -> Progress | None:
    """The saved progress, or None when the file is unreadable or from other parameters."""
    try:
        data = json.loads(text)
        if data.get("config") != config:
            return None
        progress = Progress(file_name, config, [theme_from_json(t) for t in data["themes"]])
        for item in data["results"]:
            index = int(item["theme_index"])
            progress.done[index] = [pair_from_json(q) for q in item["questions"]]
            progress.stamps[index] = str(item.get("timestamp", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return (
        progress
        if progress.themes and all(i < len(progress.themes) for i in progress.done)
        else None
    )
