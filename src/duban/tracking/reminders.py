"""Reminders (催办): a day in (and optionally one plan); out go messages to every unit that leads a
live task whose report for a period near its due date is still missing, on every active channel,
with one ``Reminder`` row per unit, channel and stage so that nothing is sent twice.
``send_reminders`` returns what it sent, what failed and what it skipped.

Stages, from the plan's settings (``remind_days_before``, ``remind_days_after``):

- before: the period is due in 1 to ``remind_days_before`` days;
- due: the period is due today;
- after: the period is the latest one already due, and it is at least ``remind_days_after`` days
  past (never less than one). Older periods are not chased again; the bulletin deals with them;
- manual: the office pressed 催办 on a unit or a task in the web (``remind_now``), once per period.

A unit is late for a period while a live task it leads has no lead report submitted or accepted;
a draft or a returned report does not count. Each late unit gets one message listing its tasks.

Channels: in-app notifications always; the rest follow the government's active routes
(``ReminderRoute``). A WeCom or DingTalk route limited to a unit gets that unit's message. A route
without a unit is the group of all units: it gets one message per period and stage listing every
late unit, not one per unit, so the group is not flooded. An e-mail route sends each unit it covers
(all, or the one it names) its message, to the unit's address and its liaisons'.

Never twice: a unit is reminded at most once per period, channel and stage; the row is written right
after each send, so a run that dies halfway keeps what it already sent. A failed send (``ok=False``)
is tried again by the next run; a successful one never is. A unit without any e-mail address is
skipped and not recorded, so an address added later still gets the reminder. The record is per unit
and channel, not per webhook: when a unit's message goes to two robots of one channel (its own group
and the all-units group) and only one of them fails, the retry goes to both.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from duban.accounts import rules
from duban.accounts.models import Profile, UserRole
from duban.errors import Forbidden, NotFound, Refusal
from duban.plans.models import Assignment, Department, Plan, Role, Task, heavy
from duban.tracking import webhooks
from duban.tracking.models import (
    Channel,
    NoticeKind,
    Period,
    ProgressReport,
    Reminder,
    ReminderRoute,
    ReportRole,
    ReportState,
    Stage,
)
from duban.tracking.notices import notify
from duban.tracking.periods import as_of, due_by, ensure_periods, open_on, settings_for
from duban.tracking.reminder_messages import (
    Late,
    email_subject,
    failure,
    group_label,
    group_message,
    unit_message,
)
from duban.tracking.webhooks import Poster

_FILED = {ReportState.SUBMITTED, ReportState.ACCEPTED}


class Outcome(StrEnum):
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # nowhere to send it: a unit without an e-mail address
    PLANNED = "planned"  # a dry run: would be sent


@dataclass(frozen=True)
class Delivery:
    """One message to one destination: a unit, or a group of all units."""

    plan: str  # 爱民区/2024
    period: str  # 2024-05
    stage: str  # Stage value
    channel: str  # Channel value
    to: str  # the unit's name, or the group's label
    departments: tuple[str, ...]  # the units the message reminds
    message: str
    outcome: Outcome
    detail: str = ""  # what went wrong, or the e-mail addresses


@dataclass
class ReminderSummary:
    day: dt.date
    dry_run: bool = False
    deliveries: list[Delivery] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for d in self.deliveries if d.outcome == outcome)


def send_reminders(
    day: dt.date, *, plan: Plan | None = None, post: Poster | None = None, dry_run: bool = False
) -> ReminderSummary:
    """Remind every late unit of every plan (or of ``plan``) for the stages that fall on ``day``.

    ``post`` replaces the HTTP client for the robots (tests). ``dry_run`` sends and records nothing
    and lists what would be sent.
    """
    plans = [plan] if plan is not None else list(Plan.objects.select_related("government"))
    run = _Run(post or webhooks.post_json, dry_run=dry_run)
    if not dry_run:
        run.remind_all(plans, day)
    else:
        # Even a dry run creates a plan's periods on first use; roll that back as well, so it leaves
        # the database exactly as it found it.
        with transaction.atomic():
            run.remind_all(plans, day)
            transaction.set_rollback(True)
    return ReminderSummary(day, dry_run, run.deliveries)


def remind_now(
    plan: Plan,
    department: Department,
    day: dt.date,
    *,
    user,
    task: Task | None = None,
    post: Poster | None = None,
) -> ReminderSummary:
    """The office's 催办 from the web: remind one unit (of one of its tasks, with ``task``) now, on
    every channel, of the reports it still owes — for the latest period already due when it owes
    that one, else for the period open on ``day``.

    The same service as the daily run, under its own stage (督查室催办) and its never-twice rule:
    a unit is reminded this way at most once per period and channel; asking again is refused
    with when it was done.
    """
    if not rules.is_office(user, plan):
        raise Forbidden("只有督查室可以催办")
    if department.government_id != plan.government_id:
        raise NotFound(f"{department.name}不是{plan.government.name}的单位")
    period, late = _owed(plan, department, day, task)
    run = _Run(post or webhooks.post_json, dry_run=False, requested_by=user)
    run.remind(_Round(plan, period, Stage.MANUAL), [late])
    if not run.deliveries:
        earlier = (
            Reminder.objects.filter(period=period, department=department, stage=Stage.MANUAL, ok=True)
            .order_by("sent_at")
            .first()
        )
        when = timezone.localtime(earlier.sent_at).strftime("%Y-%m-%d %H:%M") if earlier else ""
        raise Refusal(f"{department.name}的{period.title}进展已于 {when} 催办过，同一期不重复催办")
    return ReminderSummary(day, False, run.deliveries)


def remind_unit(user, plan: Plan, department_id: int, day: dt.date) -> ReminderSummary:
    """``remind_now`` for a unit named by its pk (the 催办 button on a unit)."""
    department = Department.objects.filter(pk=department_id, government_id=plan.government_id).first()
    if department is None:
        raise NotFound(f"{plan.government.name}没有这个单位")
    return remind_now(plan, department, day, user=user)


def remind_task(user, task_id: str, day: dt.date | None) -> ReminderSummary:
    """``remind_now`` for one task's lead unit (the 催办 button on a task), on the plan's day."""
    task = (
        Task.objects.select_related("plan__government")
        .defer(*heavy("plan"))
        .filter(external_id=task_id)
        .first()
    )
    if task is None:
        raise NotFound(f"没有编号为 {task_id} 的任务")
    lead = task.lead_unit()
    if lead is None:
        raise Refusal(f"任务 {task_id} 还没有牵头单位：请先分工")
    return remind_now(task.plan, lead, as_of(task.plan, day), user=user, task=task)


_OUTCOME_WORDS = {Outcome.SENT: "已发送", Outcome.FAILED: "发送失败", Outcome.SKIPPED: "未发送"}


def summary_line(summary: ReminderSummary) -> str:
    """One line for the office: whom it reminded, for what, and how each channel went."""
    first = summary.deliveries[0]
    sends = "；".join(
        Channel(d.channel).label + _OUTCOME_WORDS.get(d.outcome, "") + (f"（{d.detail}）" if d.detail else "")
        for d in summary.deliveries
    )
    return f"已催办{'、'.join(first.departments)}（{first.period}）：{sends}"


def _owed(plan: Plan, department: Department, day: dt.date, task: Task | None) -> tuple[Period, Late]:
    candidates = [due_by(plan, day), open_on(plan, day)]
    for period in dict.fromkeys(p for p in candidates if p is not None):
        late = next((x for x in late_units(plan, period) if x.department.pk == department.pk), None)
        tasks = [t for t in late.tasks if task is None or t.pk == task.pk] if late else []
        if tasks:
            return period, Late(department, tuple(tasks))
    which = f"任务 {task.external_id} 的" if task else ""
    raise Refusal(f"{department.name}{which}进展已报送，无需催办")


def stages_on(plan: Plan, day: dt.date) -> list[tuple[Period, Stage]]:
    """The (period, stage) pairs whose reminders fall on ``day``, oldest period first."""
    chosen = settings_for(plan)
    found: list[tuple[Period, Stage]] = []
    latest = due_by(plan, day)  # due strictly before ``day``
    if latest is not None and (day - latest.due).days >= chosen.remind_days_after:
        found.append((latest, Stage.AFTER))
    for period in ensure_periods(plan):
        ahead = (period.due - day).days
        if ahead == 0:
            found.append((period, Stage.DUE))
        elif 0 < ahead <= chosen.remind_days_before:
            found.append((period, Stage.BEFORE))
    return found


def late_units(plan: Plan, period: Period) -> list[Late]:
    """Units leading a live task without a submitted or accepted lead report for ``period``."""
    # Filed is judged per task, as the status page does: a report filed before the lead changed
    # still counts for the task.
    filed = ProgressReport.objects.filter(period=period, role=ReportRole.LEAD, state__in=_FILED)
    leads = (
        Assignment.objects.filter(task__plan=plan, task__withdrawn=False, role=Role.LEAD, withdrawn=False)
        .exclude(task_id__in=filed.values("task_id"))
        .select_related("task", "department")
        .order_by("department__order", "department__name", "task__order", "task_id")
    )
    tasks: dict[int, list[Task]] = {}
    units: dict[int, Department] = {}
    for assignment in leads:
        units[assignment.department_id] = assignment.department
        tasks.setdefault(assignment.department_id, []).append(assignment.task)
    return [Late(units[pk], tuple(found)) for pk, found in tasks.items()]


# E-mail --------------------------------------------------------------------------------------


def email_addresses(department: Department) -> list[str]:
    """The unit's own address, then its active liaisons' addresses, without repeats."""
    liaisons = Profile.objects.filter(
        role=UserRole.LIAISON, department=department, user__is_active=True
    ).values_list("user__email", flat=True)
    found = (a.strip() for a in [department.email, *liaisons] if a)
    return list(dict.fromkeys(a for a in found if a))


def deliver_by_mail(subject: str, body: str, addresses: list[str]) -> str:
    try:
        send_mail(subject, body, None, addresses, fail_silently=False)
    except (smtplib.SMTPException, OSError) as err:
        return failure("mail", reason=err)
    return ""


# One run -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Round:
    """One period at one stage of one plan."""

    plan: Plan
    period: Period
    stage: Stage


@dataclass(frozen=True)
class _Send:
    """A message ready to go: ``go()`` sends it and returns "" or what went wrong."""

    channel: Channel
    to: str
    covered: tuple[Department, ...]
    message: str
    go: Callable[[], str]
    skip: str = ""  # why it cannot be sent at all; such a send is listed, not recorded
    note: str = ""  # shown with a send that went through: the e-mail addresses


class _Run:
    def __init__(self, post: Poster, *, dry_run: bool, requested_by=None) -> None:
        self.post = post
        self.dry_run = dry_run
        self.requested_by = requested_by  # the office user behind a 催办 from the web
        self.deliveries: list[Delivery] = []
        # (period, stage, channel, unit) → what failed earlier in this run, so that a unit reached
        # by two robots of one channel is recorded as failed when either failed.
        self.failed: dict[tuple[int, str, str, int], str] = {}

    def remind_all(self, plans: list[Plan], day: dt.date) -> None:
        for plan in plans:
            for period, stage in stages_on(plan, day):
                lates = late_units(plan, period)
                if lates:
                    self.remind(_Round(plan, period, stage), lates)

    def remind(self, round_: _Round, lates: list[Late]) -> None:
        routes = list(
            ReminderRoute.objects.filter(government_id=round_.plan.government_id, active=True)
            .select_related("department")
            .order_by("pk")
        )
        for channel in Channel:
            on_channel = [r for r in routes if r.channel == channel]
            if channel != Channel.APP and not on_channel:
                continue  # in-app notifications need no route; the other channels do
            pending = _not_yet_reminded(round_, channel, lates)
            if not pending:
                continue  # an empty group message would be noise
            for send in self._sends(round_, channel, pending, on_channel):
                self._deliver(round_, send)

    def _sends(
        self, round_: _Round, channel: Channel, pending: list[Late], routes: list[ReminderRoute]
    ) -> list[_Send]:
        if channel == Channel.APP:
            return [self._notification(round_, late) for late in pending]
        if channel == Channel.EMAIL:
            return self._emails(round_, pending, routes)
        return self._robots(round_, channel, pending, routes)

    def _notification(self, round_: _Round, late: Late) -> _Send:
        message = unit_message(round_.plan, round_.period, round_.stage, late)

        def go() -> str:
            link = f"/inbox/?plan={round_.plan.pk}"
            notify(department=late.department, kind=NoticeKind.REMINDED, message=message, link=link)
            return ""

        return _Send(Channel.APP, late.department.name, (late.department,), message, go)

    def _robots(
        self, round_: _Round, channel: Channel, pending: list[Late], routes: list[ReminderRoute]
    ) -> list[_Send]:
        by_unit = {late.department.pk: late for late in pending}
        limit = webhooks.MAX_BYTES[channel]
        sends = []
        for route in routes:
            if not route.webhook_url:
                continue
            if route.department_id is None:
                message = group_message(round_.plan, round_.period, round_.stage, pending, max_bytes=limit)
                covered = tuple(late.department for late in pending)
                to = group_label()
            elif route.department_id in by_unit:
                late = by_unit[route.department_id]
                message = unit_message(round_.plan, round_.period, round_.stage, late, max_bytes=limit)
                covered, to = (late.department,), late.department.name
            else:
                continue  # this unit has reported
            go = partial(webhooks.deliver, self.post, channel, route.webhook_url, message)
            sends.append(_Send(channel, to, covered, message, go))
        return sends

    def _emails(self, round_: _Round, pending: list[Late], routes: list[ReminderRoute]) -> list[_Send]:
        everyone = any(r.department_id is None for r in routes)
        named = {r.department_id for r in routes}
        sends = []
        for late in pending:
            if not everyone and late.department.pk not in named:
                continue
            message = unit_message(round_.plan, round_.period, round_.stage, late)
            addresses = email_addresses(late.department)
            subject = email_subject(round_.period, round_.stage, late)
            go = partial(deliver_by_mail, subject, message, addresses)
            skip = "" if addresses else failure("no_address")
            note = ", ".join(addresses)
            sends.append(
                _Send(Channel.EMAIL, late.department.name, (late.department,), message, go, skip, note)
            )
        return sends

    def _deliver(self, round_: _Round, send: _Send) -> None:
        if send.skip or self.dry_run:
            outcome, problem = (Outcome.SKIPPED, send.skip) if send.skip else (Outcome.PLANNED, "")
        else:
            # An in-app notification and its record are both ours: write them together. A robot or
            # a mail server is not, so no transaction is held open while waiting for one.
            together = transaction.atomic() if send.channel == Channel.APP else nullcontext()
            with together:
                problem = send.go()
                self._record(round_, send, problem)
            outcome = Outcome.FAILED if problem else Outcome.SENT
        self.deliveries.append(
            Delivery(
                plan=round_.plan.key,
                period=round_.period.label,
                stage=str(round_.stage),
                channel=str(send.channel),
                to=send.to,
                departments=tuple(d.name for d in send.covered),
                message=send.message,
                outcome=outcome,
                detail=problem or send.note,
            )
        )

    def _record(self, round_: _Round, send: _Send, problem: str) -> None:
        for department in send.covered:
            key = (round_.period.pk, str(round_.stage), str(send.channel), department.pk)
            failed = problem or self.failed.get(key, "")
            if failed:
                self.failed[key] = failed
            Reminder.objects.update_or_create(
                period=round_.period,
                department=department,
                channel=send.channel,
                stage=round_.stage,
                defaults={
                    "message": send.message,
                    "ok": not failed,
                    "detail": failed,
                    "sent_at": timezone.now(),
                    "requested_by": self.requested_by,
                },
            )


def _not_yet_reminded(round_: _Round, channel: Channel, lates: list[Late]) -> list[Late]:
    done = set(
        Reminder.objects.filter(
            period=round_.period, stage=round_.stage, channel=channel, ok=True
        ).values_list("department_id", flat=True)
    )
    return [late for late in lates if late.department.pk not in done]
