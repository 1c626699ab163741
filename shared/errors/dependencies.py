"""A dependency failed or is unreachable: the LLM, embeddings, databases, the broker."""

from shared.errors.base import DomainError


class LLMError(DomainError):
    """The LLM endpoint failed or answered something that is not the requested JSON."""

    error_code = "LLM_ERROR"
    default_message = "大模型调用失败"


class EmbeddingError(DomainError):
    """The embedding endpoint failed, or answered vectors of the wrong count or dimension."""

    error_code = "EMBEDDING_ERROR"
    default_message = "向量嵌入调用失败"


class VectorStoreError(DomainError):
    """The vector database cannot be used (no pgvector, cannot connect, backup failed)."""

    error_code = "VECTOR_STORE_ERROR"
    default_message = "向量数据库不可用"


class BusinessDbUnavailable(DomainError):
    error_code = "BUSINESS_DB_UNAVAILABLE"
    default_message = "无法连接业务数据库"


class ServiceTimeout(DomainError):
    """The executor did not answer an RPC read in time (or is not running)."""

    error_code = "SERVICE_TIMEOUT"
    default_message = "服务未在限定时间内响应"


class BrokerUnavailable(DomainError):
    """A read that needs the executor could not be sent: RabbitMQ is unreachable."""

    error_code = "BROKER_UNAVAILABLE"
    default_message = "消息服务不可用"


class ServiceUnavailable(DomainError):
    """A dependency (the database) is down: retry later."""

    error_code = "SERVICE_UNAVAILABLE"
    default_message = "服务暂时不可用,请稍后重试"
