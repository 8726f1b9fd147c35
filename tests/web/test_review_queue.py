"""Issue #11 items 3 and 6, and item 1 for the review form: the office's review queue has counts
and filters by unit and period, compact rows with the previous accepted figure and the change
since, the evidence linked, a comment required to return (checked in place, the typed comment
kept, never an error page), a confirmation after acting, and several reports accepted at once.
The task page's history then tells the return, its comment, the resubmission and who reviewed.
"""

from __future__ import annotations

import re

import pytest
from world import JUNE_PROGRESS, figures_for, world_fixture

from duban.tracking.evidence import attach
from duban.tracking.figure_text import format_figure
from duban.tracking.models import ProgressReport, ReportState
from duban.tracking.periods import find_period
from duban.tracking.reports import file_report, save_report

pytestmark = pytest.mark.django_db

world = world_fixture()
PDF = b"%PDF-1.4 evidence of the June figures"


def _queue(client, world, query: str = "") -> str:
    response = world.login(client, "office").get(f"/review/?plan={world.plan.pk}{query}")
    assert response.status_code == 200
    return response.content.decode()


def _second_unit_report(world) -> ProgressReport:
    entry = figures_for(world.other, 0.3)
    entry.progress = "乙单位六月进展"
    june = find_period(world.plan, "2024-06")
    return file_report(world.other, june, world.other_unit, entry, user=world.users["office"])


def test_the_queue_counts_and_filters_by_unit(client, world):
    other = _second_unit_report(world)
    html = _queue(client, world)
    total = ProgressReport.objects.filter(task__plan=world.plan, state=ReportState.SUBMITTED).count()
    assert re.search(r"共 <strong>(\d+)</strong> 份待审核", html)[1] == str(total) == "2"
    assert f"{world.unit.name}（1）" in html and f"{world.other_unit.name}（1）" in html
    only_a = _queue(client, world, f"&department={world.unit.pk}")
    assert f'id="report-{world.pending.pk}"' in only_a and f'id="report-{other.pk}"' not in only_a
    assert "当前筛选显示 <strong>1</strong> 份" in only_a


def test_a_row_shows_the_previous_accepted_figure_and_the_change(client, world):
    html = _queue(client, world)
    row = html.split(f'id="report-{world.pending.pk}"', 1)[1].split("</article>", 1)[0]
    target = world.own.targets.filter(withdrawn=False, value__isnull=False).order_by("pk").first()
    now, before = target.value * 0.5, target.value * 0.4
    assert format_figure(now, target) in row and format_figure(before, target) in row
    assert "+" + format_figure(now - before, target) in row
    assert JUNE_PROGRESS in row
    # Accept is not the red button above the comment: the comment comes first, then 退回, then 通过.
    assert row.index('name="comment"') < row.index('value="return"') < row.index('value="accept"')
    assert re.search(r'<textarea name="comment"[^>]*required', row)
    assert re.search(r'value="accept" class="accept" formnovalidate', row)


def test_the_evidence_is_linked_from_the_queue(client, world):
    report = world.pending
    evidence = attach(report, "佐证.pdf", PDF, user=world.users["office"])
    html = _queue(client, world)
    assert f'href="/evidence/{evidence.pk}/"' in html


def test_an_empty_return_comment_is_refused_in_place(client, world):
    web = world.login(client, "office")
    response = web.post(
        f"/review/{world.pending.pk}/",
        {"action": "return", "comment": "   ", "version": world.pending.version, "plan": world.plan.pk},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "待审核的进展报告" in html and "返回总览" not in html  # the queue, not a refusal page
    row = html.split(f'id="report-{world.pending.pk}"', 1)[1].split("</article>", 1)[0]
    assert 'role="alert">退回时请写明退回意见' in row
    world.pending.refresh_from_db()
    assert world.pending.state == ReportState.SUBMITTED


def test_a_stale_review_is_refused_in_place_with_the_comment_kept(client, world):
    web = world.login(client, "office")
    comment = "请补充产量口径说明"
    response = web.post(
        f"/review/{world.pending.pk}/",
        {"action": "return", "comment": comment, "version": world.pending.version - 1, "plan": world.plan.pk},
    )
    html = response.content.decode()
    assert response.status_code == 409
    row = html.split(f'id="report-{world.pending.pk}"', 1)[1].split("</article>", 1)[0]
    assert f">{comment}</textarea>" in row and "已被" in row


def test_acting_redirects_with_a_confirmation(client, world):
    web = world.login(client, "office")
    response = web.post(
        f"/review/{world.pending.pk}/",
        {"action": "accept", "version": world.pending.version, "plan": world.plan.pk},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(f"/review/?plan={world.plan.pk}")
    assert f"{world.own.external_id}（2024年6月，{world.unit.name}）已审核通过" in html
    assert f'id="report-{world.pending.pk}"' not in html


def test_several_reports_are_accepted_at_once(client, world):
    other = _second_unit_report(world)
    web = world.login(client, "office")
    picked = [f"{world.pending.pk}:{world.pending.version}", f"{other.pk}:{other.version}"]
    response = web.post("/review/accept/", {"report": picked, "plan": world.plan.pk}, follow=True)
    assert "已审核通过 2 份报告" in response.content.decode()
    states = set(
        ProgressReport.objects.filter(pk__in=[world.pending.pk, other.pk]).values_list("state", flat=True)
    )
    assert states == {ReportState.ACCEPTED}


def test_a_batch_with_one_stale_report_accepts_none(client, world):
    other = _second_unit_report(world)
    web = world.login(client, "office")
    picked = [f"{world.pending.pk}:{world.pending.version}", f"{other.pk}:{other.version + 5}"]
    response = web.post("/review/accept/", {"report": picked, "plan": world.plan.pk})
    assert response.status_code == 409
    assert "所选报告均未审核" in response.content.decode()
    world.pending.refresh_from_db()
    assert world.pending.state == ReportState.SUBMITTED


def test_the_history_tells_the_return_the_comment_the_resubmission_and_who(client, world):
    office, liaison = world.users["office"], world.users["liaison-A"]
    web = world.login(client, "office")
    web.post(
        f"/review/{world.pending.pk}/",
        {
            "action": "return",
            "comment": "请补充口径",
            "version": world.pending.version,
            "plan": world.plan.pk,
        },
    )
    report = ProgressReport.objects.get(pk=world.pending.pk)
    entry = figures_for(world.own, 0.55)
    entry.progress = "已补充口径后重新报送"
    report = save_report(report, entry, version=report.version, user=liaison, submit=True)
    web.post(f"/review/{report.pk}/", {"action": "accept", "version": report.version, "plan": world.plan.pk})
    html = web.get(f"/tasks/{world.own.external_id}/").content.decode()
    history = html.split("变更记录", 1)[1]
    about = f"2024年6月进展（{world.unit.name}）"
    for who, what in [
        (office.username, f"报送{about}"),
        (office.username, f"退回{about}：请补充口径"),
        (liaison.username, f"重新报送{about}"),
        (office.username, f"审核通过{about}"),
    ]:
        assert re.search(rf"<td[^>]*>{re.escape(who)}</td><td[^>]*>{re.escape(what)}</td>", history), what
    # The timeline of the June report tells the same, in order.
    events = html.split("<strong>2024年6月</strong>", 1)[1].split("</ol>", 1)[0]
    order = [events.index(f"报送{about}"), events.index(f"退回{about}"), events.index(f"重新报送{about}")]
    assert order == sorted(order) and events.index(f"审核通过{about}") > order[-1]
