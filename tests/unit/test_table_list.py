from shared.table_list import TableName, parse_table_list, render_table_list, split_entries

REFERENCE = """# 示例表清单文件
-- a comment
bss_car_day_count,bss_business_day_data , bss_company

hr.users
public.bss_company
bss_company
"""


def test_entries_are_split_on_lines_and_commas_without_comments():
    assert split_entries(REFERENCE) == [
        "bss_car_day_count",
        "bss_business_day_data",
        "bss_company",
        "hr.users",
        "public.bss_company",
        "bss_company",
    ]


def test_parse_dedupes_on_qualified_name_in_order():
    parsed = parse_table_list(REFERENCE)
    assert parsed.names == [
        "public.bss_car_day_count",
        "public.bss_business_day_data",
        "public.bss_company",
        "hr.users",
    ]
    assert parsed.duplicates == ["public.bss_company", "bss_company"]


def test_invalid_and_system_names_are_reported_not_kept():
    parsed = parse_table_list("a;drop,x.y.z,pg_catalog.pg_class,pg_stat,information_schema.t,ok")
    assert parsed.names == ["public.ok"]
    assert parsed.invalid == ["a;drop", "x.y.z"]
    assert parsed.system == ["pg_catalog.pg_class", "pg_stat", "information_schema.t"]


def test_base_names_follow_the_original_naming():
    assert TableName("public", "bss_company").base_name == "bss_company"
    assert TableName("hr", "users").base_name == "hr_users"  # underscores collapse
    assert TableName("Public", "a__b").base_name == "a_b"


def test_rendered_list_parses_back():
    text = render_table_list(["a", "hr.b"], "2025-01-01 00:00:00")
    assert parse_table_list(text).names == ["public.a", "hr.b"]
    assert text.endswith("hr.b\n")
