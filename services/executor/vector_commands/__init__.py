"""Vector store commands (queue executor.vector): one handler per command."""

from services.executor.handlers import Handler
from services.executor.vector_commands.backup import backup_vectors
from shared.messages import BackupVectors, CommandBase

VECTOR_HANDLERS: dict[type[CommandBase], Handler] = {
    BackupVectors: backup_vectors,
}
