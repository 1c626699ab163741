"""Parses ddl_generation's `_detail.md` files back into the LLM contract's SchemaDocs."""

import re
from dataclasses import replace

from services.executor.llm.base import ColumnDoc, SchemaDocs, TableDoc
from shared.errors import StepFailed
from shared.storage import Storage

DETAIL_SUFFIX = "_detail.md"
# metadata_detail.md documents qa_generation's own metadata table, not the business schema.
SKIPPED_FILES = frozenset({"metadata_detail.md"})

_TITLE = re.compile(r"^##\s+(?P<name>[^（(\s]+)\s*(?:[（(](?P<comment>.*)[）)])?\s*$")
_COLUMN = re.compile(
    r"^- (?P<name>\S+) \((?P<type>[^()]*(?:\([^()]*\))?[^()]*)\)(?: - (?P<rest>.*))?$"
)
_TAG = re.compile(r"\s*\[(?P<tag>[^\[\]]*)\]\s*$")
_ENUM = re.compile(r"^- (?P<name>\S+) 为枚举字段，包含取值：(?P<values>.*)$")
_FOREIGN = re.compile(r"^- (?P<name>\S+) 为外键，关联 (?P<target>\S+)$")
_BUSINESS = re.compile(r"^- (?P<name>\S+) 为业务键，关联 (?P<target>[^\s（(]+)")
_SINGLE_PK = re.compile(r"^- (?P<name>\S+) 为主键$")
_COMPOSITE_PK = re.compile(r"^- 复合主键[：:](?P<names>.*)$")


def _split_tags(rest: str) -> tuple[str, list[str]]:
    """Peels `[...]` tags off the end of a column line; what remains is the comment."""
    tags: list[str] = []
    while match := _TAG.search(rest):
        tags.insert(0, match.group("tag"))
        rest = rest[: match.start()]
    return rest.strip(), tags


def _examples(tag: str) -> tuple[str, ...]:
    values = tag.split(":", 1)[1] if ":" in tag else tag.split("：", 1)[-1]
    return tuple(v.strip() for v in values.split(", ") if v.strip())


def parse_column(line: str) -> ColumnDoc | None:
    match = _COLUMN.match(line.strip())
    if not match:
        return None
    comment, tags = _split_tags(match.group("rest") or "")
    flags = {flag.strip() for tag in tags if not tag.startswith("示例") for flag in tag.split(",")}
    examples = next((_examples(t) for t in tags if t.startswith("示例")), ())
    return ColumnDoc(
        name=match.group("name"),
        type=match.group("type").strip(),
        comment=comment,
        primary_key="主键" in flags,
        not_null="非空" in flags,
        examples=examples,
    )


def _apply_note(columns: dict[str, ColumnDoc], line: str) -> None:
    """Folds one 字段补充说明 line (enum values, FK target, primary key) into its column."""
    if (m := _ENUM.match(line)) and m.group("name") in columns:
        values = tuple(v.strip() for v in m.group("values").split("、") if v.strip())
        columns[m.group("name")] = replace(columns[m.group("name")], enum_values=values)
    elif (m := _FOREIGN.match(line)) and m.group("name") in columns:
        columns[m.group("name")] = replace(columns[m.group("name")], foreign_key=m.group("target"))
    elif (m := _BUSINESS.match(line)) and m.group("name") in columns:
        columns[m.group("name")] = replace(columns[m.group("name")], business_key=m.group("target"))
    elif (m := _SINGLE_PK.match(line)) and m.group("name") in columns:
        columns[m.group("name")] = replace(columns[m.group("name")], primary_key=True)
    elif m := _COMPOSITE_PK.match(line):
        for name in (n.strip() for n in m.group("names").split(",")):
            if name in columns:
                columns[name] = replace(columns[name], primary_key=True)


def parse_detail_md(text: str) -> TableDoc:
    lines = text.splitlines()
    title = _TITLE.match(lines[0].strip()) if lines else None
    if not title:
        raise StepFailed("表文档格式错误：缺少 '## 表名（注释）' 标题行")
    columns: dict[str, ColumnDoc] = {}
    in_notes = False
    for line in lines[1:]:
        if line.startswith("字段补充说明"):
            in_notes = True
        elif in_notes:
            _apply_note(columns, line.strip())
        elif column := parse_column(line):
            columns[column.name] = column
    return TableDoc(
        name=title.group("name"),
        comment=(title.group("comment") or "").strip(),
        columns=tuple(columns.values()),
        markdown=text,
    )


def is_table_doc(name: str) -> bool:
    return name.endswith(DETAIL_SUFFIX) and name not in SKIPPED_FILES


async def load_schema_docs(
    storage: Storage, task_id: str, business_context: str, db_name: str
) -> SchemaDocs:
    """Every table `_detail.md` of the task dir, sorted by file name."""
    names = sorted(f.name for f in await storage.list_files(task_id) if is_table_doc(f.name))
    tables = [parse_detail_md(await storage.read_text(task_id, name)) for name in names]
    return SchemaDocs(business_context=business_context, db_name=db_name, tables=tuple(tables))
