"""Vector store commands (queue executor.vector): one handler per command."""

from services.executor.handlers import Handler
from services.executor.vector_commands.backup import backup_vectors
from services.executor.vector_commands.restore import restore_vectors
from shared.messages import BackupVectors, CommandBase, RestoreVectors

VECTOR_HANDLERS: dict[type[CommandBase], Handler] = {
    BackupVectors: backup_vectors,
    RestoreVectors: restore_vectors,
}
