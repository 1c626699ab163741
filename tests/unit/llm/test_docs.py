"""Parsing `_detail.md` files back into TableDoc (reference layout plus FK lines)."""

from services.executor.llm.docs import load_schema_docs
from services.executor.steps.ddl_generation.detail_format import parse_detail_md
from shared.storage import Storage
from tests.helpers import new_task_id
from tests.unit.llm.highway import detail_texts

DETAIL = """## hr.staff（员工表）
hr.staff 表员工表
字段列表：
- id (varchar(32)) - 主键ID [主键, 非空] [示例: a1, b2]
- salary (numeric(19,4)) - 月薪 [示例: 1.0000]
- dept_id (varchar(32)) - 部门ID
- position (varchar(50)) - 坐标 [示例: 114.57,26.82, 115.91,28.39]
- note (text)
- grade (varchar(8)) - 职级
字段补充说明：
- 复合主键：id, dept_id
- grade 为枚举字段，包含取值：A、B、C
- dept_id 为外键，关联 hr.dept.id"""


def test_columns_types_flags_and_examples():
    table = parse_detail_md(DETAIL)
    columns = {c.name: c for c in table.columns}
    assert (table.name, table.comment) == ("hr.staff", "员工表")
    assert columns["salary"].type == "numeric(19,4)"
    assert columns["id"].not_null
    assert columns["id"].examples == ("a1", "b2")
    assert columns["position"].examples == ("114.57,26.82", "115.91,28.39")
    assert columns["note"].comment == ""


def test_notes_enum_foreign_key_and_composite_primary_key():
    columns = {c.name: c for c in parse_detail_md(DETAIL).columns}
    assert columns["grade"].enum_values == ("A", "B", "C")
    assert columns["dept_id"].foreign_key == "hr.dept.id"
    assert columns["dept_id"].primary_key


async def test_load_reads_table_docs_sorted_and_skips_metadata(tmp_path):
    storage, task_id = Storage(tmp_path), new_task_id()
    for name, text in detail_texts().items():
        await storage.write_text(task_id, name, text)
    await storage.write_text(task_id, "metadata_detail.md", "## metadata（存储分析主题元数据）")
    docs = await load_schema_docs(storage, task_id, "高速公路", "highway_db")
    assert [t.name for t in docs.tables] == [
        n.removesuffix("_detail.md") for n in sorted(detail_texts())
    ]
    area = next(t for t in docs.tables if t.name == "bss_service_area")
    assert {c.name: c.foreign_key for c in area.columns}["company_id"] == "bss_company.id"
