from services.executor.steps.ddl_generation.files import assign_base_names, render_mapping
from shared.table_list import TableName


def test_colliding_base_names_get_a_number() -> None:
    names = [TableName("hr", "users"), TableName("public", "hr_users"), TableName("public", "a")]
    assert list(assign_base_names(names).values()) == ["hr_users", "hr_users_2", "a"]


def test_mapping_lists_both_files_of_every_table_sorted() -> None:
    text = render_mapping({TableName("public", "b"): "b", TableName("hr", "users"): "hr_users"})
    assert (
        text
        == "\n".join(
            [
                "# 文件名映射报告",
                "# 格式: 原始表名 -> 实际文件名",
                "",
                "hr.users -> hr_users.ddl",
                "hr.users -> hr_users_detail.md",
                "public.b -> b.ddl",
                "public.b -> b_detail.md",
            ]
        )
        + "\n"
    )
