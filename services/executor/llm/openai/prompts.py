"""The chat prompts (Chinese, as the original system's): one (system, user) pair per job."""

import json

from services.executor.llm.base import RepairItem, SchemaDocs, TableDoc, Theme
from services.executor.llm.openai.schema_facts import ddl, enum_lines, join_paths
from services.executor.llm.references import find_table, referenced_tables

SEPARATOR = "=" * 80
JSON_ONLY = "只输出要求的 JSON，不要输出解释、道歉或其他任何文字。"
ANALYST = "你是专业的数据分析师，熟悉 PostgreSQL 和业务分析。" + JSON_ONLY
IGNORE_TECHNICAL = (
    "忽略技术字段（id、version、create_ts、update_ts、delete_ts、created_by、updated_by、"
    "deleted_by 等），聚焦业务实体和业务指标。"
)


def schema_markdown(tables: list[TableDoc]) -> str:
    """The tables' _detail.md texts in one document, in the original system's layout."""
    parts = ["# 数据库表结构文档汇总", f"共 {len(tables)} 个表", ""]
    for table in tables:
        parts += [SEPARATOR, f"# 表: {table.name}", SEPARATOR, table.markdown.strip(), ""]
    return "\n".join(parts)


def _context(docs: SchemaDocs) -> str:
    return docs.business_context or "数据库管理系统"


def themes(docs: SchemaDocs, count: int) -> tuple[str, str]:
    example = {
        "themes": [
            {
                "topic_name": "日营业分析",
                "description": (
                    "基于每日经营数据分析各服务区营收、订单量及支付方式结构，辅助经营决策。"
                ),
                "related_tables": ["bss_business_day_data"],
                "biz_entities": ["服务区", "档口", "支付方式"],
                "biz_metrics": ["收入趋势", "订单数量", "支付方式占比"],
            }
        ]
    }
    user = f"""你是一位经验丰富的业务数据分析师，正在分析{_context(docs)}的数据库。

{schema_markdown(list(docs.tables))}
{_section("表间关联（JOIN 条件）：", join_paths(docs))}
请从业务分析角度提出 {count} 个分析主题，要求：
1. 每个主题有明确的业务价值，主题之间覆盖不同的业务领域；
2. related_tables 只能使用上面文档中真实存在的表名；
3. 考虑时间维度、对比分析和排名分析；
4. {IGNORE_TECHNICAL}
5. topic_name 不超过 10 个字，description 约 50 字，biz_entities 列出 3-5 个维度（非数值字段），
   biz_metrics 列出 3-5 个指标。

输出格式（JSON 对象），示例：
{json.dumps(example, ensure_ascii=False, indent=2)}"""
    return "你是专业的数据分析师，负责设计数据分析主题。" + JSON_ONLY, user


def _theme_tables(docs: SchemaDocs, theme: Theme) -> list[TableDoc]:
    found = [t for name in theme.related_tables if (t := find_table(docs.tables, name))]
    return found or list(docs.tables)


# What the builtin generator is held to (issue 11), asked of the model too.
PAIR_FEATURES = """3. 角度多样：约一半的 SQL 使用 JOIN（用上面的关联条件，含业务键），
   至少五分之一关联 3 张及以上的表；过半带日期条件或按日/周/月汇总，窗口相对数据自身的最新日期
   （如 日期字段 > (SELECT MAX(日期字段) FROM 表) - INTERVAL '30 days'），不写死日期；
   适当使用 HAVING、CASE WHEN；比率用浮点除法（SUM(a) * 100.0 / NULLIF(SUM(b), 0)）；
4. 问题是业务人员会问的：按维度分析金额、数量、比率等指标，实体用注释里的业务名称，
   编码字段写出其含义；不要单表记录条数（COUNT(*)）的问题，不要问表结构本身；
   问题之间、SQL 之间都不重复；"""


def _section(title: str, lines: list[str]) -> str:
    return f"{title}\n" + "\n".join(lines) + "\n" if lines else ""


def pairs(docs: SchemaDocs, theme: Theme, count: int) -> tuple[str, str]:
    tables = _theme_tables(docs, theme)
    facts = _section("表间关联（JOIN 条件）：", join_paths(docs, tables))
    facts += _section("枚举字段取值：", enum_lines(tables))
    user = f"""业务背景：{_context(docs)}
分析主题：{theme.topic_name}
主题描述：{theme.description}
业务实体：{"、".join(theme.biz_entities)}
业务指标：{"、".join(theme.biz_metrics)}
相关表：{"、".join(theme.related_tables)}

{schema_markdown(tables)}
{facts}
请围绕该主题提出 {count} 个业务问题，并给出对应的 PostgreSQL 查询，要求：
1. 只使用上面文档中存在的表和字段；有 delete_ts 字段的表都要加上 delete_ts IS NULL 条件；
2. 输出列使用中文别名（AS）；
{PAIR_FEATURES}
5. 问题和 SQL 都写成单行文本，SQL 以分号结尾，字符串中的引号要正确转义。

输出格式（JSON 数组）：
[{{"question": "问题", "sql": "SELECT ...;"}}]"""
    return "你是精通 PostgreSQL 的数据分析师。问题和 SQL 必须是单行文本。" + JSON_ONLY, user


def decision(docs: SchemaDocs) -> tuple[str, str]:
    shape = {
        "scope": "当前数据库存储的是……的相关数据，主要涉及……，包含以下业务数据：",
        "entities": [{"name": "实体", "description": "说明", "fields": ["字段1", "字段2"]}],
        "metrics": [{"name": "指标", "description": "说明"}],
    }
    user = f"""请独立分析{_context(docs)}数据库的业务范围。

{schema_markdown(list(docs.tables))}

要求：{IGNORE_TECHNICAL}
scope 用一句话说明数据库存储哪些业务数据；
entities 列出核心业务实体及其主要字段（真实字段名）；metrics 列出关键业务指标及其计算依据。

输出格式（JSON 对象）：
{json.dumps(shape, ensure_ascii=False, indent=2)}"""
    return ANALYST, user


def repair(docs: SchemaDocs, items: list[RepairItem]) -> tuple[str, str]:
    tables: dict[str, TableDoc] = {}
    lines = []
    for number, item in enumerate(items, 1):
        tables.update((t.name, t) for t in referenced_tables(docs, item.sql))
        lines += [
            f"{number}. 问题：{item.question}",
            f"   错误：{item.error}",
            f"   SQL：{item.sql}",
        ]
    # The original repaired blind; the DDL of the tables involved makes real fixes possible.
    touched = list(tables.values()) or list(docs.tables)
    joins = _section("表间关联（JOIN 条件）：", join_paths(docs, touched))
    user = f"""以下 {len(items)} 条 PostgreSQL 查询执行时出错（错误信息为数据库原文），请逐条修复。

相关表的 DDL：
{chr(10).join(ddl(t) for t in touched)}
{joins}
相关表说明：
{schema_markdown(touched)}

待修复的 SQL：
{chr(10).join(lines)}

要求：
1. 只修复语法错误和表结构（表名、字段名、类型）错误，保持原有业务逻辑和中文别名；
2. 只使用上面表结构中存在的表和字段；修复后的 SQL 为单行并以分号结尾；
3. 无法修复的返回空字符串；repaired_sqls 必须恰好 {len(items)} 条，顺序与输入一致。

输出格式（JSON 对象）：
{{"repaired_sqls": ["SELECT ...;"]}}"""
    return "你是 PostgreSQL 专家，负责修复 SQL。" + JSON_ONLY, user


def comments(docs: SchemaDocs, table: TableDoc) -> tuple[str, str]:
    user = f"""业务背景：{_context(docs)}
请为下表生成中文注释：表注释不超过 50 字，突出业务用途；字段注释不超过 15 字；
已有中文注释可保留或润色，英文注释请翻译。

{table.markdown.strip()}

输出格式（JSON 对象，columns 按字段名对应）：
{{"table_comment": "表注释", "columns": [{{"name": "字段名", "comment": "字段注释"}}]}}"""
    return "你是专业的数据库文档专家，负责生成中文的表和字段注释。" + JSON_ONLY, user
