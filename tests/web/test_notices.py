"""Issue #11 item 5: returns, acceptances and reminders notify the unit in a notification centre
with an unread count in every page's header (kept pages included); the return comment shows on
the inbox card; ``notices.notify`` is the one service that writes a notice (supervision orders
will call it too). A unit's notices are its liaisons' alone.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from world import world_fixture

from duban.tracking.models import NoticeKind, Notification
from duban.tracking.notices import notify, unread_count
from duban.tracking.reminders import send_reminders

pytestmark = pytest.mark.django_db

world = world_fixture()


def _unread(html: str) -> int:
    found = re.search(r'class="notices"[^>]*>通知<span class="count" data-count="(\d+)">', html)
    assert found, "no notification link in the header"
    return int(found[1])


def _review(client, world, action: str, comment: str = ""):
    web = world.login(client, "office")
    data = {"action": action, "comment": comment, "version": world.pending.version, "plan": world.plan.pk}
    assert web.post(f"/review/{world.pending.pk}/", data).status_code == 302
    web.logout()


@pytest.mark.parametrize(
    ("action", "comment", "kind", "says"),
    [
        ("return", "请补充口径", NoticeKind.RETURNED, "被督查室退回：请补充口径"),
        ("accept", "", NoticeKind.ACCEPTED, "已由督查室审核通过"),
    ],
    ids=["退回 → 退回通知带意见", "审核通过 → 通过通知"],
)
def test_a_review_notifies_the_unit(client, world, action, comment, kind, says):
    web = world.login(client, "liaison-A")
    before = _unread(web.get("/").content.decode())
    _review(client, world, action, comment)
    web = world.login(client, "liaison-A")
    overview = web.get("/").content.decode()
    assert _unread(overview) == before + 1
    centre = web.get("/notifications/").content.decode()
    notice = Notification.objects.filter(department=world.unit, kind=kind).latest("pk")
    assert f'href="/notifications/{notice.pk}/"' in centre and says in centre and "未读" in centre
    assert world.own.external_id in notice.message


def test_the_return_comment_is_on_the_inbox_card(client, world):
    _review(client, world, "return", "六月产量口径不一致")
    html = world.login(client, "liaison-A").get("/inbox/?date=2024-06-20").content.decode()
    card = html.split(f'id="item-{world.own.external_id}"', 1)[1].split("</section>", 1)[0]
    assert "退回意见：六月产量口径不一致" in card and "已退回" in card


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, world):
    _review(client, world, "return", "请补充")
    web = world.login(client, "liaison-A")
    notice = Notification.objects.filter(department=world.unit).latest("pk")
    count = _unread(web.get("/ledger/").content.decode())
    response = web.get(f"/notifications/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == notice.link
    assert _unread(web.get("/ledger/").content.decode()) == count - 1  # a kept page, a fresh count
    web.post("/notifications/read/")
    assert _unread(web.get("/").content.decode()) == 0


def test_another_unit_neither_sees_nor_opens_the_notice(client, world):
    _review(client, world, "return", "请补充")
    notice = Notification.objects.filter(department=world.unit).latest("pk")
    web = world.login(client, "liaison-B")
    assert notice.message not in web.get("/notifications/").content.decode()
    assert web.get(f"/notifications/{notice.pk}/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_reminder_is_a_notice_in_the_centre(client, world):
    # 26 June: June's reports were due on the 25th, and unit B has not reported its task.
    send_reminders(dt.date(2024, 6, 26), plan=world.plan)
    notice = Notification.objects.get(kind=NoticeKind.REMINDED, department=world.other_unit)
    assert world.other.external_id in notice.message
    web = world.login(client, "liaison-B")
    html = web.get("/notifications/").content.decode()
    assert notice.message.splitlines()[0] in html and ">催办</span>" in html
    assert _unread(html) >= 1


def test_notify_is_the_service_that_writes_a_notice(world):
    liaison = world.users["liaison-A"]
    before = unread_count(liaison)
    notice = notify(
        department=world.unit, kind=NoticeKind.ORDER, message="督办单：请于7月10日前报送整改情况", link="/"
    )
    assert notice.get_kind_display() == "督办单"
    assert unread_count(liaison) == before + 1  # the cached count was dropped
    personal = notify(user=world.users["reader"], message="领导阅示件", link="/")
    assert unread_count(world.users["reader"]) == 1 and personal.department is None
    with pytest.raises(ValueError):
        notify(message="无人可收")
