"""ddl_generation on the highway sample DB: files, registry, progress, logs, reference layout."""

import hashlib
import re

import asyncpg
import pytest

from shared.db import logs, outputs, tasks
from tests.integration.ddl.support import HIGHWAY_TABLES, REFERENCE_DIR, StepRun
from tests.unit.ddl.normalise import reference_layout

EXPECTED_FILES = {f"{t}.ddl" for t in HIGHWAY_TABLES} | {f"{t}_detail.md" for t in HIGHWAY_TABLES}
_EXAMPLES = re.compile(r" \[示例: .*\]$")


def test_every_table_succeeds(highway_run: StepRun) -> None:
    result = highway_run.result
    assert (result["total_tables"], result["processed_successfully"], result["failed"]) == (7, 7, 0)


def test_writes_a_ddl_and_a_detail_file_per_table_and_the_mapping(highway_run: StepRun) -> None:
    written = {p.name for p in highway_run.task_dir.iterdir() if p.suffix in (".ddl", ".md")}
    assert written == EXPECTED_FILES
    assert highway_run.result["files_generated"] == 14


def test_mapping_names_both_files_of_each_table(highway_run: StepRun) -> None:
    lines = highway_run.text("filename_mapping.txt").splitlines()
    assert lines[:3] == ["# 文件名映射报告", "# 格式: 原始表名 -> 实际文件名", ""]
    assert lines[3:] == sorted(f"public.{name.split('.')[0].removesuffix('_detail')} -> {name}"
                               for name in EXPECTED_FILES)  # fmt: skip


async def test_outputs_are_registered_with_size_and_sha256(
    pool: asyncpg.Pool, highway_run: StepRun
) -> None:
    registered = {o.file_name: o for o in await outputs.list_for_task(pool, highway_run.task_id)}
    assert set(registered) == EXPECTED_FILES | {"filename_mapping.txt"}
    for name in EXPECTED_FILES:
        data = (highway_run.task_dir / name).read_bytes()
        output = registered[name]
        assert (output.file_size, output.content_hash, output.is_primary) == (
            len(data),
            hashlib.sha256(data).hexdigest(),
            True,
        )


async def test_progress_reaches_the_end_of_the_ddl_band(
    pool: asyncpg.Pool, highway_run: StepRun
) -> None:
    task = await tasks.get(pool, highway_run.task_id)
    assert task is not None
    assert task.progress == 40


async def test_logs_a_line_per_table_in_the_db_and_the_log_file(
    pool: asyncpg.Pool, highway_run: StepRun
) -> None:
    started = await logs.query(pool, highway_run.task_id, text="开始处理表", limit=50)
    finished = await logs.query(pool, highway_run.task_id, text="处理完成", limit=50)
    assert (len(started), len(finished)) == (7, 7)
    log_file = highway_run.text("data_pipeline.log")
    assert "表 public.bss_company 处理完成: 字段 10 个, 枚举字段" in log_file


@pytest.mark.parametrize(
    ("table", "column", "values"),
    [
        ("bss_service_area", "service_state", {"开放", "关闭", "上传数据"}),
        ("bss_car_day_count", "car_type", {"其他", "危化品", "城际", "过境"}),
        ("bss_company", "company_no", {f"H0{i}" for i in range(1, 9)} | {"Q01"}),
    ],
)
def test_enum_values_match_the_reference(
    highway_run: StepRun, table: str, column: str, values: set[str]
) -> None:
    prefix = f"- {column} 为枚举字段，包含取值："
    detail = highway_run.text(f"{table}_detail.md").splitlines()
    line = next(line for line in detail if line.startswith(prefix))
    assert set(line.removeprefix(prefix).split("、")) == values


@pytest.mark.parametrize("table", HIGHWAY_TABLES)
def test_ddl_equals_the_reference_but_for_comma_placement_and_fk_marks(
    highway_run: StepRun, table: str
) -> None:
    ours = reference_layout(highway_run.text(f"{table}.ddl")).replace("，外键", "")
    reference = reference_layout((REFERENCE_DIR / f"{table}.ddl").read_text(encoding="utf-8"))
    assert ours == reference


@pytest.mark.parametrize("table", HIGHWAY_TABLES)
def test_detail_columns_equal_the_reference_but_for_examples_and_fk_marks(
    highway_run: StepRun, table: str
) -> None:
    def columns(text: str) -> list[str]:
        head = text.split("字段补充说明：", maxsplit=1)[0].splitlines()
        return [
            _EXAMPLES.sub("", line).replace("外键, ", "").replace(" [外键]", "") for line in head
        ]

    reference = (REFERENCE_DIR / f"{table}_detail.md").read_text(encoding="utf-8")
    assert columns(highway_run.text(f"{table}_detail.md")) == columns(reference)


def test_foreign_keys_of_the_sample_db_are_documented(highway_run: StepRun) -> None:
    detail = highway_run.text("bss_service_area_detail.md").splitlines()
    assert "- company_id 为外键，关联 bss_company.id" in detail


def test_files_have_no_trailing_newline(highway_run: StepRun) -> None:
    assert not any(highway_run.text(name).endswith("\n") for name in EXPECTED_FILES)


def test_business_key_without_fk_is_found_by_value_overlap(highway_run: StepRun) -> None:
    """service_no matches bss_service_area.service_area_no (no FK); nothing else qualifies."""
    notes = [
        (name, line)
        for name in EXPECTED_FILES
        if name.endswith("_detail.md")
        for line in highway_run.text(name).splitlines()
        if "为业务键" in line
    ]
    assert notes == [
        (
            "bss_business_day_data_detail.md",
            "- service_no 为业务键，关联 bss_service_area.service_area_no（取值重合 100%）",
        )
    ]


def test_only_category_columns_are_enums(highway_run: StepRun) -> None:
    """The seven every original run finds; names (company_name, route_name) are not categories."""
    found = sorted(
        (name.removesuffix("_detail.md"), line.split(" ")[1])
        for name in EXPECTED_FILES
        if name.endswith("_detail.md")
        for line in highway_run.text(name).splitlines()
        if "为枚举字段" in line
    )
    assert found == [
        ("bss_business_day_data", "source_type"),
        ("bss_car_day_count", "car_type"),
        ("bss_company", "company_no"),
        ("bss_service_area", "service_area_type"),
        ("bss_service_area", "service_state"),
        ("bss_service_area_mapper", "source_system_type"),
        ("bss_service_area_mapper", "source_type"),
    ]
