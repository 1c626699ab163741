"""Human labels for tables and columns, in the business context's language."""

import re

from services.executor.llm.base import ColumnDoc, SchemaDocs, TableDoc
from services.executor.llm.builtin.columns import label_column

_CJK = re.compile(r"[\u4e00-\u9fff]")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
# Words that end table comments without saying what the table is about.
# 映射/关联 stay: without them a mapper reads as the entity it maps (服务区信息映射 -> 服务区).
_TABLE_SUFFIXES = ("主表", "表", "记录", "信息", "基础", "数据", "统计")
_LABEL_SUFFIXES = ("名称", "名字", "名")
_FILLER = frozenset(_TABLE_SUFFIXES) | {"基础信息", "信息", "数据", "管理"}
MAX_LABEL = 16
# Prefixes that name the system, not the subject (bss_company -> company).
SYSTEM_PREFIXES = frozenset({"bss", "sys", "tb", "tbl", "t", "dim", "fact", "ods", "dwd", "dws"})


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def is_chinese(docs: SchemaDocs) -> bool:
    """Chinese when the business context is, or (without one) when most comments are."""
    if docs.business_context.strip():
        return has_cjk(docs.business_context)
    comments = [t.comment for t in docs.tables if t.comment]
    return sum(map(has_cjk, comments)) * 2 > len(comments) if comments else False


def humanize(name: str) -> str:
    return name.rsplit(".", 1)[-1].replace("_", " ").strip()


def humanize_table(name: str) -> str:
    """`bss_car_day_count` -> `car day count`: without the system prefix tables share."""
    words = name.rsplit(".", 1)[-1].split("_")
    if len(words) > 1 and words[0].lower() in SYSTEM_PREFIXES:
        words = words[1:]
    return " ".join(w for w in words if w)


def column_label(column: ColumnDoc, zh: bool) -> str:
    if zh and has_cjk(column.comment):
        label = _BRACKETED.sub("", column.comment).split("，")[0].strip()
        return label[:MAX_LABEL] or column.name
    return humanize(column.name)


def _common_prefix(a: str, b: str) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return size


def _trim_table_words(text: str) -> str:
    trimmed = True
    while trimmed:
        trimmed = False
        for suffix in _TABLE_SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                text, trimmed = text[: -len(suffix)], True
    return text


def table_label(table: TableDoc, docs: SchemaDocs, zh: bool) -> str:
    """A short subject for a table: its comment minus the system name and filler words."""
    comment = _BRACKETED.sub("", table.comment).split("，")[0].strip()
    if not (zh and has_cjk(comment)):
        return humanize_table(table.name)
    shared = _common_prefix(comment, docs.business_context)
    subject = _trim_table_words(comment[shared:].removeprefix("中的").removeprefix("的"))
    if shared < 2 or len(subject) < 2 or subject in _FILLER:
        # Nothing specific is left once the system's own name is cut: keep the whole comment.
        subject = _trim_table_words(comment)
    return subject[:MAX_LABEL]


def entity_label(table: TableDoc, docs: SchemaDocs, zh: bool) -> str:
    """What one row is (公司, 服务区): from its name column's comment, else the table label."""
    column = label_column(table.columns)
    if column is not None and zh and has_cjk(column.comment):
        return entity_text(column_label(column, zh))
    return table_label(table, docs, zh)


def entity_text(label: str) -> str:
    """`服务区名称` -> `服务区`."""
    for suffix in _LABEL_SUFFIXES:
        if label.endswith(suffix) and len(label) > len(suffix):
            return label[: -len(suffix)]
    return label
