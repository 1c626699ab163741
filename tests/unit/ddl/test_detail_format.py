"""The `_detail.md` format round trip: what ddl_generation writes, the LLM steps read back as the
same TableDoc that ddl_generation hands its LLM directly (llm_comments.table_doc)."""

from services.executor.steps.ddl_generation.detail_format import parse_detail_md, render_md
from services.executor.steps.ddl_generation.llm_comments import table_doc
from services.executor.table_info import ForeignKey
from tests.unit.ddl.builders import col, table


def test_a_rendered_table_parses_back_to_its_table_doc() -> None:
    info = table(
        "bss_section_route",
        col("id", "uuid", not_null=True, primary_key=True, comment="路段标识"),
        col(
            "area_id",
            comment="服务区",
            not_null=True,
            foreign_key=ForeignKey("public", "bss_service_area", "id"),
            examples=("a1", "b2"),
        ),
        col("kind", comment="类型", enum_values=("上行", "下行"), examples=("上行", "下行")),
        col("amount", "numeric(19,4)", comment="金额"),
        col("created_at", "timestamp without time zone", comment="创建时间", default="now()"),
        comment="路段路线",
    )
    assert parse_detail_md(render_md(info)) == table_doc(info)


def test_a_composite_key_parses_back_on_every_column() -> None:
    info = table(
        "route_rel",
        col("route_id", "integer", not_null=True, primary_key=True, comment="路线"),
        col("section_id", "integer", not_null=True, primary_key=True, comment="路段"),
        comment="路线路段关联",
    )
    parsed = parse_detail_md(render_md(info))
    assert parsed == table_doc(info)
    assert [c.primary_key for c in parsed.columns] == [True, True]
