"""What introspection learns about a business table: its columns, keys, enum types, samples."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ForeignKey:
    schema: str
    table: str
    column: str

    @property
    def target(self) -> str:
        """`table.column`, the table qualified only outside the public schema."""
        table = self.table if self.schema == "public" else f"{self.schema}.{self.table}"
        return f"{table}.{self.column}"


@dataclass(frozen=True)
class BusinessKey:
    """A join without a foreign key, found by value overlap (see ddl_generation.business_keys)."""

    column: str
    target: ForeignKey
    overlap: float  # share of the column's distinct values found in the target


@dataclass(frozen=True)
class EnumType:
    """A PostgreSQL enum type a column uses, so the DDL can create it first."""

    schema: str
    name: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str  # format_type() output, e.g. "character varying(32)"
    type_name: str  # pg_type.typname, e.g. "varchar", "int4", "uuid"
    type_category: str  # pg_type.typcategory: S string, N numeric, D datetime, E enum ...
    not_null: bool = False
    default: str | None = None  # pg_get_expr() of the default, verbatim
    generated: bool = False  # a stored generated column: `default` holds its expression
    identity: str = ""  # pg_attribute.attidentity: 'a' always, 'd' by default, '' none
    type_oid: int = 0
    enum_type: EnumType | None = None
    comment: str | None = None
    primary_key: bool = False
    foreign_key: ForeignKey | None = None
    enum_values: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()  # distinct non-null sample values, at most 3


@dataclass(frozen=True)
class TableInfo:
    schema: str
    name: str
    kind: str  # pg_class.relkind
    comment: str | None = None
    estimated_rows: int = 0  # pg_class.reltuples; 0 when never analyzed
    columns: tuple[ColumnInfo, ...] = ()
    primary_key: tuple[str, ...] = ()
    samples: tuple[dict[str, object], ...] = field(default=(), repr=False)
    constraints: tuple[str, ...] = ()  # UNIQUE and CHECK, as pg_get_constraintdef() writes them
    business_keys: tuple[BusinessKey, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def display_name(self) -> str:
        """The name used in documents: bare in public, schema-qualified elsewhere."""
        return self.name if self.schema == "public" else self.qualified
