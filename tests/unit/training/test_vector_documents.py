"""Vector documents: content-derived ids in Vanna's id layout, metadata per collection."""

import hashlib
import json

from services.executor.vectors.documents import VectorDoc, question_sql_document, vector_text


def test_ids_depend_on_collection_and_content_only():
    a = VectorDoc("ddl", "create table t (id int)", "t.ddl")
    same = VectorDoc("ddl", "create table t (id int)", "copy_of_t.ddl")
    other = VectorDoc("documentation", "create table t (id int)", "t.ddl")
    assert a.id == same.id
    assert a.id != other.id
    assert a.id.endswith("-ddl")
    assert other.id.endswith("-doc")


def test_content_hash_is_postgres_md5_of_the_text():
    doc = VectorDoc("documentation", "## 表\n说明", "t_detail.md")
    assert doc.content_hash == hashlib.md5("## 表\n说明".encode()).hexdigest()


def test_only_sql_metadata_has_createdat():
    sql = VectorDoc("sql", question_sql_document("问?", "SELECT 1"), "qs.json")
    ddl = VectorDoc("ddl", "create table t ()", "t.ddl")
    assert sql.metadata("task_x") == {
        "id": sql.id,
        "task_id": "task_x",
        "source_file": "qs.json",
        "step": "training_load",
        "createdat": None,
    }
    assert "createdat" not in ddl.metadata("task_x")


def test_vector_text_is_pgvector_input_format():
    assert json.loads(vector_text([0.5, -1.0, 1e-05])) == [0.5, -1.0, 1e-05]
