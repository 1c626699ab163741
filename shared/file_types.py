"""What kind of file a task file is, by its name (the outputs table's file_type)."""

_TYPES_BY_SUFFIX = (
    (".ddl", "ddl"),
    (".md", "md"),
    (".json", "json"),
    (".json.backup", "json"),
    (".log", "log"),
    (".txt", "txt"),
    (".csv", "csv"),
)


def file_type_of(name: str) -> str:
    return next((kind for suffix, kind in _TYPES_BY_SUFFIX if name.endswith(suffix)), "other")
