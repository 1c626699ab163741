"""Weighted features of a text for the hashing embedder: Chinese bigrams/chars, words."""

import re

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")

# Bigrams carry most of the meaning in Chinese; single characters only help recall.
BIGRAM_WEIGHT = 1.0
CHAR_WEIGHT = 0.35
SKIP_BIGRAM_WEIGHT = 0.5
WORD_WEIGHT = 1.0
WORD_PART_WEIGHT = 0.5
# Longer alphanumeric runs are ids and hashes from sample values: noise for retrieval.
MAX_WORD_LENGTH = 24

STOP_CHARS = frozenset("的了是在和与及或为等其各个每中有把被对从由将也都就这那之以于所")
# Words every schema document repeats (audit columns, layout labels): they say nothing
# about which table a question is about.
_STOP_BIGRAM_TEXT = """
    主键 创建 更新 删除 时间 版本 数据 示例 字段 非空 唯一 标识 列表 补充 说明 取值 包含
    枚举 外键 关联 记录 表示 用于 中文 描述 多少 哪些 什么 如何 查询"""
STOP_BIGRAMS = frozenset(_STOP_BIGRAM_TEXT.split())
_STOP_WORD_TEXT = """
    a an and as at by for from in is of on or the to with select where group order by
    create table not null default primary key varchar integer int bigint numeric timestamp
    date text char boolean serial id ts version created updated deleted create update
    delete"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())


def _cjk_features(run: str) -> list[tuple[str, float]]:
    chars = [(c, CHAR_WEIGHT) for c in run if c not in STOP_CHARS]
    bigrams = [(run[i : i + 2], BIGRAM_WEIGHT) for i in range(len(run) - 1)]
    # Skip-bigrams match abbreviations: 车辆流量 yields 车流, as in 车流量.
    skips = [(run[i] + run[i + 2], SKIP_BIGRAM_WEIGHT) for i in range(len(run) - 2)]
    return chars + [(p, w) for p, w in bigrams + skips if _meaningful(p)]


def _meaningful(pair: str) -> bool:
    return pair not in STOP_BIGRAMS and not any(c in STOP_CHARS for c in pair)


def _word_features(word: str) -> list[tuple[str, float]]:
    if word in STOP_WORDS or len(word) > MAX_WORD_LENGTH or word.isdigit():
        return []
    parts = [p for p in word.split("_") if p and p not in STOP_WORDS and not p.isdigit()]
    extra = [(f"w:{p}", WORD_PART_WEIGHT) for p in parts] if len(parts) > 1 else []
    return [(f"w:{word}", WORD_WEIGHT), *extra]


def features(text: str) -> dict[str, float]:
    """Feature -> weight. Presence, not frequency: a table name repeated on every line of its
    own document must not outweigh the one phrase a question is about."""
    lowered = text.lower()
    raw: list[tuple[str, float]] = []
    for run in _CJK_RUN.findall(lowered):
        raw.extend(_cjk_features(run))
    for word in _WORD.findall(lowered):
        raw.extend(_word_features(word))
    weights: dict[str, float] = {}
    for name, weight in raw:  # a pair seen both adjacent and skipped keeps its best weight
        weights[name] = max(weight, weights.get(name, 0.0))
    return weights
