"""Progress reports (进展报送) and their review (审核): a unit's entry in, a stored report out.

draft → submitted → accepted (locked) or returned with a comment (then edited and submitted
again). Each use case is one transaction and one history entry. Two people saving the same
report: the second save carries a stale version and is refused, so nothing is overwritten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from duban.accounts import rules
from duban.errors import Conflict, Forbidden, NotFound, Refusal
from duban.plans import history, revision
from duban.plans.models import Department, Role, Target, Task, heavy
from duban.tracking import writes
from duban.tracking.figure_text import format_figure
from duban.tracking.models import (
    Figure,
    NoticeKind,
    Notification,
    Period,
    ProgressReport,
    ReportRole,
    ReportSource,
    ReportState,
)
from duban.tracking.notices import notify_all

_MAX_TEXT = 5000


class ReportRefused(Refusal):
    """The report cannot be saved, submitted or reviewed as asked; nothing changed."""


class EditConflict(ReportRefused, Conflict):
    """Someone else saved the report since it was opened."""


@dataclass
class ReportEntry:
    """What a unit fills in for one task and period."""

    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    percent: float | None = None  # the unit's own estimate for a task without figures, 0–100
    figures: dict[int, float | None] = field(default_factory=dict)  # target pk → cumulative figure
    figure_texts: dict[int, str] = field(default_factory=dict)  # target pk → as written


def role_in(task: Task, department: Department) -> str | None:
    assignment = task.assignments.filter(department=department, withdrawn=False).first()
    if assignment is None:
        return None
    return ReportRole.LEAD if assignment.role == Role.LEAD else ReportRole.SUPPORT


def open_report(task: Task, period: Period, department: Department, *, user) -> ProgressReport:
    """The unit's report for the period, a new draft when there is none yet."""
    _check_opening(task, department, user)
    report = ProgressReport.objects.filter(task=task, period=period, department=department).first()
    return report if report is not None else _new_report(task, period, department, user)


def new_report(task: Task, period: Period, department: Department, *, user) -> ProgressReport:
    """A new draft, for a caller that found no report of the unit for the period; one made
    meanwhile by someone else is refused as a conflict."""
    _check_opening(task, department, user)
    return _new_report(task, period, department, user)


def _check_opening(task: Task, department: Department, user) -> None:
    if not rules.may_report(user, task, department):
        raise ReportRefused(f"“{department}”不承担任务 {task.external_id}，或您无权代其报送")
    if task.withdrawn:
        raise ReportRefused(f"任务 {task.external_id} 已撤销，无需报送")


def _new_report(task: Task, period: Period, department: Department, user) -> ProgressReport:
    try:
        with writes.batch(), transaction.atomic():
            revision.bump(task.plan_id)  # the plan's row first, as every writer takes it (see _claim)
            made = ProgressReport(
                task=task, period=period, department=department, role=role_in(task, department)
            )
            return history.save(made, user=user, reason="新建进展报告")
    except IntegrityError:
        # Two first saves of the same report at once: the unique constraint lets one through.
        raise EditConflict("同时有人新建了这份报告：您的内容没有保存，请刷新后在最新内容上修改") from None


def save_report(
    report: ProgressReport,
    entry: ReportEntry,
    *,
    version: int,
    user,
    submit: bool = False,
    source: str = ReportSource.WEB,
) -> ProgressReport:
    """Save a draft (or submit it). ``version`` is the one the editor opened; a newer one means
    someone else saved in between, and this save is refused."""
    if not rules.may_report(user, report.task, report.department):
        raise ReportRefused("您无权修改这份进展报告")
    _check_entry(report, entry)
    with writes.batch():
        report = _claim(report, version)
        if report.state in {ReportState.ACCEPTED}:
            raise ReportRefused("这份报告已审核通过并锁定，不能再修改")
        if report.state == ReportState.SUBMITTED and not submit:
            raise ReportRefused("报告已报送，等待审核；如需修改请联系督查室退回")
        report.progress, report.problems, report.next_steps = entry.progress, entry.problems, entry.next_steps
        report.percent, report.source = entry.percent, source
        if submit:
            report.state, report.submitted_at, report.submitted_by = (
                ReportState.SUBMITTED,
                timezone.now(),
                user,
            )
        elif report.state == ReportState.RETURNED:
            report.state = ReportState.DRAFT
        history.save(report, user=user, reason="报送进展" if submit else "保存草稿")
        _store_figures(report, entry, user=user)
    return report


def _check_entry(report: ProgressReport, entry: ReportEntry) -> None:
    check_entry(entry)
    targets = set(report.task.targets.filter(withdrawn=False).values_list("pk", flat=True))
    if set(entry.figures) - targets:
        raise ReportRefused("完成值对应的目标不属于这项任务：请刷新页面后重新填写")


def check_entry(entry: ReportEntry) -> None:
    """The entry's texts, self-assessed percent and figures within bounds, or a refusal."""
    for name, text in [
        ("进展情况", entry.progress),
        ("存在问题", entry.problems),
        ("下步措施", entry.next_steps),
    ]:
        if len(text) > _MAX_TEXT:
            raise ReportRefused(f"{name}超过 {_MAX_TEXT} 字：请精简后再保存")
    if entry.percent is not None and not (0 <= entry.percent <= 100 and math.isfinite(entry.percent)):
        raise ReportRefused("自评完成度应在 0 到 100 之间")
    if any(v is not None and not math.isfinite(v) for v in entry.figures.values()):
        raise ReportRefused("完成值必须是有限的数字")


def _claim(report: ProgressReport, version: int) -> ProgressReport:
    """Take the report at ``version`` and bump it in one statement: of two savers, one wins.

    The plan's row is locked first (its revision is bumped by every write to it anyway): a
    writer holding a report while it waits for the plan, and an import holding the plan while it
    waits for that report, would deadlock on PostgreSQL.
    """
    revision.bump(report.task.plan_id)
    won = ProgressReport.objects.filter(pk=report.pk, version=version).update(version=F("version") + 1)
    if not won:
        current = ProgressReport.objects.get(pk=report.pk)
        who = current.history.first().history_user or "他人"
        raise EditConflict(
            f"这份报告已被{who}修改（版本 {current.version}）：您的内容没有保存，请刷新后在最新内容上修改"
        )
    return ProgressReport.objects.select_related("task", "period", "department").get(pk=report.pk)


def _store_figures(report: ProgressReport, entry: ReportEntry, *, user) -> None:
    targets = {t.pk: t for t in report.task.targets.filter(pk__in=list(entry.figures))}
    for target_pk in entry.figures:
        figure = Figure.objects.filter(report=report, target_id=target_pk).first() or Figure(
            report=report, target_id=target_pk
        )
        fields = figure_fields(entry, targets[target_pk])
        history.update(figure, fields, user=user, reason="填报完成值")


def figure_fields(entry: ReportEntry, target: Target) -> dict:
    """The stored value and text of the entry's figure for ``target``: a figure sent as a bare
    number (the API) is kept as written in the target's scale."""
    value = entry.figures[target.pk]
    written = "" if value is None else format_figure(value, target, decimals=None)
    return {"value": value, "text": entry.figure_texts.get(target.pk, written)[:100]}


def review(
    report: ProgressReport, *, accept: bool, comment: str = "", version: int, user, notify_unit: bool = True
) -> ProgressReport:
    """The office accepts a submitted report (locking it) or returns it with a comment; the unit
    is notified (``notify_unit``) in the notification centre either way."""
    if not rules.has_office_role(user):
        raise ReportRefused("只有督查室可以审核进展报告")
    if not rules.is_office(user, report.task.plan):
        raise Forbidden("只有本级政府的督查室可以审核这份进展报告")
    if not accept and not comment.strip():
        raise ReportRefused("退回时请写明退回意见，说明需要单位补充或更正什么")
    with writes.batch():
        report = _claim(report, version)
        if report.state != ReportState.SUBMITTED:
            raise ReportRefused(f"只能审核已报送的报告（当前：{report.get_state_display()}）")
        report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
        report.review_comment = comment.strip()
        report.reviewed_at, report.reviewed_by = timezone.now(), user
        history.save(report, user=user, reason="审核通过" if accept else "退回")
        if notify_unit:
            notify_reviewed([report])
    return report


def review_by_id(user, report_id: int, *, accept: bool, comment: str, version: int) -> ProgressReport:
    """``review`` of the report with this id; nobody but the office learns whether it exists."""
    if not rules.has_office_role(user):
        raise Forbidden("只有督查室可以审核进展报告")
    report = (
        ProgressReport.objects.filter(pk=report_id)
        .select_related("task__plan")
        .defer(*heavy("task__plan"))
        .first()
    )
    if report is not None and not rules.may_read_plan(user, report.task.plan):
        report = None  # another government's: not there for this office
    if report is None:
        raise NotFound(f"没有编号为 {report_id} 的进展报告")
    return review(report, accept=accept, comment=comment, version=version, user=user)


def accept_reports(pairs: list[tuple[int, int]], *, user) -> list[ProgressReport]:
    """Accept several submitted reports at once, each at the version the office saw; all or none:
    one that someone changed meanwhile refuses the whole batch, naming it."""
    if not rules.has_office_role(user):
        raise ReportRefused("只有督查室可以审核进展报告")
    if not pairs:
        raise ReportRefused("请先勾选要审核通过的报告")
    found = {r.pk: r for r in ProgressReport.objects.filter(pk__in=[pk for pk, _ in pairs])}
    accepted = []
    with writes.batch():
        for pk, version in pairs:
            report = found.get(pk)
            if report is None:
                raise ReportRefused(f"编号为 {pk} 的进展报告不存在：请刷新页面后重新勾选")
            try:
                accepted.append(review(report, accept=True, version=version, user=user))
            except ReportRefused as err:
                which = f"{report.task.external_id}（{report.period.title}）"
                raise type(err)(f"{which}：{err}；所选报告均未审核") from None
    return accepted


def notify_reviewed(reports: list[ProgressReport]) -> None:
    """Tell each report's unit that the office accepted or returned it."""
    notify_all([_reviewed_notice(report) for report in reports])


def _reviewed_notice(report: ProgressReport) -> Notification:
    what = f"任务 {report.task.external_id} 的{report.period.title}进展"
    if report.state == ReportState.ACCEPTED:
        message = f"{what}已由督查室审核通过。"
        kind, link = NoticeKind.ACCEPTED, f"/tasks/{report.task.external_id}/"
    else:
        message = f"{what}被督查室退回：{report.review_comment}"
        kind, link = NoticeKind.RETURNED, f"/inbox/?plan={report.task.plan_id}#item-{report.task.external_id}"
    return Notification(department=report.department, kind=kind, message=message, link=link[:200])


def file_report(
    task: Task,
    period: Period,
    department: Department,
    entry: ReportEntry,
    *,
    user,
    accept: bool = False,
    source: str = ReportSource.EXCEL,
) -> ProgressReport:
    """File a whole report at once (a workbook row, the demo): submitted, or accepted by the office."""
    with writes.batch():
        report = open_report(task, period, department, user=user)
        if report.state == ReportState.SUBMITTED:
            report.state = ReportState.DRAFT  # a newer filing for the same period replaces the pending one
            history.save(report, user=user, reason="重新报送")
        report = save_report(report, entry, version=report.version, user=user, submit=True, source=source)
        if accept:
            # The office filing and accepting at once tells no one: it is the one who did both.
            report = review(report, accept=True, version=report.version, user=user, notify_unit=False)
    return report
