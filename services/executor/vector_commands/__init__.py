"""Vector store commands (queue executor.vector): one handler per command."""

from services.executor.handlers import Handler
from services.executor.vector_commands.backup import backup_vectors
from services.executor.vector_commands.cleanup import combine_training, remove_task_training
from services.executor.vector_commands.curation import (
    create_training,
    delete_training,
    update_training,
    upload_training,
)
from services.executor.vector_commands.reads import query_training, search_training, training_stats
from services.executor.vector_commands.restore import restore_vectors
from shared import messages as m

# Reads answered over reply_to: the edge keeps no command row for them.
UNRECORDED: frozenset[type[m.CommandBase]] = frozenset(
    {m.TrainingStats, m.QueryTraining, m.SearchTraining}
)
VECTOR_HANDLERS: dict[type[m.CommandBase], Handler] = {
    m.BackupVectors: backup_vectors,
    m.RestoreVectors: restore_vectors,
    m.TrainingStats: training_stats,
    m.QueryTraining: query_training,
    m.SearchTraining: search_training,
    m.CreateTraining: create_training,
    m.UpdateTraining: update_training,
    m.DeleteTraining: delete_training,
    m.UploadTraining: upload_training,
    m.CombineTraining: combine_training,
    m.RemoveTaskTraining: remove_task_training,
}
