"""metadata.txt (executable SQL) and metadata_detail.md, rendered from the themes."""

from datetime import datetime

from services.executor.llm.base import Theme
from services.executor.steps.qa_generation.codec import one_line

METADATA_FILE = "metadata.txt"
METADATA_DETAIL_FILE = "metadata_detail.md"

_CREATE_TABLE = """-- 创建表（如果不存在）
CREATE TABLE IF NOT EXISTS metadata (
    id SERIAL PRIMARY KEY,    -- 主键
    topic_name VARCHAR(100) NOT NULL,  -- 业务主题名称
    description TEXT,                  -- 业务主体说明
    related_tables TEXT[],\t\t\t  -- 相关表名
    biz_entities TEXT[],               -- 主要业务实体名称
    biz_metrics TEXT[],                -- 主要业务指标名称
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP    -- 插入时间
);
"""


def sql_literal(value: str) -> str:
    return "'" + one_line(value).replace("'", "''") + "'"


def sql_text_array(values: tuple[str, ...]) -> str:
    """A PostgreSQL text[] constructor (the original wrote a plain comma-joined string)."""
    if not values:
        return "ARRAY[]::text[]"
    return "ARRAY[" + ", ".join(sql_literal(v) for v in values) + "]"


def _insert(theme: Theme) -> str:
    values = [
        sql_literal(theme.topic_name),
        sql_literal(theme.description),
        sql_text_array(theme.related_tables),
        sql_text_array(theme.biz_entities),
        sql_text_array(theme.biz_metrics),
    ]
    rows = ",\n".join(f"  {v}" for v in values)
    return (
        "INSERT INTO metadata(topic_name, description, related_tables, biz_entities, biz_metrics)"
        f" VALUES\n(\n{rows}\n);\n"
    )


def render_metadata(themes: list[Theme], business_context: str, db_name: str, at: datetime) -> str:
    header = [
        "-- Schema Tools生成的主题元数据",
        f"-- 业务背景: {one_line(business_context)}",
        f"-- 生成时间: {at:%Y-%m-%d %H:%M:%S}",
        f"-- 数据库: {one_line(db_name)}",
        "",
        _CREATE_TABLE,
        "-- 插入主题数据",
    ]
    return "\n".join(header) + "\n" + "\n".join(_insert(t) for t in themes)


def first_distinct(values: list[str], limit: int) -> list[str]:
    """Deterministic examples: the first distinct values in theme order."""
    return list(dict.fromkeys(v for v in values if v))[:limit]


def render_metadata_detail(themes: list[Theme]) -> str:
    tables = first_distinct([t for th in themes for t in th.related_tables], 2)
    entities = first_distinct([e for th in themes for e in th.biz_entities], 3)
    metrics = first_distinct([m for th in themes for m in th.biz_metrics], 3)
    return f"""## metadata（存储分析主题元数据）

`metadata` 主要描述了当前数据库包含了哪些数据内容，哪些分析主题，哪些指标等等。

字段列表：

- `id` (serial) - 主键ID [主键, 非空]
- `topic_name` (varchar(100)) - 业务主题名称 [非空]
- `description` (text) - 业务主题说明
- `related_tables` (text[]) - 涉及的数据表 [示例: {", ".join(tables)}]
- `biz_entities` (text[]) - 主要业务实体名称 [示例: {", ".join(entities)}]
- `biz_metrics` (text[]) - 主要业务指标名称 [示例: {", ".join(metrics)}]
- `created_at` (timestamp) - 插入时间 [默认值: `CURRENT_TIMESTAMP`]

字段补充说明：

- `id` 为主键，自增；
- `related_tables` 用于建立主题与具体明细表的依赖关系；
- `biz_entities` 表示主题关注的核心对象，例如服务区、车辆、公司；
- `biz_metrics` 表示该主题关注的业务分析指标，例如营收对比、趋势变化、占比结构等。
"""
