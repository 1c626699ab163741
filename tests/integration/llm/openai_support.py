"""The OpenAI-compatible provider on the fake server: its key, model and a sample theme."""

from pydantic import SecretStr

from services.executor.llm.base import Theme
from services.executor.llm.openai import OpenAILLM
from services.executor.llm.openai.client import ChatClient

KEY = "sk-test-secret-0123456789"


MODEL = "qwen-test"


THEME = {
    "topic_name": "日营业分析",
    "description": "分析各服务区每日营收",
    "related_tables": ["bss_business_day_data", "no_such_table"],
    "biz_entities": ["服务区"],
    "biz_metrics": "营收",
}


def openai_llm(base_url: str) -> OpenAILLM:
    """Short timeouts and back-off: retries are real but quick."""
    client = ChatClient(
        base_url=base_url,
        model=MODEL,
        api_key=SecretStr(KEY),
        timeout_seconds=0.5,
        backoff_seconds=0.01,
    )
    return OpenAILLM(client)


def sample_theme() -> Theme:
    return Theme("日营业分析", "分析", ("bss_business_day_data",), ("服务区",), ("营收",))
