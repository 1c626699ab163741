"""The OpenAI-compatible provider's prompts and how it reads the answers (fake server)."""

import pytest

from services.executor.llm.base import RepairItem
from shared.errors import LLMError
from tests.integration.llm.openai_support import KEY, MODEL, THEME, sample_theme


async def test_themes_reply_parsed_and_request_carries_model_auth_and_schema(llm, fake_llm, docs):
    fake_llm.reply_json({"themes": [THEME]})
    themes = await llm.extract_themes(docs, 5)
    assert [t.topic_name for t in themes] == ["日营业分析"]
    assert themes[0].related_tables == ("bss_business_day_data",)  # unknown table dropped
    assert themes[0].biz_metrics == ("营收",)
    request = fake_llm.chat_requests[0]
    assert request.body["model"] == MODEL
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert "bss_company" in request.body["messages"][1]["content"]
    assert (
        "bss_service_area.company_id = bss_company.id（外键）"
        in request.body["messages"][1]["content"]
    )


async def test_fenced_pairs_are_collapsed_and_terminated(llm, fake_llm, docs):
    fake_llm.reply_text('说明文字\n```json\n[{"question": " 总数？ ", "sql": "SELECT\\n  1"}]\n```')
    pairs = await llm.generate_pairs(docs, sample_theme(), 10)
    assert [(p.question, p.sql) for p in pairs] == [("总数？", "SELECT 1;")]


async def test_think_block_is_stripped(llm, fake_llm, docs):
    fake_llm.reply_text('<think>先想想 [1, 2]</think>\n[{"question": "q", "sql": "SELECT 2;"}]')
    pairs = await llm.generate_pairs(docs, sample_theme(), 10)
    assert [p.sql for p in pairs] == ["SELECT 2;"]


async def test_garbage_text_is_an_error_not_data(llm, fake_llm, docs):
    fake_llm.reply_text("抱歉，我暂时无法回答这个问题。")
    with pytest.raises(LLMError):
        await llm.generate_pairs(docs, sample_theme(), 10)


async def test_wrong_shape_is_an_error(llm, fake_llm, docs):
    fake_llm.reply_json({"themes": [{"topic_name": "无表主题", "description": "缺少相关表"}]})
    with pytest.raises(LLMError):
        await llm.extract_themes(docs, 5)


async def test_repair_prompt_carries_the_schema_of_referenced_tables(llm, fake_llm, docs):
    fake_llm.reply_json({"repaired_sqls": ["SELECT company_name FROM bss_company", ""]})
    items = [
        RepairItem("公司有哪些？", "SELECT company_nam FROM bss_company;", "column does not exist"),
        RepairItem("无法修复", "SELEC 1;", "syntax error"),
    ]
    answers = await llm.repair_sql(docs, items)
    assert answers == ["SELECT company_name FROM bss_company;", None]
    prompt = fake_llm.chat_requests[0].body["messages"][1]["content"]
    assert "- company_name (varchar(255)) - 公司名称" in prompt
    assert "bss_car_day_count" not in prompt  # only the tables the SQL reads


async def test_repair_answer_count_must_match(llm, fake_llm, docs):
    fake_llm.reply_json({"repaired_sqls": ["SELECT 1;"]})
    items = [RepairItem("q", "SELEC 1;", "e"), RepairItem("q2", "SELEC 2;", "e")]
    with pytest.raises(LLMError):
        await llm.repair_sql(docs, items)


async def test_comments_merge_by_column_name(llm, fake_llm, docs):
    table = next(t for t in docs.tables if t.name == "bss_company")
    fake_llm.reply_json(
        {"table_comment": "公司信息表", "columns": [{"name": "company_no", "comment": "公司编号"}]}
    )
    answer = await llm.comment_table(docs, table)
    comments = {c.name: c.comment for c in answer.columns}
    assert answer.table_comment == "公司信息表"
    assert comments["company_no"] == "公司编号"
    assert comments["company_name"] == "公司名称"  # not given: kept, never shifted by position


async def test_decision_prompt_parsed(llm, fake_llm, docs):
    fake_llm.reply_json(
        {
            "scope": "当前数据库存储的是高速公路服务区的相关数据",
            "entities": [{"name": "服务区", "description": "经营单位", "fields": ["service_no"]}],
            "metrics": [{"name": "营收", "description": "pay_sum 汇总"}],
        }
    )
    prompt = await llm.decision_prompt(docs, [])
    assert prompt.entities[0].fields == ("service_no",)
    assert prompt.metrics[0].name == "营收"


async def test_pairs_prompt_carries_join_paths_enums_and_the_pair_features(llm, fake_llm, docs):
    fake_llm.reply_json([{"question": "q", "sql": "SELECT 1"}])
    await llm.generate_pairs(docs, sample_theme(), 10)
    prompt = fake_llm.chat_requests[0].body["messages"][1]["content"]
    business = (
        "- bss_business_day_data.service_no = bss_service_area.service_area_no"
        "（业务键（按取值匹配，无外键约束））"
    )
    assert business in prompt
    assert "- bss_business_day_data.source_type（数据来源类别）：0、4、1、2、3" in prompt
    for feature in (
        "JOIN",
        "3 张及以上",
        "SELECT MAX(",
        "HAVING",
        "CASE WHEN",
        "NULLIF",
        "COUNT(*)",
    ):
        assert feature in prompt


async def test_repair_prompt_carries_the_exact_error_and_the_ddl(llm, fake_llm, docs):
    fake_llm.reply_json({"repaired_sqls": [""]})
    error = 'column bsral.delete_ts does not exist HINT: Perhaps you meant "bsr.delete_ts".'
    sql = "SELECT 1 FROM bss_section_route bsr JOIN bss_section_route_area_link bsral ON true;"
    assert await llm.repair_sql(docs, [RepairItem("q", sql, error)]) == [None]
    prompt = fake_llm.chat_requests[0].body["messages"][1]["content"]
    assert error in prompt
    assert (
        "CREATE TABLE bss_section_route_area_link (\n  section_route_id varchar(32) NOT NULL,"
        in prompt
    )
    assert "- bss_section_route_area_link.section_route_id = bss_section_route.id（外键）" in prompt


async def test_malformed_pairs_answer_fails_clearly(llm, fake_llm, docs):
    fake_llm.reply_text("抱歉，我无法回答")
    with pytest.raises(LLMError) as raised:
        await llm.generate_pairs(docs, sample_theme(), 10)
    assert raised.value.message
