"""Scoring a check against hand-checked gold (``shared/gold/promises/*.json``): the check's dict and
the gold's in; how many verdicts are right, which figures were invented, and the misses out.

A gold check is found in the prediction by its target's ``raw_span`` (overlap, largest first, one
to one), so the scorer never depends on how either side names a metric. A verdict is right when it
is the gold's. A figure is *invented* when the gold says the next report states none
(``actual: null``) and the prediction gives one; no number of right verdicts makes up for that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


class GoldError(ValueError):
    """The gold file cannot be read."""


@dataclass
class Miss:
    metric: str
    target: str
    gold: str
    predicted: str | None
    gold_actual: str | None
    predicted_actual: str | None


@dataclass
class Score:
    checks: int
    right: int
    invented: list[Miss] = field(default_factory=list)
    wrong: list[Miss] = field(default_factory=list)
    unpaired_predictions: int = 0
    wrong_figure: list[Miss] = field(default_factory=list)  # right verdict, another figure cited

    @property
    def accuracy(self) -> float:
        return self.right / self.checks if self.checks else 0.0


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GoldError(f"无法读取核查标准答案 {path}：{err}") from err
    if not isinstance(gold.get("checks"), list):
        raise GoldError(f"{path} 不是兑现核查的标准答案（缺少 checks）")
    return gold


def score(predicted: dict, gold: dict) -> Score:
    pairs = _pair(gold["checks"], predicted.get("checks") or [])
    result = Score(checks=len(gold["checks"]), right=0)
    for g, p in pairs:
        miss = Miss(
            metric=g.get("metric", ""),
            target=g["target"].get("text", ""),
            gold=g["verdict"],
            predicted=p["verdict"] if p else None,
            gold_actual=(g.get("actual") or {}).get("text"),
            predicted_actual=((p or {}).get("actual") or {}).get("text"),
        )
        if p is not None and p["verdict"] == g["verdict"]:
            result.right += 1
            if g.get("actual") and p.get("actual") and not _overlap(g["actual"], p["actual"]):
                result.wrong_figure.append(miss)
        else:
            result.wrong.append(miss)
        if g.get("actual") is None and p is not None and p.get("actual") is not None:
            result.invented.append(miss)
    result.unpaired_predictions = len(predicted.get("checks") or []) - sum(1 for _, p in pairs if p)
    return result


def _pair(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict | None]]:
    candidates = sorted(
        (
            (_overlap(g["target"], p["target"]), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(predicted)
            if _overlap(g["target"], p["target"])
        ),
        reverse=True,
    )
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in candidates:
        if i not in chosen and j not in used:
            chosen[i] = j
            used.add(j)
    return [(g, predicted[chosen[i]] if i in chosen else None) for i, g in enumerate(gold)]


def _overlap(a: dict, b: dict) -> int:
    sa, sb = a.get("raw_span") or [0, 0], b.get("raw_span") or [0, 0]
    return max(0, min(sa[1], sb[1]) - max(sa[0], sb[0]))
