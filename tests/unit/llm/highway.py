"""The highway reference `_detail.md` files as ddl_generation writes them (with FK lines)."""

from pathlib import Path

from demo.sample_db.schema import FOREIGN_KEYS
from services.executor.llm.base import SchemaDocs
from services.executor.steps.ddl_generation.detail_format import is_table_doc, parse_detail_md

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "demo" / "highway_db"
CONTEXT = "高速公路服务区管理系统"
# What ddl_generation finds by value overlap on the sample DB (no FK declares it).
BUSINESS_KEY = "- service_no 为业务键，关联 bss_service_area.service_area_no（取值重合 100%）"


def detail_texts() -> dict[str, str]:
    """File name -> text, with the FK and business-key lines the step adds to the reference."""
    texts = {}
    for path in sorted(REFERENCE_DIR.glob("*_detail.md")):
        if not is_table_doc(path.name):
            continue
        text = path.read_text("utf-8")
        table = path.name.removesuffix("_detail.md")
        fks = [
            f"- {col} 为外键，关联 {ref}.{key}" for t, col, ref, key in FOREIGN_KEYS if t == table
        ]
        keys = [BUSINESS_KEY] if table == "bss_business_day_data" else []
        texts[path.name] = "\n".join([text.rstrip("\n"), *fks, *keys])
    return texts


def highway_docs(context: str = CONTEXT) -> SchemaDocs:
    tables = tuple(parse_detail_md(text) for text in detail_texts().values())
    return SchemaDocs(business_context=context, db_name="highway_db", tables=tables)
