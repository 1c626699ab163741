"""Pairs per theme without repeats across themes: theme k draws after themes 0..k-1 of the
same builtin theme list have drawn theirs, then from the whole schema's fact pool."""

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from services.executor.llm.base import QAPair, SchemaDocs, Theme
from services.executor.llm.builtin.pairs import Generator, fact_generators, theme_generators
from services.executor.llm.builtin.schema import Schema, analyse
from services.executor.llm.builtin.themes import extract_themes
from services.executor.pair_stats.summary import normal_question, normal_sql

# Variants tried per template; templates cycle their columns by this index.
MAX_VARIANTS = 12
MAX_THEMES = 50  # the task parameter's upper bound
CACHED_RUNS = 4


@dataclass
class _Run:
    """Draws so far for one (docs, count): themes in order and every key already taken."""

    schema: Schema
    themes: list[Theme]
    drawn: list[list[QAPair]] = field(default_factory=list)
    questions: set[str] = field(default_factory=set)
    sqls: set[str] = field(default_factory=set)

    @cached_property
    def pool(self) -> list[Generator]:
        """Built once per run (pure functions of the schema), not once per theme."""
        return [g for t in self.schema.facts() for _, g in fact_generators(self.schema, [t])]

    def draw(self, theme: Theme, count: int) -> list[QAPair]:
        pairs: list[QAPair] = []
        for generators in (theme_generators(self.schema, theme), self.pool):
            for i in range(MAX_VARIANTS):
                for generate in generators:
                    if len(pairs) >= count:
                        return pairs
                    if (pair := generate(i)) and self._take(pair):
                        pairs.append(pair)
        return pairs

    def _take(self, pair: QAPair) -> bool:
        question, sql = normal_question(pair.question), normal_sql(pair.sql)
        if question in self.questions or sql in self.sqls:
            return False
        self.questions.add(question)
        self.sqls.add(sql)
        return True


_RUNS: OrderedDict[tuple[object, ...], _Run] = OrderedDict()


def _run(docs: SchemaDocs, count: int) -> _Run:
    """Keyed by what the templates read: a step may pass each theme other markdown."""
    tables = tuple((t.name, t.comment, t.columns) for t in docs.tables)
    key = (docs.business_context, docs.db_name, tables, count)
    if key not in _RUNS:
        _RUNS[key] = _Run(analyse(docs), extract_themes(docs, MAX_THEMES))
        while len(_RUNS) > CACHED_RUNS:
            _RUNS.popitem(last=False)
    _RUNS.move_to_end(key)
    return _RUNS[key]


def _same(a: Theme, b: Theme) -> bool:
    return (a.topic_name, a.related_tables) == (b.topic_name, b.related_tables)


def generate_pairs(docs: SchemaDocs, theme: Theme, count: int) -> list[QAPair]:
    """Up to `count` pairs no earlier builtin theme has; a foreign theme only avoids itself."""
    run = _run(docs, count)
    index = next((k for k, t in enumerate(run.themes) if _same(t, theme)), None)
    if index is None:
        return _Run(run.schema, [theme]).draw(theme, count)
    while len(run.drawn) <= index:
        run.drawn.append(run.draw(run.themes[len(run.drawn)], count))
    return list(run.drawn[index])
