"""Issue #13 item 2: issuing freezes a bulletin. Numbered in its series, kept byte for byte with its
SHA-256 while the ledger moves on (more reports, reports accepted for the bulletin's own period,
a month passing), never edited or discarded once issued, corrected only by a new bulletin that
names it, published on the public page on request. Drafts are the office's alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.utils import timezone

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.bulletins import services
from duban.bulletins.services import BulletinRefused, compose
from duban.errors import Forbidden
from duban.orders import lifecycle
from duban.orders.models import Level, Order
from duban.plans import history
from duban.plans.importing import import_report
from duban.tracking.demo import fill_demo
from duban.tracking.models import ProgressReport, ReportState
from duban.tracking.reports import review

pytestmark = pytest.mark.django_db

JUNE = dt.date(2024, 6, 30)
PASSWORD = "Duban-bulletin-2024"


@pytest.fixture
def world(sample_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    plan.published = True
    plan.save(update_fields=["published"])
    fill_demo(plan, JUNE)  # June's reports are submitted, not yet accepted
    return {
        "plan": plan,
        "office": add_user("office", UserRole.OFFICE, password=PASSWORD),
        "reader": add_user("reader", UserRole.READER, password=PASSWORD),
    }


def _download(client, user, bulletin_id: int):
    client.force_login(user)
    response = client.get(f"/bulletins/{bulletin_id}/docx")
    assert response.status_code == 200, response.content[:200]
    return response


def test_issued_bulletin_is_byte_identical_a_month_later_after_more_reports(client, world, monkeypatch):
    plan, office = world["plan"], world["office"]
    draft = services.draft_bulletin(plan, JUNE, None, user=office)
    issued = services.issue(draft, version=draft.version, user=office)
    assert (
        issued.issue_label == "2024年第1期"
        and issued.sha256 == hashlib.sha256(bytes(issued.docx)).hexdigest()
    )
    first = _download(client, world["reader"], issued.pk)
    assert first["X-Content-SHA256"] == issued.sha256 == hashlib.sha256(first.content).hexdigest()

    # The ledger moves on: June's reports are accepted (they change June 30 itself) and July's arrive.
    for report in ProgressReport.objects.filter(task__plan=plan, state=ReportState.SUBMITTED):
        review(report, accept=True, comment="", version=report.version, user=office)
    fill_demo(plan, dt.date(2024, 7, 31))
    assert compose(plan, JUNE).facts.as_json() != issued.facts, (
        "the later reports must change June 30's figures"
    )

    later = timezone.now() + dt.timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    again = _download(client, world["reader"], issued.pk)
    assert again.content == first.content
    assert again["X-Content-SHA256"] == issued.sha256


def test_series_corrections_and_refusals(world):
    plan, office, reader = world["plan"], world["office"], world["reader"]
    first = services.draft_bulletin(plan, JUNE, "上半年", user=office)
    with pytest.raises(Forbidden):
        services.issue(first, version=first.version, user=reader)
    edited = services.save_sections(
        first, {"opening": "经区政府同意，现将有关情况通报如下："}, version=first.version, user=office
    )
    assert edited.edited == ["opening"]
    refreshed = services.refresh(edited, version=edited.version, user=office)
    assert (
        refreshed.sections["opening"] == "经区政府同意，现将有关情况通报如下："
    )  # the office's text is kept
    first = services.issue(refreshed, version=refreshed.version, user=office)
    stored = bytes(first.docx)
    for step in (
        lambda: services.save_sections(first, {"opening": "改"}, version=first.version, user=office),
        lambda: services.discard(first, version=first.version, user=office),
        lambda: services.issue(first, version=first.version, user=office),
    ):
        with pytest.raises(BulletinRefused):
            step()
    correction = services.draft_correction(first, user=office)
    assert correction.corrects == first and correction.day == first.day
    correction = services.issue(correction, version=correction.version, user=office)
    assert correction.issue_label == "2024年第2期"
    scrap = services.draft_bulletin(plan, dt.date(2024, 5, 31), None, user=office)
    services.discard(scrap, version=scrap.version, user=office)
    third = services.draft_bulletin(plan, JUNE, "1-6月", user=office)
    assert third.span == "1—6月" and third.title == "2024年《政府工作报告》重点任务1—6月落实情况通报"
    assert (
        services.issue(third, version=third.version, user=office).number == 3
    )  # a discarded draft takes no number
    first.refresh_from_db()
    assert bytes(first.docx) == stored


def test_publishing_and_who_sees_drafts(client, world):
    plan, office, reader = world["plan"], world["office"], world["reader"]
    draft = services.draft_bulletin(plan, JUNE, None, user=office)
    client.force_login(reader)
    assert client.get(f"/bulletins/{draft.pk}/").status_code == 404
    assert client.get(f"/bulletins/{draft.pk}/docx").status_code == 404
    issued = services.issue(draft, version=draft.version, user=office)
    client.logout()
    assert client.get(f"/public/bulletins/{issued.pk}/docx").status_code == 404
    services.set_published(issued, True, user=office)
    public = client.get(f"/public/bulletins/{issued.pk}/docx")
    assert public.status_code == 200 and public.content == bytes(issued.docx)
    assert f"/public/bulletins/{issued.pk}/docx" in client.get(f"/public/{plan.pk}/").content.decode()


@pytest.mark.parametrize(
    ("span", "day", "expected"),
    [
        (None, "2024-03-31", "一季度"),
        (None, "2024-06-30", "上半年"),
        (None, "2024-07-10", "上半年"),
        (None, "2024-08-15", "1—7月"),
        (None, "2024-09-30", "前三季度"),
        (None, "2024-11-30", "1—11月"),
        (None, "2024-12-31", "全年"),
        ("1-11月", "2024-11-30", "1—11月"),
        ("上半年", "2024-07-10", "上半年"),
    ],
)
def test_span_names(span, day, expected):
    from duban.bulletins.drafting import span_of

    assert span_of(dt.date.fromisoformat(day), span) == expected


@pytest.mark.parametrize("span", ["下半年", "1-13月", "2-5月"])
def test_bad_span_is_refused_in_one_line(span):
    from duban.bulletins.drafting import SpanRefused, span_of

    with pytest.raises(SpanRefused, match="通报期间"):
        span_of(JUNE, span)


def test_a_level_3_order_is_named_in_the_next_bulletin_only(world):
    plan, office = world["plan"], world["office"]
    task = next(t for t in plan.tasks.order_by("order") if t.lead_unit())
    order = Order(
        plan=plan,
        task=task,
        department=task.lead_unit(),
        level=Level.SUPERVISE,
        trigger="red",
        problem="经提醒、催办仍未改善",
        requirement="限期整改",
        proposed_on=dt.date(2024, 6, 20),
        time_limit=dt.date(2024, 7, 4),
    )
    order = lifecycle.issue(
        history.save(order, user=office, reason="建议"), user=office, day=dt.date(2024, 6, 20)
    )
    before = services.draft_bulletin(plan, dt.date(2024, 6, 19), None, user=office)
    assert order.code not in before.sections["laggards"]  # issued after that bulletin's day
    first = services.draft_bulletin(plan, JUNE, None, user=office)
    assert f"已列为督办事项：{order.code}" in first.sections["laggards"]
    assert "督办事项" in first.sections["requirements"]
    services.issue(first, version=first.version, user=office)
    later = services.draft_bulletin(plan, dt.date(2024, 7, 31), None, user=office)
    assert order.code not in later.sections["laggards"]  # named once, in the next bulletin
