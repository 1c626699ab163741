"""What the step tells the runner: counts, failures, and the parsing findings."""

from dataclasses import dataclass, field
from typing import Any

from services.executor.steps.ddl_generation.files import table_files
from services.executor.steps.ddl_generation.process import Documents
from shared.table_list import ParsedTableList, TableName


@dataclass
class DdlReport:
    base_names: dict[TableName, str]
    written: dict[TableName, str] = field(default_factory=dict)  # table -> base name
    failures: list[dict[str, str]] = field(default_factory=list)
    fields: int = 0
    enums: int = 0

    def succeeded(self, name: TableName, documents: Documents) -> None:
        self.written[name] = self.base_names[name]
        self.fields += len(documents.table.columns)
        self.enums += documents.enum_count

    def failed(self, name: TableName, error: str) -> None:
        self.failures.append({"table": name.qualified, "error": error})

    def files(self, name: TableName) -> tuple[str, str]:
        return table_files(self.base_names[name])

    def result(self, parsed: ParsedTableList, duration: float) -> dict[str, Any]:
        return {
            "total_tables": len(parsed.tables),
            "processed_successfully": len(self.written),
            "failed": len(self.failures),
            "failed_tables": self.failures,
            "skipped_system_tables": len(parsed.system),
            "invalid_names": parsed.invalid,
            "duplicate_names": parsed.duplicates,
            "files_generated": 2 * len(self.written),
            "fields_processed": self.fields,
            "enum_fields_detected": self.enums,
            "duration": round(duration, 3),
        }
