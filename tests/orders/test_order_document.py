"""Issue #13 item 4: the 督办单 as a Word document has the spec's fields — 编号, 督办事项 (the task,
its id and text), 存在问题, 工作要求, 责任单位, 责任人, 办理时限, 交办日期 — under the level's name."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.orders import document, lifecycle
from duban.orders.models import Order
from duban.plans import history
from duban.plans.importing import import_report
from duban.plans.models import Task

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 28)


@pytest.mark.parametrize(("level", "title"), [(1, "交办单"), (2, "催办单"), (3, "督办通知单")])
def test_order_document_has_the_fields_of_the_spec(sample_path: Path, level: int, title: str):
    plan = import_report(sample_path, government="爱民区").plan
    office = add_user("office", UserRole.OFFICE, password="Duban-order-doc-2024")
    task = next(t for t in Task.objects.filter(plan=plan).order_by("order") if t.lead_unit())
    order = Order(
        plan=plan,
        task=task,
        department=task.lead_unit(),
        level=level,
        trigger="red",
        problem="完成率低于序时进度",
        requirement="请于限期内书面报告",
        responsible="王局长",
        proposed_on=DAY,
        time_limit=dt.date(2024, 7, 12),
    )
    order = lifecycle.issue(history.save(order, user=office, reason="建议"), user=office, day=DAY)
    made = docx.Document(io.BytesIO(document.render(order)))
    texts = [p.text for p in made.paragraphs if p.text]
    assert texts[0] == title and texts[1] == "督〔2024〕1号"
    fields = {row.cells[0].text: row.cells[1].text for row in made.tables[0].rows}
    assert fields["督办事项"] == f"{task.external_id} {task.text}"
    assert fields["存在问题"] == "完成率低于序时进度" and fields["工作要求"] == "请于限期内书面报告"
    assert fields["责任单位"] == task.lead_unit().name and fields["责任人"] == "王局长"
    assert fields["办理时限"] == "2024年7月12日" and fields["交办日期"] == "2024年6月28日"
    assert fields["办理情况"] == "（尚未答复）"
    assert texts[-2:] == ["爱民区人民政府督查室", "2024年6月28日"]
