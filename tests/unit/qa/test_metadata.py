"""metadata.txt / metadata_detail.md / decision prompt rendering from themes."""

from datetime import datetime

from services.executor.llm.base import BusinessEntity, BusinessMetric, DecisionPrompt, Theme
from services.executor.steps.qa_generation.decision import (
    fallback_prompt,
    render_decision_prompt,
)
from services.executor.steps.qa_generation.metadata import (
    render_metadata,
    render_metadata_detail,
    sql_text_array,
)

THEMES = [
    Theme(
        "日营业分析",
        "各服务区每日营收",
        ("bss_business_day_data",),
        ("服务区", "档口"),
        ("收入趋势",),
    ),
    Theme(
        "公司's 绩效", "按公司汇总", ("bss_company", "bss_service_area"), ("公司",), ("平均日收入",)
    ),
]


def test_array_columns_are_postgres_array_constructors_with_quotes_escaped():
    assert sql_text_array(("a", "it's")) == "ARRAY['a', 'it''s']"
    assert sql_text_array(()) == "ARRAY[]::text[]"


def test_metadata_has_header_create_table_and_one_insert_per_theme():
    text = render_metadata(THEMES, "高速公路服务区管理系统", "highway_db", datetime(2025, 7, 21))
    assert text.startswith("-- Schema Tools生成的主题元数据\n-- 业务背景: 高速公路服务区管理系统\n")
    assert "CREATE TABLE IF NOT EXISTS metadata (" in text
    assert text.count("INSERT INTO metadata(") == 2
    assert "'公司''s 绩效'" in text


def test_metadata_detail_examples_are_the_first_distinct_values():
    text = render_metadata_detail(THEMES)
    assert "[示例: bss_business_day_data, bss_company]" in text
    assert "[示例: 服务区, 档口, 公司]" in text


def test_decision_prompt_is_in_the_text_layout():
    prompt = DecisionPrompt(
        "当前数据库存储的是服务区的相关数据，包含以下业务数据：",
        (BusinessEntity("服务区", "经营单位", ("service_name", "service_no")),),
        (BusinessMetric("营收", "每日营收\n趋势"),),
    )
    assert render_decision_prompt(prompt).splitlines() == [
        "=== 数据库业务范围 ===",
        "当前数据库存储的是服务区的相关数据，包含以下业务数据：",
        "核心业务实体：",
        "- 服务区：经营单位，主要字段：service_name、service_no",
        "关键业务指标：",
        "- 营收：每日营收 趋势",
    ]


def test_fallback_prompt_is_built_from_theme_entities_and_metrics():
    prompt = fallback_prompt("高速公路", THEMES)
    assert [e.name for e in prompt.entities] == ["服务区", "档口", "公司"]
    assert [m.name for m in prompt.metrics] == ["收入趋势", "平均日收入"]
