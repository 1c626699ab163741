"""File-count check and prompt chunking over table docs."""

from services.executor.llm.base import ColumnDoc, SchemaDocs, TableDoc, Theme
from services.executor.steps.qa_generation import chunking
from services.executor.steps.qa_generation.inputs import missing_table_files
from shared.table_list import TableName


def test_missing_files_lists_each_absent_ddl_and_detail_file():
    tables = [TableName("public", "a"), TableName("sales", "b")]
    names = ["a.ddl", "a_detail.md", "sales_b.ddl"]
    assert missing_table_files(tables, names) == ["sales_b_detail.md"]


def _table(name: str, size: int) -> TableDoc:
    column = ColumnDoc("id", "integer", "主键")
    return TableDoc(name, f"{name}表", (column,), "x" * size)


def test_small_schema_is_passed_whole_and_big_one_is_summarised():
    small = SchemaDocs("业务", "db", (_table("a", 100),))
    assert chunking.fit(small) == small
    big = SchemaDocs("业务", "db", tuple(_table(f"t{i}", 10_000) for i in range(10)))
    fitted = chunking.fit(big)
    assert sum(len(t.markdown) for t in fitted.tables) < chunking.MAX_PROMPT_CHARS
    assert fitted.tables[0].columns == big.tables[0].columns


def test_a_theme_sees_its_related_tables_in_full_and_the_others_summarised():
    docs = SchemaDocs("业务", "db", (_table("a", 10), _table("b", 10), _table("s.c", 10)))
    theme = Theme("t", "d", ("public.a", "s.c"), (), ())
    scoped = chunking.for_theme(docs, theme)
    assert [t.name for t in scoped.tables] == ["a", "b", "s.c"]
    assert [t.markdown for t in scoped.tables] == [
        docs.tables[0].markdown,
        chunking.summary_markdown(docs.tables[1]),
        docs.tables[2].markdown,
    ]


def test_a_theme_naming_unknown_tables_sees_all_tables():
    docs = SchemaDocs("业务", "db", (_table("a", 10), _table("b", 10)))
    theme = Theme("t", "d", ("nope",), (), ())
    assert len(chunking.for_theme(docs, theme).tables) == 2


def test_docs_of_tables_not_in_the_list_are_dropped():
    docs = SchemaDocs("业务", "db", (_table("a", 10), _table("old", 10)))
    kept = chunking.only_listed(docs, [TableName("public", "a")])
    assert [t.name for t in kept.tables] == ["a"]
