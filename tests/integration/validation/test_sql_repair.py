"""sql_validation's repairs: the LLM's and the builtin provider's fixes of invalid SQL."""

import json

from services.executor.llm import build_llm
from tests.integration.qa.support import REFERENCE_DIR, CountingLLM, qa_params
from tests.integration.validation.support import (
    PAIR_FILE,
    task_file,
    validate,
    write_pairs,
)


async def test_llm_repair_fixes_a_misspelt_column_and_gives_up_on_a_missing_table(
    pool, settings, business_db_url, schema_task
):
    items = [
        {"question": "服务区名称", "sql": "SELECT service_area_nme FROM bss_service_area;"},
        {"question": "不存在的表", "sql": "SELECT * FROM no_such_table_xyz;"},
    ]
    write_pairs(settings, schema_task, items)
    llm = CountingLLM(build_llm(settings))
    result = await validate(pool, settings, qa_params(business_db_url), schema_task, llm)
    assert result["repair_stats"] == {"attempted": 2, "successful": 1, "failed": 1}
    kept = json.loads(task_file(settings, schema_task, PAIR_FILE))
    assert len(kept) == 1
    assert "service_area_name" in kept[0]["sql"]
    assert "bss_service_area" in [t.name for t in llm.repair_docs.tables]


async def test_builtin_repair_fixes_the_reference_backup(
    pool, settings, business_db_url, schema_task
):
    """Its 9 invalid items filter delete_ts on the link table, which has none."""
    reference = REFERENCE_DIR / "qs_highway_db_20250721_203452_pair.json.backup"
    write_pairs(settings, schema_task, json.loads(reference.read_text("utf-8")))
    llm = build_llm(settings)
    result = await validate(pool, settings, qa_params(business_db_url), schema_task, llm)
    assert result["repair_stats"]["attempted"] == 9
    assert result["repair_stats"]["successful"] >= 8
    kept = json.loads(task_file(settings, schema_task, PAIR_FILE))
    assert len(kept) >= 49
    assert not any("bsral.delete_ts" in p["sql"] for p in kept)


async def test_builtin_repair_adds_group_by_and_qualifies_ambiguous_columns(
    pool, settings, business_db_url, schema_task
):
    items = [
        {
            "question": "缺分组",
            "sql": "SELECT company_id, service_state, COUNT(*) FROM bss_service_area "
            "GROUP BY company_id;",
        },
        {
            "question": "歧义",
            "sql": "SELECT service_area_name, company_name FROM bss_service_area a "
            "JOIN bss_company c ON a.company_id = c.id WHERE delete_ts IS NULL;",
        },
    ]
    write_pairs(settings, schema_task, items)
    result = await validate(
        pool, settings, qa_params(business_db_url), schema_task, build_llm(settings)
    )
    assert result["repair_stats"] == {"attempted": 2, "successful": 2, "failed": 0}
    kept = [p["sql"] for p in json.loads(task_file(settings, schema_task, PAIR_FILE))]
    assert "GROUP BY company_id, service_state" in kept[0]
    assert "WHERE a.delete_ts IS NULL" in kept[1]
