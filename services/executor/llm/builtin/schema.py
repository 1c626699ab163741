"""The builtin provider's view of a schema: table roles, links and language, computed once."""

from dataclasses import dataclass

from services.executor.llm.base import SchemaDocs, TableDoc
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.language import entity_label, is_chinese, table_label
from services.executor.llm.builtin.links import Link, links_of, parents_of
from services.executor.llm.references import find_table


@dataclass(frozen=True)
class Schema:
    docs: SchemaDocs
    zh: bool
    links: tuple[Link, ...]

    def table(self, name: str) -> TableDoc | None:
        return find_table(self.docs.tables, name)

    def parents(self, table: TableDoc) -> list[Link]:
        return parents_of(list(self.links), table)

    def entity(self, table: TableDoc) -> str:
        """What one row is; a table naming the same entity as a table it points at (a mapper)
        is called by its own label, so no question reads 每个服务区下有多少个服务区."""
        own = entity_label(table, self.docs, self.zh)
        if any(entity_label(lk.parent, self.docs, self.zh) == own for lk in self.parents(table)):
            label = table_label(table, self.docs, self.zh)
            return label if label != own else table.comment.removesuffix("表") or table.name
        return own

    def is_fact(self, table: TableDoc) -> bool:
        """Rows of measured events: numeric measures and a business date."""
        return bool(cols.measures(table.columns) and cols.dates(table.columns))

    def is_bridge(self, table: TableDoc) -> bool:
        """A many-to-many link table: two or more parents and nothing of its own to report."""
        own = cols.measures(table.columns) or cols.dimensions(table.columns)
        return len(self.parents(table)) >= 2 and not own

    def facts(self) -> list[TableDoc]:
        return [t for t in self.docs.tables if self.is_fact(t)]

    def bridges(self) -> list[TableDoc]:
        return [t for t in self.docs.tables if self.is_bridge(t)]

    def masters(self) -> list[TableDoc]:
        """Dimension (master-data) tables: neither facts nor bridges."""
        return [t for t in self.docs.tables if not self.is_fact(t) and not self.is_bridge(t)]

    def paths_from(self, table: TableDoc, depth: int = 2) -> list[tuple[Link, ...]]:
        """Many-to-one join paths starting at `table`, longest first, no table visited twice."""
        paths: list[tuple[Link, ...]] = []
        frontier: list[tuple[Link, ...]] = [(link,) for link in self.parents(table)]
        while frontier:
            path = frontier.pop(0)
            paths.append(path)
            seen = {table.name, *(link.parent.name for link in path)}
            if len(path) < depth:
                nxt = [
                    link for link in self.parents(path[-1].parent) if link.parent.name not in seen
                ]
                frontier.extend((*path, link) for link in nxt)
        return sorted(paths, key=lambda p: -len(p))


def analyse(docs: SchemaDocs) -> Schema:
    return Schema(docs=docs, zh=is_chinese(docs), links=tuple(links_of(docs.tables)))
