"""Department suggestion for the responsibility table (分工方案).

In: one task sentence, optionally its context (section title plus lead phrase), and the
departments of the government as ``DepartmentProfile`` (name, aliases, keywords), usually
``seed_departments()`` read from ``duban/data/departments.toml``.
Out: a ``Suggestion`` with exactly one lead unit (牵头单位), zero or more supporting units
(配合单位) and, for each of them, a plain Chinese reason naming the words that matched.

Scoring: a department named in the sentence (its name or an alias) is strongest; then each
distinct keyword, longer keywords weighing more; hits only in the context count at a fraction.
All words and weights come from the data file; this module holds no word list.
Ties go to the department listed first, so the same input always gives the same answer.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

DATA_FILE = "departments.toml"


class DepartmentDataError(ValueError):
    """The departments data file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class DepartmentProfile:
    name: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    lead: str  # exactly one department name
    supports: tuple[str, ...]  # zero or more, never containing lead, ordered by score
    reasons: dict[str, str]  # department name -> plain Chinese reason


@dataclass(frozen=True)
class Scoring:
    named: float
    keyword_base: float
    keyword_per_extra_char: float
    keyword_max: float
    context_factor: float
    context_max: float
    support_ratio: float
    support_min_score: float
    max_supports: int
    supports_need_text_hit: bool

    def keyword_weight(self, word: str) -> float:
        extra = max(len(word) - 2, 0)
        return min(self.keyword_base + self.keyword_per_extra_char * extra, self.keyword_max)


@dataclass(frozen=True)
class ReasonWords:
    named: str
    keyword: str
    context: str
    fallback: str
    part_separator: str
    word_separator: str


@dataclass(frozen=True)
class SeedData:
    departments: tuple[DepartmentProfile, ...]
    fallback_lead: str
    shadow_words: tuple[str, ...]  # phrases that hide the keywords inside them
    scoring: Scoring
    reasons: ReasonWords


# --------------------------------------------------------------------------- loading


def load_seed(path: str | Path | None = None) -> SeedData:
    """Read and validate a departments file; ``None`` reads the one shipped in ``duban/data``."""
    if path is None:
        source = resources.files("duban") / "data" / DATA_FILE
        origin = f"data/{DATA_FILE}"
    else:
        source = Path(path)
        origin = str(path)
    try:
        doc = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise DepartmentDataError(f"{origin}: {err}") from err
    return parse_seed(doc, origin)


@cache
def _default_seed() -> SeedData:
    return load_seed()


def seed_departments(path: str | Path | None = None) -> list[DepartmentProfile]:
    """The seed list of departments, in the file's order (which breaks ties)."""
    seed = _default_seed() if path is None else load_seed(path)
    return list(seed.departments)


def fallback_lead(path: str | Path | None = None) -> str:
    """The lead for a task that matches no department."""
    seed = _default_seed() if path is None else load_seed(path)
    return seed.fallback_lead


def parse_seed(doc: Mapping[str, Any], origin: str = DATA_FILE) -> SeedData:
    """Validate a parsed departments document; raise ``DepartmentDataError`` naming what is wrong."""
    raw = doc.get("department")
    if not isinstance(raw, list) or not raw:
        raise DepartmentDataError(f"{origin}: [[department]] is missing or empty")
    departments = tuple(_department(entry, f"{origin}: department #{i + 1}") for i, entry in enumerate(raw))
    _check_unique(departments, origin)
    lead = doc.get("fallback_lead")
    names = [d.name for d in departments]
    if lead not in names:
        raise DepartmentDataError(f"{origin}: fallback_lead {lead!r} is not one of the department names")
    shadow_words = _word_list(doc, "shadow_words", origin)
    _check_shadows(shadow_words, departments, origin)
    return SeedData(
        departments=departments,
        fallback_lead=lead,
        shadow_words=shadow_words,
        scoring=_scoring(_table(doc, "scoring", origin), f"{origin}: [scoring]"),
        reasons=ReasonWords(**_strings_table(_table(doc, "reasons", origin), ReasonWords, origin)),
    )


def _table(doc: Mapping[str, Any], key: str, origin: str) -> Mapping[str, Any]:
    value = doc.get(key)
    if not isinstance(value, Mapping):
        raise DepartmentDataError(f"{origin}: [{key}] table is missing")
    return value


def _word_list(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise DepartmentDataError(f"{where}: {key} must be a list of non-empty strings")
    # Keep the file's order (reasons list words as found) but drop repeats.
    return tuple(dict.fromkeys(w.strip() for w in value))


def _department(entry: Any, where: str) -> DepartmentProfile:
    if not isinstance(entry, Mapping):
        raise DepartmentDataError(f"{where}: must be a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DepartmentDataError(f"{where}: name must be a non-empty string")
    where = f"{where} ({name})"
    keywords = _word_list(entry, "keywords", where)
    if not keywords:
        raise DepartmentDataError(f"{where}: keywords must not be empty")
    return DepartmentProfile(
        name=name.strip(), aliases=_word_list(entry, "aliases", where), keywords=keywords
    )


def _check_unique(departments: Sequence[DepartmentProfile], origin: str) -> None:
    """Names and aliases must each point at one department, or a mention could not pick a lead."""
    names = [d.name for d in departments]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DepartmentDataError(f"{origin}: department names appear more than once: {twice}")
    owner: dict[str, str] = {}
    for dep in departments:
        for term in dict.fromkeys((dep.name, *dep.aliases)):
            if term in owner:
                raise DepartmentDataError(f"{origin}: {term!r} names both {owner[term]!r} and {dep.name!r}")
            owner[term] = dep.name


def _check_shadows(shadows: Sequence[str], departments: Sequence[DepartmentProfile], origin: str) -> None:
    """A shadow word that is also a department's term would silently take that term away."""
    terms = {t for d in departments for t in (d.name, *d.aliases, *d.keywords)}
    clash = [w for w in shadows if w in terms]
    if clash:
        raise DepartmentDataError(f"{origin}: shadow_words are also department terms: {clash}")


def _scoring(table: Mapping[str, Any], where: str) -> Scoring:
    values: dict[str, Any] = {}
    for key, kind in Scoring.__annotations__.items():
        value = table.get(key)
        if kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        else:
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        if not ok:
            raise DepartmentDataError(f"{where}: {key} must be a non-negative {kind}, got {value!r}")
        values[key] = value
    if values["named"] <= 0 or values["keyword_base"] <= 0:
        raise DepartmentDataError(f"{where}: named and keyword_base must be positive")
    if not 0 < values["support_ratio"] <= 1:
        raise DepartmentDataError(f"{where}: support_ratio must be in (0, 1]")
    return Scoring(**values)


def _strings_table(table: Mapping[str, Any], kind: type, origin: str) -> dict[str, str]:
    values = {}
    for key in kind.__annotations__:
        value = table.get(key)
        if not isinstance(value, str) or not value:
            raise DepartmentDataError(f"{origin}: [reasons] {key} must be a non-empty string")
        values[key] = value
    return values


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Index:
    """Every name, alias and keyword of a department list, keyed for a left-to-right scan."""

    # term -> (position of the department in the list, True when the term names it)
    owners: dict[str, tuple[tuple[int, bool], ...]]
    # first character -> lengths of the terms starting with it, longest first
    lengths: dict[str, tuple[int, ...]]
    names: tuple[str, ...]


@lru_cache(maxsize=16)
def _index(departments: tuple[DepartmentProfile, ...], shadows: tuple[str, ...]) -> _Index:
    if not departments:
        raise ValueError("suggest needs at least one department")
    names = tuple(d.name for d in departments)
    if len(set(names)) != len(names):
        raise ValueError(f"department names must be unique: {names}")
    owners: dict[str, dict[int, bool]] = {w: {} for w in shadows}  # shadows: matched, owned by none
    for pos, dep in enumerate(departments):
        for term in dep.keywords:
            owners.setdefault(term, {}).setdefault(pos, False)
        for term in (dep.name, *dep.aliases):
            owners.setdefault(term, {})[pos] = True  # a naming beats the same word as a keyword
    lengths: dict[str, set[int]] = {}
    for term in owners:
        lengths.setdefault(term[0], set()).add(len(term))
    return _Index(
        owners={t: tuple(sorted(o.items())) for t, o in owners.items()},
        lengths={c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()},
        names=names,
    )


def _terms(text: str, index: _Index) -> list[str]:
    """Maximal matched terms in reading order: a match inside a longer match does not count.

    A dictionary probe per start position and term length; with about a thousand terms this
    is some ten times faster than one alternation regex scanned with overlapped matches.
    """
    found: list[str] = []
    reach = 0  # end of the last match taken
    for start, char in enumerate(text):
        for length in index.lengths.get(char, ()):
            if start + length <= reach:
                break  # this and every shorter term here lie inside the last match
            term = text[start : start + length]
            if term in index.owners:
                found.append(term)
                reach = start + length
                break
    return found


@dataclass
class _Evidence:
    named: list[str] = field(default_factory=list)  # names and aliases found in the sentence
    words: list[str] = field(default_factory=list)  # keywords found in the sentence
    context: list[str] = field(default_factory=list)  # terms found only in the context
    text_score: float = 0.0
    context_score: float = 0.0

    def score(self, scoring: Scoring) -> float:
        return self.text_score + min(self.context_score, scoring.context_max)


def _gather(text: str, context: str, index: _Index, scoring: Scoring) -> dict[int, _Evidence]:
    evidence: dict[int, _Evidence] = {}
    for term in _terms(text, index):
        for pos, is_name in index.owners[term]:
            ev = evidence.setdefault(pos, _Evidence())
            if is_name:
                # One naming is enough; a second alias of the same unit adds nothing.
                ev.text_score += 0.0 if ev.named else scoring.named
                _add(ev.named, term)
            elif _add(ev.words, term):
                ev.text_score += scoring.keyword_weight(term)
    for term in _terms(context, index):
        for pos, is_name in index.owners[term]:
            ev = evidence.setdefault(pos, _Evidence())
            if term in ev.named or term in ev.words or not _add(ev.context, term):
                continue  # already counted at full weight from the sentence
            weight = scoring.named if is_name else scoring.keyword_weight(term)
            ev.context_score += scoring.context_factor * weight
    return evidence


def _add(bucket: list[str], term: str) -> bool:
    """Record a hit once: distinct words count, a word said twice is not twice the evidence."""
    if term in bucket:
        return False
    bucket.append(term)
    return True


# --------------------------------------------------------------------------- choosing


def suggest(
    text: str,
    departments: Sequence[DepartmentProfile],
    *,
    context: str = "",
    fallback: str | None = None,
) -> Suggestion:
    """Suggest one lead and the supporting units for a task sentence.

    ``fallback`` (a department name) is the lead when nothing matches; by default the data
    file's ``fallback_lead`` if it is among ``departments``, else the first department.
    Scoring weights, shadow words and reason labels always come from the shipped data file,
    also when ``departments`` is a government's own edited list.
    Raises ``ValueError`` for an empty or duplicated department list or an unknown fallback.
    """
    seed = _default_seed()
    index = _index(tuple(departments), seed.shadow_words)
    default_lead = _fallback_name(index.names, fallback, seed.fallback_lead)
    evidence = _gather(text, context, index, seed.scoring)
    # Rounded so that the order of additions cannot split a tie; ties keep the list order.
    scores = {pos: round(ev.score(seed.scoring), 6) for pos, ev in evidence.items()}
    scored = sorted((-score, pos) for pos, score in scores.items() if score > 0)
    if not scored:
        return Suggestion(lead=default_lead, supports=(), reasons={default_lead: seed.reasons.fallback})
    lead_pos = scored[0][1]
    support_pos = _supports(scored[1:], -scored[0][0], evidence, seed.scoring)
    chosen = (lead_pos, *support_pos)
    return Suggestion(
        lead=index.names[lead_pos],
        supports=tuple(index.names[p] for p in support_pos),
        reasons={index.names[p]: _reason(evidence[p], seed.reasons) for p in chosen},
    )


def _supports(
    rest: list[tuple[float, int]], lead_score: float, evidence: dict[int, _Evidence], scoring: Scoring
) -> list[int]:
    floor = max(scoring.support_ratio * lead_score, scoring.support_min_score)
    picked = []
    for neg_score, pos in rest:  # already ordered by score, then by list position
        if len(picked) >= scoring.max_supports or -neg_score < floor:
            break
        ev = evidence[pos]
        if scoring.supports_need_text_hit and not (ev.named or ev.words):
            continue
        picked.append(pos)
    return picked


def _fallback_name(names: Sequence[str], fallback: str | None, data_lead: str) -> str:
    if fallback is not None:
        if fallback not in names:
            raise ValueError(f"fallback {fallback!r} is not one of the departments")
        return fallback
    return data_lead if data_lead in names else names[0]


def _reason(ev: _Evidence, words: ReasonWords) -> str:
    parts = [
        f"{label}：{words.word_separator.join(hits)}"
        for label, hits in ((words.named, ev.named), (words.keyword, ev.words), (words.context, ev.context))
        if hits
    ]
    return words.part_separator.join(parts)


def task_context(task: Mapping[str, Any], outline: Sequence[Mapping[str, Any]]) -> str:
    """Section title plus lead phrase of an extracted task, the ``context`` for ``suggest``."""
    return context_of(_section_title(outline, str(task.get("section", ""))), str(task.get("heading") or ""))


def context_of(section_title: str, lead_phrase: str) -> str:
    """The weaker evidence beside a task's sentence: its section title and its lead phrase."""
    return section_title if lead_phrase in ("", section_title) else f"{section_title} {lead_phrase}".strip()


def _section_title(nodes: Sequence[Mapping[str, Any]], section_id: str) -> str:
    for node in nodes:
        if node.get("id") == section_id:
            return str(node.get("title") or "")
        found = _section_title(node.get("children") or (), section_id)
        if found:
            return found
    return ""
