"""The pair_stats command on a real database: rows per SQL, errors, the printed figures."""

import asyncio
import json
import sys

from services.executor.pair_stats.rows import rows_returned


async def test_rows_returned_caps_at_100_and_reports_errors(business_db_url):
    sqls = [
        "SELECT * FROM bss_business_day_data;",
        "SELECT id FROM bss_company WHERE false",
        "SELECT no_such_column FROM bss_company",
    ]
    assert await rows_returned(business_db_url, sqls) == [100, 0, None]


async def test_command_prints_json_figures(business_db_url, tmp_path):
    pairs = [
        {
            "question": "各公司多少服务区？",
            "sql": "SELECT company_id, COUNT(*) FROM bss_service_area GROUP BY company_id",
        },
        {"question": "坏的", "sql": "SELECT nope FROM bss_company"},
    ]
    path = tmp_path / "pairs.json"
    path.write_text(json.dumps(pairs, ensure_ascii=False), "utf-8")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services.executor.pair_stats",
        str(path),
        "--dsn",
        business_db_url,
        "--json",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await proc.communicate()
    figures = json.loads(out)
    assert proc.returncode == 0
    assert (figures["total"], figures["with_rows"], figures["errors"]) == (2, 1, 1)
    assert figures["shares"]["group_by"] == 0.5
