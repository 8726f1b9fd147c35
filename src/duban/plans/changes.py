"""Changes to a plan, as shown before they are applied: added, changed and withdrawn tasks.

Both a revised report and an edited 分工表 produce these; the command line prints them and the
admin shows them, and nothing is written until the user applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Action(StrEnum):
    ADDED = "新增"
    CHANGED = "修改"
    WITHDRAWN = "撤销"


@dataclass(frozen=True)
class Change:
    action: Action
    task_id: str  # the stable id; "" for a task not yet stored
    field: str = ""  # 重点任务, 牵头单位, 配合单位, 完成时限, 目标值…
    old: str = ""
    new: str = ""

    def describe(self) -> str:
        subject = self.task_id or "（新任务）"
        if self.action is Action.CHANGED:
            return f"{self.action} {subject} {self.field}：{self.old or '（空）'} → {self.new or '（空）'}"
        return f"{self.action} {subject} {_clip(self.new or self.old)}"


@dataclass
class ChangeSet:
    changes: list[Change] = field(default_factory=list)

    def add(self, change: Change) -> None:
        self.changes.append(change)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action is action)

    def summary(self) -> str:
        if not self.changes:
            return "无变化"
        return "，".join(f"{a}{self.count(a)}项" for a in Action if self.count(a))


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
