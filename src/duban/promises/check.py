"""The promise check (兑现核查): a plan report's extraction and the next report's in; the contract of
``spec/promises.md`` (schema ``duban.promises/1``) out, as a plain dict.

Every promise of the plan (``plan_side``) is paired with what the next report's review states
(``review_side``, ``matching``) and judged (``verdicts``). The texts the extractions' ``raw_span``
offsets point into are optional: with them each check also cites both sentences. No web code.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from duban.extract import lexicon
from duban.promises.citations import sentence
from duban.promises.data import load
from duban.promises.matching import pair
from duban.promises.measures import Measure
from duban.promises.pair import reviewed_year, validate
from duban.promises.plan_side import Promise, promises_of
from duban.promises.review_side import Achieved, achieved_of, review_parts
from duban.promises.verdicts import UNKNOWN, VERDICTS, Judgement, Rules, judge

SCHEMA = "duban.promises/1"
_QUALITATIVE = "定性目标，次年报告没有可据以判断的数字"


def check(
    plan_extraction: dict,
    next_extraction: dict,
    *,
    plan_text: str | None = None,
    next_text: str | None = None,
    plan_source: str | None = None,
    next_source: str | None = None,
    plan_name: str = "",
    rules: Rules | None = None,
) -> dict:
    """The whole check; raises ``PairRefused`` when the second report is no follow-up of the plan."""
    plan_doc = plan_extraction.get("document") or {}
    next_doc = next_extraction.get("document") or {}
    has_review = "review" in review_parts(next_extraction).values()
    validate(plan_doc, next_doc, has_review=has_review, plan_name=plan_name)
    plan_text = plan_text if plan_text is not None else plan_doc.get("text")
    next_text = next_text if next_text is not None else next_doc.get("text")
    achieved = achieved_of(next_extraction)
    context = _Context(plan_extraction, achieved, plan_text, next_text, rules)
    checks = [context.check(p) for p in promises_of(plan_extraction)]
    counts = Counter(c["verdict"] for c in checks)
    return {
        "schema": SCHEMA,
        "plan": {
            "region": plan_name or plan_doc.get("region"),
            "plan_year": plan_doc.get("plan_year"),
            "source": plan_source,
        },
        "next": {
            "region": next_doc.get("region"),
            "review_year": reviewed_year(next_doc),
            "source": next_source,
        },
        "checks": checks,
        "summary": {v: counts.get(v, 0) for v in VERDICTS},
    }


class _Context:
    def __init__(self, plan: dict, achieved: list[Achieved], plan_text, next_text, rules) -> None:
        self.achieved, self.plan_text, self.next_text, self.rules = achieved, plan_text, next_text, rules
        self.tasks = {t["id"]: t for t in plan.get("tasks") or []}
        self.chapters = _chapters(plan)

    def check(self, p: Promise) -> dict:
        ref = None
        evidence: list[Achieved] = []
        if p.qualitative:
            actual, judgement, ref, evidence = self._qualitative(p)
        else:
            pairing = pair(p.measure, self.achieved)
            actual, evidence = pairing.actual, pairing.near
            judgement = judge(p.target, _figure(actual), upper_limit=p.upper_limit, rules=self.rules)
            if not judgement.settled:  # a bound that does not settle it: evidence, never the figure
                actual, evidence = None, [pairing.actual, *evidence]
        task = self.tasks.get(p.task or "")
        record = {
            "metric": p.metric,
            "scope": p.scope,
            "task_id": None,
            "target_id": None,
            "source_task": p.task,
            "quantity": p.quantity,
            "section": p.section,
            "chapter": self.chapters.get(p.section or "", ""),
            "target": p.target,
            "actual": self._cited(actual),
            "completion": judgement.completion,
            "verdict": judgement.verdict,
            "reason": judgement.reason,
            "target_sentence": self._target_sentence(p, task),
            "actual_sentence": sentence(self.next_text, actual.quantity["raw_span"]) if actual else None,
            "evidence": [self._cited(a) for a in evidence if a is not None],
        }
        if ref is not None:
            record["ref"] = self._cited(ref)
        if p.qualitative and not evidence and judgement.verdict == UNKNOWN:
            record["evidence"] = self._named_sentences(p.metric)
        return record

    def _qualitative(self, p: Promise):
        rule = _settled_by().get(p.metric)
        text = p.target.get("text") or ""
        if rule is not None and any(cue in text for cue in rule["cue"]):
            own = pair(_growth_of(p.metric), self.achieved).actual
            against = pair(_growth_of(rule["against"]), self.achieved).actual
            if own is not None and against is not None:
                base = against.quantity
                stand_in = {
                    "value": base["value"],
                    "unit": "%",
                    "comparator": "approx",
                    "growth": True,
                    "text": f"与{rule['against']}同步（{base.get('text', '')}）",
                }
                judgement = judge(stand_in, _figure(own), upper_limit=False, rules=self.rules)
                return own, judgement, against, []
        near = [a for a in self.achieved if a.measure.canonical == p.metric][:3]
        return None, Judgement(UNKNOWN, None, _QUALITATIVE), None, near

    def _cited(self, a: Achieved | None) -> dict | None:
        if a is None:
            return None
        q = a.quantity
        return {
            "value": q.get("value"),
            "unit": q.get("unit"),
            "comparator": q.get("comparator"),
            "growth": bool(q.get("growth")),
            "text": q.get("text"),
            "raw_span": list(q["raw_span"]),
            "metric": q.get("metric"),
            "quantity": q["id"],
            "sentence": sentence(self.next_text, q["raw_span"]),
        }

    def _target_sentence(self, p: Promise, task: dict | None) -> dict | None:
        found = sentence(self.plan_text, p.target.get("raw_span"))
        if found is None and task is not None:
            span = p.target.get("raw_span") or task["raw_span"]
            return {
                "text": task["text"],
                "raw_span": task["raw_span"],
                "figure": [span[0] - task["raw_span"][0], span[1] - task["raw_span"][0]],
            }
        return found

    def _named_sentences(self, metric: str) -> list[dict]:
        """The review's sentences that name a qualitative target's indicator (国际收支基本平衡)."""
        if not self.next_text or not self.achieved:
            return []
        spans = [a.quantity["raw_span"] for a in self.achieved]
        first, last = min(s[0] for s in spans), max(s[1] for s in spans)
        for alias in sorted(_aliases().get(metric, ()), key=len, reverse=True):
            at = self.next_text.find(alias, max(0, first - 2000), last)
            if at >= 0:
                found = sentence(self.next_text, [at, at + len(alias)])
                return [
                    {"text": alias, "raw_span": [at, at + len(alias)], "metric": metric, "sentence": found}
                ]
        return []


def _figure(a: Achieved | None) -> dict | None:
    return a.quantity if a is not None else None


def _growth_of(metric: str) -> Measure:
    return Measure(canonical=metric, component=None, core=metric, unit="%", growth=True, stock=False)


def _chapters(extraction: dict) -> dict[str, str]:
    titles: dict[str, str] = {}
    stack = list(extraction.get("outline") or [])
    while stack:
        node = stack.pop()
        titles[node["id"]] = f"{node.get('number') or ''}{node.get('title') or ''}"
        stack.extend(node.get("children") or [])
    return titles


@cache
def _settled_by() -> dict[str, dict]:
    return {r["metric"]: r for r in load("promise_rules").get("settled_by", [])}


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    return {i.name: (i.name, *i.aliases) for i in lexicon.load().indicators}


def check_files(plan_path, next_path, *, max_bytes: int | None = None) -> dict:
    """Read and extract two report files, then ``check`` them with both texts for citations.
    Raises ``ReportError`` for a file that is no report and ``PairRefused`` for a wrong pair."""
    from pathlib import Path

    from duban.extract.pipeline import extract_loaded
    from duban.text.load import DEFAULT_MAX_BYTES, load_report

    limit = max_bytes or DEFAULT_MAX_BYTES
    plan_loaded = load_report(Path(plan_path), max_bytes=limit)
    next_loaded = load_report(Path(next_path), max_bytes=limit)
    return check(
        extract_loaded(plan_loaded),
        extract_loaded(next_loaded),
        plan_text=plan_loaded.text,
        next_text=next_loaded.text,
        plan_source=Path(plan_path).name,
        next_source=Path(next_path).name,
    )
