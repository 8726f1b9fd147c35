"""A supervision order as a Word document (督办单): an order in; the .docx out, in the office's
template (``$DUBAN_DATA_DIR/templates/order.docx``) when there is one.

The form of the spec: the level's name as title (交办单, 催办单, 督办通知单), the number, then one
table row per field — 督办事项, 存在问题, 工作要求, 责任单位, 责任人, 办理时限, 交办日期 — and the
unit's latest reply (办理情况).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from docx.shared import Mm

from duban.documents.writer import OfficeDocument
from duban.orders.models import Decision, Order, ReplyKind
from duban.orders.phrases import phrases
from duban.orders.policy import issuer_of

TEMPLATE = "order.docx"
_WIDTHS = [Mm(30), Mm(124)]


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def render(order: Order) -> bytes:
    words = phrases()["document"]
    issuer = issuer_of(order.plan)
    number = order.code or "（待交办）"
    fields = {"发文单位": issuer, "编号": number, "日期": _date(order.issued_on), "标题": order.kind}
    doc = OfficeDocument(Path(settings.DATA_DIR) / "templates" / TEMPLATE, fields)
    doc.title(order.kind)
    doc.centered(number)
    if order.parent_id and order.parent.code:
        doc.centered(words["escalated_from"].format(code=order.parent.code))
    doc.paragraph("")
    values = [
        f"{order.task.external_id} {order.task.text}",
        order.problem,
        order.requirement,
        order.department.name,
        order.responsible or "—",
        _date(order.time_limit),
        _date(order.issued_on),
    ]
    rows = [[name, value] for name, value in zip(words["fields"], values, strict=True)]
    rows.append([words["reply"], _reply_text(order, words)])
    doc.table(["项目", "内容"], rows, _WIDTHS, [True, False])
    doc.paragraph("")
    doc.right(issuer)
    doc.right(_date(order.issued_on))
    return doc.save(title=f"{number}{order.kind}", author=issuer)


def _reply_text(order: Order, words: dict) -> str:
    replies = order.replies.filter(kind=ReplyKind.REPLY).exclude(decision=Decision.RETURNED).order_by("-pk")
    latest = replies.first()
    if latest is None:
        return words["no_reply"]
    return words["reply_text"].format(
        date=_date(latest.submitted_on),
        done=latest.done,
        measures=latest.measures,
        back_on=_date(latest.back_on),
    )
