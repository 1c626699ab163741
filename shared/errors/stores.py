"""Errors of the vector store and the console's tables and pairs."""

from shared.errors.base import DomainError


class VectorBusy(DomainError):
    """Another backup, restore, truncate or training_load holds the vector store's lock."""

    error_code = "VECTOR_BUSY"
    default_message = "向量库正在执行其他操作"


class BackupNotFound(DomainError):
    error_code = "BACKUP_NOT_FOUND"
    default_message = "备份文件不存在"


class RestoreConflict(DomainError):
    """Rows of the backup already exist in the store and on_conflict is "fail"."""

    error_code = "RESTORE_CONFLICT"
    default_message = "备份中的记录已存在于向量库"


class RestoreFailed(DomainError):
    """The restore was rolled back: the backup does not fit the store (format, FK, counts)."""

    error_code = "RESTORE_FAILED"
    default_message = "恢复失败，已回滚"


class TrainingDataNotFound(DomainError):
    error_code = "TRAINING_DATA_NOT_FOUND"
    default_message = "训练数据不存在"


class TableNotFound(DomainError):
    error_code = "TABLE_NOT_FOUND"
    default_message = "表不存在"


class PairNotFound(DomainError):
    error_code = "PAIR_NOT_FOUND"
    default_message = "问答对不存在"


class PairConflict(DomainError):
    error_code = "PAIR_CONFLICT"
    default_message = "问答对文件已被修改，请刷新后重试"
