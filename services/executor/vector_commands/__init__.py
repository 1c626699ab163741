"""Vector store commands (queue executor.vector): one handler per command."""

from services.executor.handlers import Handler
from services.executor.vector_commands.backup import backup_vectors
from services.executor.vector_commands.reads import query_training, search_training, training_stats
from services.executor.vector_commands.restore import restore_vectors
from shared.messages import (
    BackupVectors,
    CommandBase,
    QueryTraining,
    RestoreVectors,
    SearchTraining,
    TrainingStats,
)

VECTOR_HANDLERS: dict[type[CommandBase], Handler] = {
    BackupVectors: backup_vectors,
    RestoreVectors: restore_vectors,
    TrainingStats: training_stats,
    QueryTraining: query_training,
    SearchTraining: search_training,
}
