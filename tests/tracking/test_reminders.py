"""Issue #4 item 6: reminders (催办). Which stage falls on a day, who is late, what each channel
receives (robots through a real HTTP receiver on 127.0.0.1), never the same reminder twice, failed
sends kept as failed and tried again, and ``duban remind`` on the command line.

The office: 爱民区's 2024 plan, monthly, due on the 25th, reminders 3 days before and 1 day after.
发展和改革局 leads three tasks and has its own address; 教育局 leads one and only its liaison has an
address; 财政局 leads one and has no address at all.
"""

from __future__ import annotations

import copy
import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from typer.testing import CliRunner

from duban.accounts.models import Profile, UserRole
from duban.cli import app
from duban.plans.importing import import_report
from duban.plans.models import Assignment, Department, Government, Plan, Task
from duban.tracking import webhooks
from duban.tracking.models import (
    Channel,
    Notification,
    Period,
    ProgressReport,
    Reminder,
    ReminderRoute,
    ReportRole,
    TrackingSettings,
)
from duban.tracking.periods import find_period
from duban.tracking.reminder_messages import (
    Late,
    MessagesError,
    checked,
    group_message,
    messages,
    unit_message,
)
from duban.tracking.reminders import Outcome, send_reminders, stages_on

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reminders.md"
MAY_26 = date(2024, 5, 26)  # the day after May's due day: the 逾期催办 stage
OK = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
REFUSED = json.dumps({"errcode": 310000, "errmsg": "keywords not in content"}).encode()


# The office ----------------------------------------------------------------------------------


@dataclass
class Office:
    plan: Plan
    fgj: Department  # 发展和改革局: T1-0001..0003 (and the withdrawn T1-0006)
    jyj: Department  # 教育局: T1-0004
    czj: Department  # 财政局: T1-0005, supports T1-0004

    def task(self, external_id: str) -> Task:
        return self.plan.tasks.get(external_id=external_id)

    def period(self, label: str) -> Period:
        return find_period(self.plan, label)


@pytest.fixture
def office() -> Office:
    government = Government.objects.create(name="爱民区")
    plan = Plan.objects.create(
        government=government,
        year=2024,
        title="政府工作报告",
        source_name="aimin-2024.txt",
        source_sha256="0" * 64,
        source_format="txt",
        source_text="",
    )
    fgj = Department.objects.create(
        government=government, name="发展和改革局", order=1, email="fgj@aimin.gov.cn"
    )
    jyj = Department.objects.create(government=government, name="教育局", order=2)
    czj = Department.objects.create(government=government, name="财政局", order=3)
    texts = {
        "T1-0001": (fgj, "地区生产总值增长6%左右"),
        "T1-0002": (fgj, "新开工重点项目180个"),
        "T1-0003": (fgj, "深化营商环境改革，\n推行“一网通办”"),
        "T1-0004": (jyj, "新建改扩建中小学校3所"),
        "T1-0005": (czj, "一般公共预算收入增长5%"),
        "T1-0006": (fgj, "已撤销的任务"),
    }
    for order, (external_id, (lead, text)) in enumerate(texts.items(), start=1):
        task = Task.objects.create(
            plan=plan,
            external_id=external_id,
            order=order,
            text=text,
            deadline=date(2024, 12, 31),
            withdrawn=external_id == "T1-0006",
        )
        Assignment.objects.create(task=task, department=lead, role="lead")
    Assignment.objects.create(task=plan.tasks.get(external_id="T1-0004"), department=czj, role="support")
    _user("jyj-liaison", UserRole.LIAISON, jyj, "liaison@jyj.aimin.gov.cn")
    _user("jyj-reader", UserRole.READER, jyj, "reader@jyj.aimin.gov.cn")  # not a liaison: no mail
    return Office(plan, fgj, jyj, czj)


def _user(name: str, role: str, department: Department, email: str):
    user = get_user_model().objects.create(username=name, email=email)
    Profile.objects.create(user=user, role=role, department=department)
    return user


def _report(office: Office, external_id: str, label: str, state: str, role: str = ReportRole.LEAD) -> None:
    task = office.task(external_id)
    unit = task.assignments.get(role=role).department
    ProgressReport.objects.create(
        task=task, period=office.period(label), department=unit, role=role, state=state
    )


def _route(
    office: Office, channel: str, url: str = "", department: Department | None = None
) -> ReminderRoute:
    return ReminderRoute.objects.create(
        government=office.plan.government, channel=channel, webhook_url=url, department=department
    )


def _notified() -> dict[str, int]:
    names = Notification.objects.values_list("department__name", flat=True)
    return {name: list(names).count(name) for name in sorted(set(names))}


# A real webhook receiver ---------------------------------------------------------------------


class Receiver(ThreadingHTTPServer):
    """Records every POST (path, content type, JSON body) and answers what ``replies`` says."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[str, str, dict]] = []
        self.replies: dict[str, tuple[int, bytes]] = {}  # path → (status, body); default errcode 0
        self.delay = 0.0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_port}{path}"

    def bodies(self, path: str) -> list[dict]:
        return [body for p, _, body in self.received if p == path]

    def handle_error(self, request, client_address) -> None:
        pass  # the client gave up on a slow answer: expected in the timeout case


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append((self.path, self.headers["Content-Type"], body))
        time.sleep(self.server.delay)
        status, reply = self.server.replies.get(self.path, (200, OK))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")  # a proxy set for the robots must not take it
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/down"  # nobody listens there once the probe is closed


# Stages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "settings", "expected"),
    [
        (date(2024, 1, 10), {}, []),
        (date(2024, 1, 22), {}, [("2024-01", "before")]),
        (date(2024, 5, 21), {}, [("2024-04", "after")]),
        (date(2024, 5, 22), {}, [("2024-04", "after"), ("2024-05", "before")]),
        (date(2024, 5, 25), {}, [("2024-04", "after"), ("2024-05", "due")]),
        (date(2024, 5, 26), {}, [("2024-05", "after")]),
        (date(2024, 6, 20), {}, [("2024-05", "after")]),
        (date(2024, 5, 27), {"remind_days_after": 3}, []),
        (date(2024, 5, 28), {"remind_days_after": 3}, [("2024-05", "after")]),
        (date(2024, 5, 24), {"remind_days_before": 0}, [("2024-04", "after")]),
        (
            date(2024, 6, 18),
            {"cadence": "quarterly", "remind_days_before": 7},
            [("2024-Q1", "after"), ("2024-Q2", "before")],
        ),
        (date(2025, 1, 15), {}, [("2024-12", "after")]),
    ],
    ids=[
        "nothing near before January's due day",
        "three days before January's due day",
        "four days before May's: only April is chased",
        "three days before May's: April chased, May announced",
        "May's due day: April chased, May due today",
        "the day after May's due day: only May, April no longer",
        "weeks later, May is still the latest period due",
        "two days after when told to wait three: nothing",
        "three days after when told to wait three",
        "no early reminder when remind_days_before is 0",
        "quarterly, a week before Q2 is due",
        "next January: the plan's last period",
    ],
)
def test_the_stages_that_fall_on_a_day(office: Office, day: date, settings: dict, expected: list):
    TrackingSettings.objects.create(plan=office.plan, **settings)
    assert [(period.label, str(stage)) for period, stage in stages_on(office.plan, day)] == expected


# Who is late ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "reminded"),
    [
        (None, True),
        (("2024-05", "draft", "lead"), True),
        (("2024-05", "returned", "lead"), True),
        (("2024-05", "submitted", "lead"), False),
        (("2024-05", "accepted", "lead"), False),
        (("2024-04", "accepted", "lead"), True),
        (("2024-05", "submitted", "support"), True),
    ],
    ids=[
        "no report: reminded",
        "a draft: reminded",
        "a returned report: reminded",
        "a submitted report: not reminded",
        "an accepted report: not reminded",
        "last period's report only: reminded",
        "only the supporting unit's report: reminded",
    ],
)
def test_only_units_missing_a_lead_report_are_reminded(office: Office, report: tuple | None, reminded: bool):
    if report:
        _report(office, "T1-0004", *report)
    send_reminders(MAY_26, plan=office.plan)
    assert ("教育局" in _notified()) is reminded
    assert {"发展和改革局", "财政局"} <= set(_notified())


def test_one_message_per_unit_lists_its_tasks_and_the_due_date(office: Office):
    _report(office, "T1-0002", "2024-05", "submitted")
    summary = send_reminders(MAY_26)
    assert _notified() == {"发展和改革局": 1, "教育局": 1, "财政局": 1}
    assert Notification.objects.get(department=office.fgj).message == (
        "【督办催办】爱民区2024年政府工作报告重点任务：贵单位有2项任务的2024年5月进展尚未报送，"
        "已超过截止日期2024-05-25，请立即补报。\n"
        "T1-0001 地区生产总值增长6%左右\n"
        "T1-0003 深化营商环境改革， 推行“一网通办”"
    )
    assert [(d.channel, d.to, d.outcome) for d in summary.deliveries] == [
        ("app", "发展和改革局", Outcome.SENT),
        ("app", "教育局", Outcome.SENT),
        ("app", "财政局", Outcome.SENT),
    ]


def test_a_unit_with_many_tasks_sees_the_first_five_and_a_count_of_the_rest(office: Office):
    tasks = tuple(Task(external_id=f"T1-{n:04d}", text="推进" + "重点项目建设" * 10) for n in range(1, 8))
    message = unit_message(office.plan, office.period("2024-05"), "before", Late(office.fgj, tasks))
    lines = message.split("\n")
    assert "贵单位有7项任务的2024年5月进展尚未报送，截止日期2024-05-25" in lines[0]
    assert [line.split(" ")[0] for line in lines[1:6]] == [f"T1-{n:04d}" for n in range(1, 6)]
    assert lines[1].endswith("…") and len(lines[1]) == len("T1-0001 ") + 30 + 1
    assert lines[6] == "……另有2项，详见督办系统。"


def test_a_long_group_message_keeps_within_the_wecom_limit(office: Office):
    government = office.plan.government
    lates = [
        Late(Department(government=government, name=f"第{n}街道办事处"), (Task(external_id=f"T1-{n:04d}"),))
        for n in range(1, 200)
    ]
    message = group_message(office.plan, office.period("2024-05"), "due", lates, max_bytes=2048)
    assert len(message.encode("utf-8")) <= 2048
    assert "以下199个单位共199项任务尚未报送" in message
    shown = message.count("街道办事处")
    assert message.endswith(f"……另有{199 - shown}个单位，详见督办系统。")


@pytest.mark.parametrize(
    ("key", "value", "complaint"),
    [
        ("unit.after", "【督办催办】{plan}：{unit}未报送", "unit.after uses {unit}"),
        ("group.due", "", "group.due must be a non-empty string"),
        ("unit.list_tasks", 0, "unit.list_tasks must be a whole number"),
        ("group.label", None, "group.label must be a string"),
    ],
    ids=["a placeholder the code does not fill", "an empty heading", "no tasks listed", "a missing label"],
)
def test_the_messages_file_is_checked_when_read(key: str, value: object, complaint: str):
    data = copy.deepcopy(messages())
    table, name = key.split(".")
    if value is None:
        del data[table][name]
    else:
        data[table][name] = value
    with pytest.raises(MessagesError, match=re.escape(complaint)):
        checked(data)


# Channels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("wecom", {"msgtype": "text", "text": {"content": "…", "mentioned_list": []}}),
        ("dingtalk", {"msgtype": "text", "text": {"content": "…"}, "at": {"isAtAll": False}}),
    ],
    ids=["WeCom group robot", "DingTalk group robot"],
)
def test_robots_receive_one_group_message_and_each_unit_route_its_own(
    office: Office, receiver: Receiver, channel: str, expected: dict
):
    _route(office, channel, receiver.url("/all-units"))
    _route(office, channel, receiver.url("/jyj"), department=office.jyj)
    _route(office, channel, receiver.url("/czj"), department=office.czj)
    _report(office, "T1-0005", "2024-05", "submitted")  # 财政局 has reported: its robot stays quiet
    send_reminders(MAY_26)

    assert {path for path, _, _ in receiver.received} == {"/all-units", "/jyj"}
    assert all(kind == "application/json; charset=utf-8" for _, kind, _ in receiver.received)
    (group,) = receiver.bodies("/all-units")
    assert {**group, "text": {**group["text"], "content": "…"}} == expected
    assert group["text"]["content"].split("\n") == [
        "【督办催办】爱民区2024年政府工作报告重点任务：2024年5月进展已于2024-05-25截止，"
        "以下2个单位共4项任务仍未报送，请立即补报：",
        "发展和改革局3项：T1-0001、T1-0002、T1-0003",
        "教育局1项：T1-0004",
    ]
    (own,) = receiver.bodies("/jyj")
    assert (
        own["text"]["content"].startswith("【督办催办】")
        and "T1-0004 新建改扩建中小学校3所" in own["text"]["content"]
    )
    rows = Reminder.objects.filter(channel=channel)
    assert sorted(rows.values_list("department__name", "ok")) == [("发展和改革局", True), ("教育局", True)]


@pytest.mark.parametrize(
    ("scope", "mailed"),
    [("all units", {"发展和改革局", "教育局"}), ("教育局 only", {"教育局"}), ("no e-mail route", set())],
)
def test_email_goes_to_the_unit_and_its_liaisons(office: Office, scope: str, mailed: set[str]):
    if scope != "no e-mail route":
        _route(office, Channel.EMAIL, department=office.jyj if scope == "教育局 only" else None)
    summary = send_reminders(MAY_26)

    sent = {m.subject.split("：")[1].split("尚有")[0]: m for m in mail.outbox}
    assert set(sent) == mailed
    if "发展和改革局" in sent:
        assert sent["发展和改革局"].to == ["fgj@aimin.gov.cn"]
        assert sent["发展和改革局"].subject == "【逾期催办】2024年5月进展：发展和改革局尚有3项任务未报送"
        assert sent["发展和改革局"].body == Notification.objects.get(department=office.fgj).message
    if "教育局" in sent:
        assert sent["教育局"].to == ["liaison@jyj.aimin.gov.cn"]
    skipped = [(d.to, d.detail) for d in summary.deliveries if d.outcome == Outcome.SKIPPED]
    assert skipped == ([("财政局", "单位邮箱和联络员邮箱均未填写")] if scope == "all units" else [])
    assert set(Reminder.objects.filter(channel="email").values_list("department__name", flat=True)) == mailed


def test_a_unit_skipped_for_want_of_an_address_is_mailed_once_it_has_one(office: Office):
    _route(office, Channel.EMAIL)
    send_reminders(MAY_26)
    assert len(mail.outbox) == 2
    Department.objects.filter(pk=office.czj.pk).update(email="czj@aimin.gov.cn")
    send_reminders(date(2024, 5, 27))
    assert len(mail.outbox) == 3 and mail.outbox[-1].to == ["czj@aimin.gov.cn"]


def test_in_app_notifications_go_to_the_unit_one_per_stage(office: Office):
    send_reminders(date(2024, 5, 22))  # three days before May's due day; April's chase comes with it
    rows = list(Notification.objects.filter(department=office.jyj).order_by("pk"))
    assert [r.message[:6] for r in rows] == ["【督办催办】", "【督办提醒】"]
    assert "2024年4月" in rows[0].message and "截止日期2024-05-25，请按时报送" in rows[1].message
    assert all(r.user is None and r.read_at is None for r in rows)


def test_an_injected_poster_gets_the_address_and_the_payload(office: Office):
    _route(office, Channel.DINGTALK, "https://oapi.dingtalk.com/robot/send?access_token=x")
    calls = []

    def post(url: str, payload: dict) -> dict:
        calls.append((url, payload))
        return {"errcode": 0, "errmsg": "ok"}

    send_reminders(MAY_26, post=post)
    ((url, payload),) = calls
    assert (
        url.endswith("access_token=x")
        and payload["msgtype"] == "text"
        and payload["at"] == {"isAtAll": False}
    )


# Never twice, and failures -------------------------------------------------------------------


def test_a_second_run_sends_nothing_more(office: Office, receiver: Receiver):
    _route(office, Channel.WECOM, receiver.url("/all-units"))
    _route(office, Channel.EMAIL)
    first = send_reminders(MAY_26)
    assert first.count(Outcome.SENT) == 3 + 1 + 2 and first.count(Outcome.SKIPPED) == 1
    counts = (
        Reminder.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
        len(receiver.received),
    )

    for day in [MAY_26, date(2024, 5, 27), date(2024, 6, 20)]:  # the same day, and later in the same stage
        again = send_reminders(day)
        assert [d.outcome for d in again.deliveries] == [Outcome.SKIPPED]  # 财政局 still has no address
    assert (
        Reminder.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
        len(receiver.received),
    ) == counts

    june = send_reminders(date(2024, 6, 22))  # a new stage of a new period is a new reminder
    sent = [d for d in june.deliveries if d.outcome == Outcome.SENT]
    assert len(sent) == 6 and {d.period for d in sent} == {"2024-06"}


@pytest.mark.parametrize(
    ("failure", "detail"),
    [
        ("refused", "机器人返回错误 310000：keywords not in content"),
        ("http error", "HTTP 500：Internal Server Error"),
        ("not json", "应答无法识别"),
        ("receiver down", "无法连接"),
        ("no answer in time", "timed out"),
    ],
    ids=["errcode 310000", "HTTP 500", "a reply that is not JSON", "connection refused", "timeout"],
)
def test_a_failed_send_is_recorded_and_tried_again_next_run(
    office: Office, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, failure: str, detail: str
):
    route = _route(office, Channel.DINGTALK, receiver.url("/robot"))
    if failure == "refused":
        receiver.replies["/robot"] = (200, REFUSED)
    elif failure == "http error":
        receiver.replies["/robot"] = (500, b"oops")
    elif failure == "not json":
        receiver.replies["/robot"] = (200, b"<html>busy</html>")
    elif failure == "receiver down":
        ReminderRoute.objects.filter(pk=route.pk).update(webhook_url=_closed_port_url())
    else:
        monkeypatch.setattr(webhooks, "TIMEOUT", 0.3)
        receiver.delay = 1.0

    first = send_reminders(MAY_26)
    (failed,) = [d for d in first.deliveries if d.channel == "dingtalk"]
    assert failed.outcome == Outcome.FAILED and detail in failed.detail
    rows = Reminder.objects.filter(channel="dingtalk")
    assert rows.count() == 3 and all(not r.ok and detail in r.detail for r in rows)
    assert first.count(Outcome.SENT) == 3  # the in-app notifications went out regardless

    receiver.replies.clear()
    receiver.delay = 0.0
    ReminderRoute.objects.filter(pk=route.pk).update(webhook_url=receiver.url("/robot"))
    second = send_reminders(date(2024, 5, 27))
    assert [(d.channel, d.outcome) for d in second.deliveries] == [("dingtalk", Outcome.SENT)]
    assert all(r.ok and r.detail == "" for r in rows.all())
    assert send_reminders(date(2024, 5, 28)).deliveries == []


def test_a_webhook_that_is_not_http_is_refused_without_opening_it(office: Office):
    _route(office, Channel.WECOM, "file:///etc/passwd")
    (failed,) = [d for d in send_reminders(MAY_26).deliveries if d.channel == "wecom"]
    assert failed.outcome == Outcome.FAILED and "http://" in failed.detail


# The command ---------------------------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(app, ["remind", *args])


def test_remind_prints_each_send_and_a_total_and_exits_0_despite_a_failure(
    office: Office, receiver: Receiver
):
    _route(office, Channel.WECOM, receiver.url("/all-units"))
    _route(office, Channel.DINGTALK, receiver.url("/jyj"), department=office.jyj)
    _route(office, Channel.EMAIL)
    receiver.replies["/jyj"] = (200, REFUSED)
    result = invoke("--date", "2024-05-26", "--plan", "爱民区/2024")
    assert result.exit_code == 0, result.stderr
    # docs/reminders.md shows this very run.
    assert result.stdout in DOCS.read_text(encoding="utf-8")
    failed = (
        "爱民区/2024 2024-05 逾期催办 钉钉 → 教育局：失败：机器人返回错误 310000：keywords not in content"
    )
    assert failed in result.stdout and result.stdout.endswith("合计：已发送 6 条，失败 1 条，跳过 1 条\n")
    again = invoke("--date", "2024-05-26")
    assert again.stdout.splitlines() == [
        failed,  # tried again, refused again
        "爱民区/2024 2024-05 逾期催办 电子邮件 → 财政局：跳过：单位邮箱和联络员邮箱均未填写",
        "合计：已发送 0 条，失败 1 条，跳过 1 条",
    ]


def test_remind_dry_run_writes_and_sends_nothing(office: Office, receiver: Receiver):
    _route(office, Channel.WECOM, receiver.url("/all-units"))
    _route(office, Channel.EMAIL)
    result = invoke("--date", "2024-05-26", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "爱民区/2024 2024-05 逾期催办 电子邮件 → 发展和改革局：将发送：fgj@aimin.gov.cn" in result.stdout
    assert result.stdout.splitlines()[-1] == "合计（演练，未发送也未记录）：将发送 6 条，跳过 1 条"
    assert not Reminder.objects.exists() and not Notification.objects.exists()
    assert not Period.objects.exists()  # not even the periods a first run creates
    assert mail.outbox == [] and receiver.received == []


def test_remind_on_a_quiet_day_says_so(office: Office):
    result = invoke("--date", "2024-01-10")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "2024-01-10 没有需要发送的催办",
        "合计：已发送 0 条，失败 0 条，跳过 0 条",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-13-01"], "日期“2024-13-01”无效"),
        (["--plan", "无此区/2024"], "找不到计划“无此区/2024”"),
    ],
    ids=["bad date", "unknown plan"],
)
def test_remind_bad_input_is_one_line_and_status_2(office: Office, args: list[str], message: str):
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_the_sample_plan_dry_run_names_its_lead_units(sample_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    result = invoke("--date", "2024-05-26", "--plan", str(plan.pk), "--dry-run")
    leads = set(
        Assignment.objects.filter(task__plan=plan, role="lead", withdrawn=False).values_list(
            "department__name", flat=True
        )
    )
    listed = {line.split("→ ")[1].split("：")[0] for line in result.stdout.splitlines() if "站内通知" in line}
    assert listed == leads and not Reminder.objects.exists()
