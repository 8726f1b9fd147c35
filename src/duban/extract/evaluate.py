"""Score an extraction against hand-checked gold answers: ``duban eval``.

The rules are those of ``shared/gold/README.md``:

- A predicted quantity matches a gold one when their ``raw_span``s overlap; matching is one to one,
  the pair with the largest overlap first (ties: the earlier gold quantity, then the earlier
  prediction).
- Detection precision/recall/F1 count matched pairs; strict precision/recall/F1 count the matched
  pairs whose ``value`` and ``unit`` are also right.
- Field accuracy is scored over matched pairs. Values are numbers equal within a relative
  tolerance of ``REL_TOL`` (``None`` equals only ``None``). ``metric`` is scored leniently: the names
  are equal, or one contains the other, or more than half of the gold name's characters occur in
  the predicted name. Characters are counted **with multiplicity** (a multiset intersection), so a
  character repeated in the gold name counts twice only if it appears twice in the prediction.
- A gold headline indicator is found when a predicted indicator (one to one) has the same
  ``metric``, ``kind``, ``year`` and ``value``. Only indicators under a dictionary name count
  (the canonical names of ``data/indicators.toml``, those of the contract); a predicted one under
  such a name that finds no gold indicator is *wrong*.
- Tasks (a ``.tasks.json`` of the format in ``shared/gold/tasks``: every plan-part sentence labelled
  ``task``, ``not_task`` or ``ambiguous``): a predicted task whose ``raw_span`` overlaps only
  ``not_task`` items, or none, is false (precision counts the others); a gold ``task`` is recalled
  when one predicted task covers more than half of its characters.

Several gold files are one report annotated in parts: their quantities are concatenated. A gold
file is told by its name and content: ``.jsonl`` quantities, ``*.indicators.json`` (or a JSON
object with ``indicators``) headline indicators, ``*.tasks.json`` (or one with ``items``) tasks.
Bad input files raise ``GoldError`` with one line that names the file and the line.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

FIELDS = ("comparator", "kind", "year", "growth", "unit", "value", "metric")
REL_TOL = 1e-9  # relative tolerance of numeric equality
CONTEXT_CHARS = 20  # characters of context either side of a spurious prediction


class GoldError(Exception):
    """A gold, prediction or indicator file that cannot be scored; ``str(err)`` is one line."""


@dataclass(frozen=True)
class Scores:
    matched: int
    predicted: int
    gold: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, matched: int, predicted: int, gold: int) -> Scores:
        """Nothing predicted against nothing expected is a perfect score; an empty denominator else 0."""
        if predicted == 0 and gold == 0:
            return cls(matched, predicted, gold, 1.0, 1.0, 1.0)
        precision = matched / predicted if predicted else 0.0
        recall = matched / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(matched, predicted, gold, precision, recall, f1)


@dataclass(frozen=True)
class FieldScore:
    correct: int
    total: int
    accuracy: float | None  # None when no pair was matched


@dataclass(frozen=True)
class Item:
    """A gold quantity no prediction matched, or a prediction no gold quantity backs."""

    id: str | None
    span: tuple[int, int]
    text: str
    context: str


@dataclass(frozen=True)
class FieldError:
    """One wrong field of a matched pair."""

    field: str
    gold_id: str | None
    predicted_id: str | None
    span: tuple[int, int]  # the gold span
    text: str  # the gold text
    gold: Any
    predicted: Any


@dataclass(frozen=True)
class IndicatorScore:
    found: int
    total: int
    predicted: int
    missing: list[dict]
    wrong: list[dict] = field(default_factory=list)  # predicted under a dictionary name, no gold behind

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0


@dataclass(frozen=True)
class TaskScore:
    predicted: int
    false: int  # predicted tasks that overlap only not_task items, or nothing
    gold: int
    recalled: int
    false_tasks: list[dict]
    missed: list[dict]

    @property
    def precision(self) -> float:
        return (self.predicted - self.false) / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 1.0


@dataclass(frozen=True)
class EvalResult:
    detection: Scores | None
    strict: Scores | None
    fields: dict[str, FieldScore]
    indicators: IndicatorScore | None
    missed: list[Item]
    spurious: list[Item]
    field_errors: list[FieldError]
    prediction: str = ""
    gold_files: list[str] = field(default_factory=list)
    indicators_file: str | None = None
    tasks: TaskScore | None = None
    tasks_file: str | None = None


# --- comparing ---------------------------------------------------------------------------------


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def values_equal(gold: Any, predicted: Any) -> bool:
    """Numbers equal within ``REL_TOL``; ``None`` equals only ``None``; anything else by ``==``."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if _is_number(gold) and _is_number(predicted):
        return math.isclose(gold, predicted, rel_tol=REL_TOL, abs_tol=1e-12)
    return _same(gold, predicted)


def _same(gold: Any, predicted: Any) -> bool:
    """``==`` except that a bool equals only a bool (``True == 1`` is not a right answer)."""
    if isinstance(gold, bool) or isinstance(predicted, bool):
        return isinstance(gold, bool) and isinstance(predicted, bool) and gold == predicted
    return gold == predicted


def metric_matches(gold: str | None, predicted: str | None) -> bool:
    """Equal, or one name contains the other, or more than half of the gold name's characters
    (counted with multiplicity) occur in the predicted name."""
    if gold == predicted:
        return True
    if not gold or not predicted:
        return False
    gold, predicted = str(gold).strip(), str(predicted).strip()
    if not gold or not predicted:
        return False
    if gold in predicted or predicted in gold:
        return True
    shared = sum((Counter(gold) & Counter(predicted)).values())
    return shared * 2 > len(gold)


def field_matches(name: str, gold: Any, predicted: Any) -> bool:
    if name == "metric":
        return metric_matches(gold, predicted)
    if name == "value":
        return values_equal(gold, predicted)
    return _same(gold, predicted)


def match_spans(predicted: Sequence[Sequence[int]], gold: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """One-to-one ``(predicted index, gold index)`` pairs of overlapping ``[start, end)`` spans,
    largest overlap first (ties: earlier gold, then earlier prediction); sorted by gold index."""
    order = sorted(range(len(predicted)), key=lambda i: predicted[i][0])
    starts = [predicted[i][0] for i in order]
    longest = max((end - start for start, end in predicted), default=0)
    candidates = []
    for g, (gs, ge) in enumerate(gold):
        # only predictions starting in (gs - longest, ge) can overlap [gs, ge)
        for p in order[bisect_right(starts, gs - longest) : bisect_left(starts, ge)]:
            ps, pe = predicted[p]
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                candidates.append((-overlap, g, p))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            pairs.append((p, g))
    return sorted(pairs, key=lambda pair: pair[1])


def indicator_matches(gold: dict, predicted: dict) -> bool:
    return (
        gold.get("metric") == predicted.get("metric")
        and _same(gold.get("kind"), predicted.get("kind"))
        and _same(gold.get("year"), predicted.get("year"))
        and values_equal(gold.get("value"), predicted.get("value"))
    )


# --- scoring -----------------------------------------------------------------------------------


def evaluate(
    prediction: dict,
    gold: Sequence[dict],
    gold_indicators: Sequence[dict] | None = None,
    *,
    text: str | None = None,
) -> EvalResult:
    """Score a contract dict against gold quantities (and, if given, gold indicators).

    ``text`` is the report text for the context of spurious predictions; by default the
    prediction's ``document.text``.
    """
    predicted = _quantities(prediction, "prediction")
    for i, quantity in enumerate(gold):
        _check_quantity(quantity, f"gold quantity {i}")
    if text is None:
        text = (prediction.get("document") or {}).get("text")

    pairs = match_spans([q["raw_span"] for q in predicted], [g["raw_span"] for g in gold])
    strict = 0
    correct: Counter[str] = Counter()
    errors = []
    for p, g in pairs:
        pq, gq = predicted[p], gold[g]
        if values_equal(gq.get("value"), pq.get("value")) and _same(gq.get("unit"), pq.get("unit")):
            strict += 1
        for name in FIELDS:
            if field_matches(name, gq.get(name), pq.get(name)):
                correct[name] += 1
            else:
                errors.append(
                    FieldError(
                        name,
                        gq.get("id"),
                        pq.get("id"),
                        _span(gq),
                        str(gq.get("text", "")),
                        gq.get(name),
                        pq.get(name),
                    )
                )

    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    missed = [
        Item(q.get("id"), _span(q), str(q.get("text", "")), str(q.get("sentence") or q.get("text", "")))
        for i, q in enumerate(gold)
        if i not in matched_g
    ]
    spurious = [
        Item(q.get("id"), _span(q), str(q.get("text", "")), _context(q, text))
        for i, q in enumerate(predicted)
        if i not in matched_p
    ]
    n = len(pairs)
    fields = {name: FieldScore(correct[name], n, correct[name] / n if n else None) for name in FIELDS}
    indicators = None
    if gold_indicators is not None:
        indicators = score_indicators(gold_indicators, prediction.get("indicators") or [])
    return EvalResult(
        detection=Scores.of(n, len(predicted), len(gold)),
        strict=Scores.of(strict, len(predicted), len(gold)),
        fields=fields,
        indicators=indicators,
        missed=missed,
        spurious=spurious,
        field_errors=errors,
    )


def score_indicators(
    gold: Sequence[dict], predicted: Sequence[dict], canonical: frozenset[str] | None = None
) -> IndicatorScore:
    """Each gold indicator is found by at most one predicted indicator and vice versa; only those
    under a dictionary name (``canonical``, by default the lexicon's) are scored."""
    names = canonical if canonical is not None else canonical_names()
    gold = [g for g in gold if g.get("metric") in names]
    count = len(predicted)
    predicted = [p for p in predicted if p.get("metric") in names]
    used: set[int] = set()
    missing = []
    for g in gold:
        hit = next((i for i, p in enumerate(predicted) if i not in used and indicator_matches(g, p)), None)
        if hit is None:
            missing.append(g)
        else:
            used.add(hit)
    wrong = [p for i, p in enumerate(predicted) if i not in used]
    return IndicatorScore(len(gold) - len(missing), len(gold), count, missing, wrong)


def canonical_names() -> frozenset[str]:
    from duban.extract import lexicon

    return frozenset(ind.name for ind in lexicon.load().indicators)


def score_tasks(gold_items: Sequence[dict], predicted: Sequence[dict]) -> TaskScore:
    """The rules of ``shared/gold/README.md`` for tasks (see the module docstring)."""
    spans = [_span(t) for t in predicted]
    false = []
    for task, (a, b) in zip(predicted, spans, strict=True):
        labels = {item["label"] for item in gold_items if _overlap((a, b), _span(item)) > 0}
        if not labels - {"not_task"}:
            false.append(task)
    gold_tasks = [item for item in gold_items if item["label"] == "task"]
    missed = []
    for item in gold_tasks:
        span = _span(item)
        length = span[1] - span[0]
        if not any(_overlap(p, span) * 2 > length for p in spans):
            missed.append(item)
    return TaskScore(
        len(predicted), len(false), len(gold_tasks), len(gold_tasks) - len(missed), false, missed
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _span(quantity: dict) -> tuple[int, int]:
    start, end = quantity["raw_span"]
    return (start, end)


def _context(quantity: dict, text: str | None) -> str:
    if text:
        start, end = _span(quantity)
        window = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
        return " ".join(window.split())
    return str(quantity.get("text", ""))[:CONTEXT_CHARS]


# --- reading files -----------------------------------------------------------------------------


def evaluate_paths(
    prediction: Path, gold: Sequence[Path], indicators: Path | None = None, tasks: Path | None = None
) -> EvalResult:
    """Read the files and score them. ``prediction`` is a ``.json`` contract or a report to extract;
    ``gold`` may hold quantity, indicator and task files, each told by its name and content."""
    quantity_files: list[Path] = []
    for path in map(Path, gold):
        kind = gold_kind(path)
        if kind == "indicators":
            indicators = _only_one(indicators, path, "indicator")
        elif kind == "tasks":
            tasks = _only_one(tasks, path, "task")
        else:
            quantity_files.append(path)
    if not quantity_files and indicators is None and tasks is None:
        raise GoldError("no gold file given: name quantities (.jsonl), indicators or tasks (.json)")
    gold_quantities = load_gold(quantity_files) if quantity_files else None
    gold_indicators = load_indicators(Path(indicators)) if indicators is not None else None
    gold_tasks = load_tasks(Path(tasks)) if tasks is not None else None
    contract, text = load_prediction(Path(prediction))  # last: it may run the extractor
    if gold_quantities is not None:
        result = evaluate(contract, gold_quantities, gold_indicators, text=text)
    else:
        result = EvalResult(None, None, {}, None, [], [], [])
        if gold_indicators is not None:
            result = replace(
                result, indicators=score_indicators(gold_indicators, contract.get("indicators") or [])
            )
    if gold_tasks is not None:
        result = replace(result, tasks=score_tasks(gold_tasks, _predicted_tasks(contract)))
    return replace(
        result,
        prediction=str(prediction),
        gold_files=[str(p) for p in quantity_files],
        indicators_file=str(indicators) if indicators is not None else None,
        tasks_file=str(tasks) if tasks is not None else None,
    )


def gold_kind(path: Path) -> str:
    """``quantities``, ``indicators`` or ``tasks``: by the file's name, else by its first object."""
    name = path.name.lower()
    if name.endswith(".tasks.json"):
        return "tasks"
    if name.endswith(".indicators.json"):
        return "indicators"
    if path.suffix.lower() == ".json" and path.is_file():
        data = _read_json(path)
        if isinstance(data, dict) and "items" in data:
            return "tasks"
        if isinstance(data, dict) and "indicators" in data:
            return "indicators"
    return "quantities"


def _only_one(current: Path | None, path: Path, what: str) -> Path:
    if current is not None and Path(current) != path:
        raise GoldError(f"{path}: a second {what} gold file ({current} is the first); give one")
    return path


def _predicted_tasks(contract: dict) -> list[dict]:
    tasks = contract.get("tasks")
    if not isinstance(tasks, list):
        raise GoldError("the prediction has no 'tasks' list")
    for i, task in enumerate(tasks):
        if not isinstance(task, dict):
            raise GoldError(f"prediction: tasks[{i}] is not a JSON object")
        _check_quantity(task, f"prediction: tasks[{i}]")
    return tasks


def load_tasks(path: Path) -> list[dict]:
    """Gold task labels: ``{"items": [{"raw_span", "label", ...}, ...]}``."""
    data = _read_json(path)
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise GoldError(f'{path}: expected a JSON object {{"items": [...]}}')
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise GoldError(f"{path}: items[{i}] is not a JSON object")
        _check_quantity(item, f"{path}: items[{i}]")
        if item.get("label") not in {"task", "not_task", "ambiguous"}:
            raise GoldError(f"{path}: items[{i}] label must be task, not_task or ambiguous")
    return items


def load_prediction(path: Path) -> tuple[dict, str | None]:
    """The contract and the report text (for context), from a ``.json`` file or by extracting a report."""
    if not path.is_file():
        problem = "is not a file" if path.exists() else "no such prediction file"
        raise GoldError(f"{path}: {problem}")
    if path.suffix.lower() == ".json":
        contract = _read_json(path)
        if not isinstance(contract, dict):
            raise GoldError(f"{path}: not an extraction (expected a JSON object with 'quantities')")
        _quantities(contract, str(path))
        return contract, (contract.get("document") or {}).get("text")

    from duban.extract.pipeline import extract_file
    from duban.text.load import load_report

    contract = extract_file(path)
    _quantities(contract, f"extraction of {path}")
    text = (contract.get("document") or {}).get("text") or load_report(path).text
    return contract, text


def load_gold(paths: Sequence[Path]) -> list[dict]:
    """Gold quantities of all files, concatenated in the order given."""
    if not paths:
        raise GoldError("no gold file given")
    quantities = []
    for path in paths:
        text = _read_text(path)
        for lineno, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldError(f"{path}:{lineno}: not JSON ({err.msg})") from None
            if not isinstance(row, dict):
                raise GoldError(f"{path}:{lineno}: not a JSON object")
            _check_quantity(row, f"{path}:{lineno}")
            quantities.append(row)
    return quantities


def load_indicators(path: Path) -> list[dict]:
    """Gold headline indicators: a JSON file ``{"indicators": [...]}``."""
    data = _read_json(path)
    items = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise GoldError(f'{path}: expected a JSON object {{"indicators": [...]}}')
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise GoldError(f"{path}: indicators[{i}] is not a JSON object")
    return items


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GoldError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise GoldError(f"{path}: is a directory, not a file") from None
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8 text") from None
    except OSError as err:
        raise GoldError(f"{path}: cannot read ({err.strerror})") from None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as err:
        raise GoldError(f"{path}:{err.lineno}: not JSON ({err.msg})") from None


def _quantities(contract: dict, where: str) -> list[dict]:
    quantities = contract.get("quantities")
    if not isinstance(quantities, list):
        raise GoldError(f"{where}: no 'quantities' list")
    for i, quantity in enumerate(quantities):
        if not isinstance(quantity, dict):
            raise GoldError(f"{where}: quantities[{i}] is not a JSON object")
        _check_quantity(quantity, f"{where}: quantities[{i}]")
    indicators = contract.get("indicators")
    if indicators is not None and not (
        isinstance(indicators, list) and all(isinstance(x, dict) for x in indicators)
    ):
        raise GoldError(f"{where}: 'indicators' is not a list of objects")
    return quantities


def _check_quantity(quantity: dict, where: str) -> None:
    if "raw_span" not in quantity:
        raise GoldError(f"{where}: missing raw_span")
    span = quantity["raw_span"]
    ok = (
        isinstance(span, list | tuple)
        and len(span) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        and 0 <= span[0] < span[1]
    )
    if not ok:
        raise GoldError(f"{where}: raw_span must be [start, end] with 0 <= start < end, not {span!r}")


# --- output ------------------------------------------------------------------------------------


def to_json(result: EvalResult) -> str:
    data = asdict(result)
    if result.indicators is not None:
        data["indicators"]["recall"] = result.indicators.recall
    if result.tasks is not None:
        data["tasks"]["precision"] = result.tasks.precision
        data["tasks"]["recall"] = result.tasks.recall
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _span_text(span: tuple[int, int]) -> str:
    return f"{span[0]}–{span[1]}"


def print_report(result: EvalResult, console: Console, *, show: int = 40) -> None:
    """Scores, field accuracy, indicators and tasks, then up to ``show`` missed, spurious and
    field-error rows."""
    if result.prediction:
        against = [*result.gold_files, *(f for f in (result.indicators_file, result.tasks_file) if f)]
        console.print(Text.assemble((result.prediction, "bold"), " against ", ", ".join(against)))
    if result.detection is not None:
        _print_quantities(result, console)
    if result.indicators is not None:
        _print_indicators(result.indicators, console, show)
    if result.tasks is not None:
        _print_tasks(result.tasks, console, show)
    if show > 0 and result.detection is not None:
        _print_items(result, console, show)


def _print_quantities(result: EvalResult, console: Console) -> None:
    scores = Table(
        title="Quantities",
        title_justify="left",
        caption="strict: value and unit right too",
        caption_justify="left",
    )
    for name in ("", "precision", "recall", "F1", "matched", "predicted", "gold"):
        scores.add_column(name, justify="left" if not name else "right")
    for label, s in (("detection", result.detection), ("strict", result.strict)):
        scores.add_row(
            label,
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            str(s.matched),
            str(s.predicted),
            str(s.gold),
        )
    console.print(scores)

    fields = Table(title="Field accuracy over matched pairs", title_justify="left")
    for name in ("field", "correct", "of", "accuracy"):
        fields.add_column(name, justify="left" if name == "field" else "right")
    for name, f in result.fields.items():
        fields.add_row(name, str(f.correct), str(f.total), "—" if f.accuracy is None else f"{f.accuracy:.3f}")
    console.print(fields)


def _print_indicators(ind: IndicatorScore, console: Console, show: int) -> None:
    console.print(
        Text(
            f"Indicators: {ind.found}/{ind.total} found ({ind.predicted} predicted, {len(ind.wrong)} wrong)",
            style="bold",
        )
    )
    for label, rows in (("missing", ind.missing), ("wrong", ind.wrong)):
        for g in rows[: max(show, 0)]:
            line = (
                f"  {label}: {g.get('metric')} {g.get('kind')} {g.get('year')} value={_show(g.get('value'))}"
            )
            unit = g.get("unit")
            console.print(Text(line + (f" {unit}" if unit else "")))
        _more(console, len(rows), show)


def _print_tasks(tasks: TaskScore, console: Console, show: int) -> None:
    console.print(
        Text(
            f"Tasks: precision {tasks.precision:.3f} ({tasks.predicted - tasks.false}/{tasks.predicted}), "
            f"recall {tasks.recall:.3f} ({tasks.recalled}/{tasks.gold})",
            style="bold",
        )
    )
    for label, rows in (("false", tasks.false_tasks), ("missed", tasks.missed)):
        for row in rows[: max(show, 0)]:
            console.print(Text(f"  {label}: {_span_text(_span(row))} {str(row.get('text', ''))[:60]}"))
        _more(console, len(rows), show)


def _print_items(result: EvalResult, console: Console, show: int) -> None:
    for title, items, last in (
        ("Missed gold quantities", result.missed, "sentence"),
        ("Spurious predictions", result.spurious, "context"),
    ):
        if not items:
            continue
        table = Table(title=f"{title} ({len(items)})", title_justify="left")
        for name in ("id", "span", "text", last):
            table.add_column(name, overflow="fold")
        for item in items[:show]:
            table.add_row(Text(str(item.id)), _span_text(item.span), Text(item.text), Text(item.context))
        console.print(table)
        _more(console, len(items), show)

    if result.field_errors:
        table = Table(title=f"Field errors ({len(result.field_errors)})", title_justify="left")
        for name in ("gold id", "pred id", "span", "text", "field", "gold", "predicted"):
            table.add_column(name, overflow="fold")
        for e in result.field_errors[:show]:
            table.add_row(
                Text(str(e.gold_id)),
                Text(str(e.predicted_id)),
                _span_text(e.span),
                Text(e.text),
                e.field,
                Text(_show(e.gold)),
                Text(_show(e.predicted)),
            )
        console.print(table)
        _more(console, len(result.field_errors), show)


def _more(console: Console, total: int, show: int) -> None:
    if total > max(show, 0):
        console.print(Text(f"  … {total - max(show, 0)} more (raise --show to list them)", style="dim"))
