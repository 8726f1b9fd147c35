"""Reminder texts: a plan, a period, a stage and the late units in; plain-text messages out.

The words are the templates of ``data/reminder_messages.toml``, checked when first read: a missing
template, or a placeholder the code does not fill, stops with the key's name instead of failing
halfway through a run.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from duban.plans.models import Department, Plan, Task
from duban.tracking.models import Period, Stage

DATA_FILE = "reminder_messages.toml"
DETAIL_CHARS = 300  # Reminder.detail's length

_HEADING = {"plan", "period", "due", "count"}
# Every template and the placeholders it may use.
PLACEHOLDERS: dict[str, set[str]] = {
    "plan_name": {"government", "year", "title"},
    **{f"unit.{stage}": _HEADING for stage in Stage},
    "unit.task": {"task_id", "text"},
    "unit.more_tasks": {"rest"},
    **{f"group.{stage}": _HEADING | {"units"} for stage in Stage},
    "group.unit": {"department", "count", "task_ids"},
    "group.more_units": {"rest"},
    "email.subject": {"stage", "period", "department", "count"},
    "failure.errcode": {"errcode", "errmsg"},
    "failure.http": {"status", "reason"},
    "failure.unreachable": {"reason"},
    "failure.bad_reply": {"reply"},
    "failure.bad_address": set(),
    "failure.mail": {"reason"},
    "failure.no_address": set(),
}
_COUNTS = ("unit.list_tasks", "unit.text_chars", "group.list_ids")
_WORDS = ("unit.cut", "group.id_separator", "group.more_ids", "group.label")


class MessagesError(ValueError):
    """The messages file cannot be used; the text names the file and the key."""


@dataclass(frozen=True)
class Late:
    """A unit and the live tasks it leads whose report for the period is missing, in plan order."""

    department: Department
    tasks: tuple[Task, ...]


@cache
def messages() -> dict[str, Any]:
    source = resources.files("duban") / "data" / DATA_FILE
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise MessagesError(f"data/{DATA_FILE}: {err}") from err
    return checked(data)


def checked(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` when every template is there and uses only the placeholders the code fills."""
    for key, allowed in PLACEHOLDERS.items():
        text = _at(data, key)
        if not isinstance(text, str) or not text:
            raise MessagesError(f"data/{DATA_FILE}: {key} must be a non-empty string")
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        if used - allowed:
            unknown = ", ".join(sorted(used - allowed))
            raise MessagesError(f"data/{DATA_FILE}: {key} uses {{{unknown}}}; it may use {sorted(allowed)}")
    for key in _COUNTS:
        value = _at(data, key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise MessagesError(f"data/{DATA_FILE}: {key} must be a whole number of at least 1")
    for key in _WORDS:
        if not isinstance(_at(data, key), str):
            raise MessagesError(f"data/{DATA_FILE}: {key} must be a string")
    return data


def _at(data: dict[str, Any], key: str) -> Any:
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def unit_message(
    plan: Plan, period: Period, stage: Stage, late: Late, *, max_bytes: int | None = None
) -> str:
    """One unit's message: the heading for the stage, then its first few tasks."""
    words = messages()["unit"]
    head = words[stage].format(**_about(plan, period), count=len(late.tasks))
    lines = [
        words["task"].format(task_id=t.external_id, text=_cut(t.text, words["text_chars"], words["cut"]))
        for t in late.tasks[: words["list_tasks"]]
    ]
    return _compose(head, lines, len(late.tasks), words["more_tasks"], max_bytes)


def group_message(
    plan: Plan, period: Period, stage: Stage, lates: Sequence[Late], *, max_bytes: int | None = None
) -> str:
    """The all-units group's message: the heading for the stage, then one line per late unit."""
    words = messages()["group"]
    count = sum(len(late.tasks) for late in lates)
    head = words[stage].format(**_about(plan, period), units=len(lates), count=count)
    lines = [
        words["unit"].format(
            department=late.department.name, count=len(late.tasks), task_ids=_ids(late, words)
        )
        for late in lates
    ]
    return _compose(head, lines, len(lates), words["more_units"], max_bytes)


def group_label() -> str:
    return messages()["group"]["label"]


def email_subject(period: Period, stage: Stage, late: Late) -> str:
    return messages()["email"]["subject"].format(
        stage=stage.label, period=period.title, department=late.department.name, count=len(late.tasks)
    )


def failure(kind: str, **fields: object) -> str:
    """What went wrong with a send, as the record keeps it."""
    return messages()["failure"][kind].format(**fields)[:DETAIL_CHARS]


def plan_name(plan: Plan) -> str:
    return messages()["plan_name"].format(government=plan.government.name, year=plan.year, title=plan.title)


def _about(plan: Plan, period: Period) -> dict[str, str]:
    return {"plan": plan_name(plan), "period": period.title, "due": period.due.isoformat()}


def _cut(text: str, chars: int, mark: str) -> str:
    flat = " ".join(text.split())  # a task text may carry the report's line breaks
    return flat if len(flat) <= chars else flat[:chars] + mark


def _ids(late: Late, words: dict[str, Any]) -> str:
    shown = [t.external_id for t in late.tasks[: words["list_ids"]]]
    more = words["more_ids"] if len(late.tasks) > len(shown) else ""
    return words["id_separator"].join(shown) + more


def _compose(head: str, lines: list[str], total: int, more: str, max_bytes: int | None) -> str:
    """``head`` and as many ``lines`` as fit in ``max_bytes``; a last line counts what was left out."""
    shown = list(lines)
    while True:
        rest = total - len(shown)
        text = "\n".join([head, *shown, *([more.format(rest=rest)] if rest else [])])
        if max_bytes is None or len(text.encode("utf-8")) <= max_bytes or not shown:
            return text
        shown.pop()
