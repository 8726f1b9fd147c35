"""Tracking's tables: a plan's reporting settings and periods, progress reports with their figures
and evidence, milestones, imports of progress workbooks, reminders and in-app notifications.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from duban.plans.models import Department, Plan, Target, Task


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "按月"
    QUARTERLY = "quarterly", "按季度"


class TrackingSettings(models.Model):
    plan = models.OneToOneField(Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="tracking")
    cadence = models.CharField("报送周期", max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY)
    due_day = models.PositiveSmallIntegerField("报送截止日", default=25, help_text="每期截止于当月的这一天")
    tolerance = models.FloatField("序时容差", default=0.0, help_text="完成率不低于序时进度减此值即为序时推进")
    yellow_band = models.FloatField("黄灯区间", default=0.10, help_text="落后不超过此值亮黄灯，超过亮红灯")
    basic_threshold = models.FloatField("基本完成线", default=0.90)
    remind_days_before = models.PositiveSmallIntegerField("提前提醒天数", default=3)
    remind_days_after = models.PositiveSmallIntegerField("逾期催办天数", default=1)
    as_of = models.DateField(
        "评估日期",
        null=True,
        blank=True,
        help_text="页面按这一天计算序时进度和状态；空则为今天（演示数据设为演示日期）",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "督办设置"

    def __str__(self) -> str:
        return f"{self.plan} {self.get_cadence_display()}"


class Period(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="periods")
    label = models.CharField("期次", max_length=16, help_text="2024-05 或 2024-Q2")
    start = models.DateField("开始")
    end = models.DateField("结束")
    due = models.DateField("报送截止")

    class Meta:
        verbose_name = verbose_name_plural = "报送期次"
        ordering = ["plan", "end"]
        constraints = [models.UniqueConstraint(fields=["plan", "label"], name="period_unique_label")]

    def __str__(self) -> str:
        return self.label

    @property
    def title(self) -> str:
        """How people say it: 2024年5月, 2024年第二季度."""
        year, _, part = self.label.partition("-")
        if part.startswith("Q"):
            return f"{year}年第{'一二三四'[int(part[1:]) - 1]}季度"
        return f"{year}年{int(part)}月"


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    ACCEPTED = "accepted", "已审核"
    RETURNED = "returned", "已退回"


class ReportRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    SUPPORT = "support", "配合单位"


class ReportSource(models.TextChoices):
    WEB = "web", "网页"
    EXCEL = "excel", "Excel"
    API = "api", "接口"
    DEMO = "demo", "演示数据"


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(Period, verbose_name="期次", on_delete=models.PROTECT, related_name="reports")
    department = models.ForeignKey(
        Department, verbose_name="报送单位", on_delete=models.PROTECT, related_name="reports"
    )
    role = models.CharField("身份", max_length=8, choices=ReportRole.choices, default=ReportRole.LEAD)
    state = models.CharField("状态", max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    progress = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步措施", blank=True)
    percent = models.FloatField(
        "自评完成度", null=True, blank=True, help_text="无量化目标时由单位自评，0–100"
    )
    review_comment = models.TextField("审核意见", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField("来源", max_length=8, choices=ReportSource.choices, default=ReportSource.WEB)
    version = models.PositiveIntegerField("版本", default=1, help_text="每次保存加一；用于发现同时编辑")
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "进展报告"
        ordering = ["task", "period__end", "role"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period", "department"], name="report_unique_per_unit")
        ]
        # By source: whether a plan holds demo reports is asked on every overview.
        indexes = [models.Index(fields=["period", "state"]), models.Index(fields=["source", "task"])]

    def __str__(self) -> str:
        return f"{self.task.external_id} {self.period} {self.department}"

    @property
    def is_demo(self) -> bool:
        return self.source == ReportSource.DEMO

    @property
    def locked(self) -> bool:
        return self.state == ReportState.ACCEPTED


class Figure(models.Model):
    """The cumulative figure to date (完成值) that one report gives for one target."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="进展报告", on_delete=models.PROTECT, related_name="figures"
    )
    target = models.ForeignKey(Target, verbose_name="目标", on_delete=models.PROTECT, related_name="figures")
    value = models.FloatField("完成值", null=True, blank=True)
    text = models.CharField("填报原文", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "完成值"
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="figure_unique_per_target")]

    def __str__(self) -> str:
        return f"{self.target.metric} {self.text or self.value}"


class Evidence(models.Model):
    """A file attached to a report; the bytes live in the data directory under their SHA-256."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="进展报告", on_delete=models.PROTECT, related_name="evidence"
    )
    sha256 = models.CharField("SHA-256", max_length=64)
    filename = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    withdrawn = models.BooleanField("已撤销", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.filename


class Milestone(models.Model):
    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField("节点", max_length=200)
    due = models.DateField("计划完成", null=True, blank=True)
    done = models.BooleanField("已完成", default=False)
    order = models.PositiveIntegerField("顺序", default=0)
    withdrawn = models.BooleanField("已撤销", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "工作节点"
        ordering = ["task", "order"]

    def __str__(self) -> str:
        return self.title


class ProgressImport(models.Model):
    """One progress workbook filed; its hash refuses the same file a second time."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="progress_imports"
    )
    period = models.ForeignKey(Period, verbose_name="期次", on_delete=models.PROTECT, related_name="imports")
    department = models.ForeignKey(
        Department, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField("文件SHA-256", max_length=64, unique=True)
    filename = models.CharField("文件名", max_length=255)
    rows = models.PositiveIntegerField("报送行数")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "进展表导入记录"

    def __str__(self) -> str:
        return f"{self.filename} {self.period}"


class Channel(models.TextChoices):
    APP = "app", "站内通知"
    WECOM = "wecom", "企业微信"
    DINGTALK = "dingtalk", "钉钉"
    EMAIL = "email", "电子邮件"


class Stage(models.TextChoices):
    BEFORE = "before", "截止前提醒"
    DUE = "due", "截止日提醒"
    AFTER = "after", "逾期催办"
    MANUAL = "manual", "督查室催办"  # sent from the web by the office, not by the daily run


class ReminderRoute(models.Model):
    """Where a government's reminders go: a group robot's webhook, or e-mail to the units' liaisons."""

    government = models.ForeignKey(
        "plans.Government", verbose_name="政府", on_delete=models.PROTECT, related_name="reminder_routes"
    )
    channel = models.CharField("渠道", max_length=12, choices=Channel.choices)
    webhook_url = models.URLField("机器人地址", blank=True, max_length=500)
    department = models.ForeignKey(
        Department,
        verbose_name="仅限单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空则为全体单位的群",
    )
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "提醒渠道"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.department or '全体单位'}"


class Reminder(models.Model):
    """A reminder sent (or tried) — one per period, unit, channel and stage, never twice."""

    period = models.ForeignKey(
        Period, verbose_name="期次", on_delete=models.PROTECT, related_name="reminders"
    )
    department = models.ForeignKey(
        Department, verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField("渠道", max_length=12, choices=Channel.choices)
    stage = models.CharField("阶段", max_length=8, choices=Stage.choices)
    message = models.TextField("内容")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    ok = models.BooleanField("成功", default=True)
    detail = models.CharField("结果", max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="催办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="督查室在网页上点“催办”时记下是谁；每日定时提醒为空",
    )

    class Meta:
        verbose_name = verbose_name_plural = "催办记录"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "department", "channel", "stage"], name="reminder_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.department} {self.get_channel_display()}"


class NoticeKind(models.TextChoices):
    RETURNED = "returned", "退回"
    ACCEPTED = "accepted", "审核通过"
    REMINDED = "reminded", "催办"
    ORDER = "order", "督办单"
    OTHER = "other", "通知"


class Notification(models.Model):
    """An in-app message to the users of a unit (or to one user); ``tracking.notices`` writes them."""

    department = models.ForeignKey(
        Department, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("类别", max_length=12, choices=NoticeKind.choices, default=NoticeKind.OTHER)
    message = models.TextField("内容")
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["department", "read_at"], name="notice_unit_unread"),
            models.Index(fields=["user", "read_at"], name="notice_user_unread"),
        ]

    def __str__(self) -> str:
        return self.message[:40]


class StatusStamp(models.Model):
    """Which day and plan revision a plan's stored statuses (``StoredStatus``) are for; the row a
    refresh locks so two workers never both bring one plan up to date (``tracking.stored``).

    Derived, like ``StoredStatus``: no history, and ``duban status --verify`` recomputes both."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="status_stamp")
    day = models.DateField(null=True)
    revision = models.PositiveIntegerField(default=0)
    # The revision the stored trend points (``StoredPoint``) are valid for.
    series_revision = models.PositiveIntegerField(default=0)
    # The revision the stored units' punctuality (``StoredPunctuality``) is valid for.
    units_revision = models.PositiveIntegerField(null=True)  # None: never counted

    class Meta:
        verbose_name = verbose_name_plural = "状态快照"


class StoredStatus(models.Model):
    """One live task's assessment on its plan's stamped day, as ``status.plan_status`` computes
    it: kept current by the writes (``tracking.writes``), read by the pages instead of a
    recomputation. Derived data: rebuilt at will, so it has no history."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stored_statuses")
    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="stored_status")
    order = models.PositiveIntegerField(default=0)
    external_id = models.CharField(max_length=32)
    text = models.TextField()
    status = models.CharField(max_length=16)
    light = models.CharField(max_length=8)
    time_progress = models.FloatField()
    completion = models.FloatField(null=True)
    reason = models.TextField()
    targets = models.JSONField(default=list)  # [target id, metric, value, unit, actual, completion]
    section_id = models.IntegerField(null=True)
    lead = models.CharField(max_length=200, blank=True)
    weight = models.FloatField(default=1.0)
    leader = models.CharField(max_length=100, blank=True)  # 责任领导 (``plans.leaders``), for the ledger

    class Meta:
        verbose_name = verbose_name_plural = "任务状态（派生）"
        indexes = [
            models.Index(fields=["plan", "order", "task"], name="stored_status_order"),
            models.Index(fields=["plan", "light"], name="stored_status_light"),
            models.Index(fields=["plan", "completion"], name="stored_status_completion"),
            # One task's row, the headline tasks' rows and the ledger's 责任领导 choices: each
            # found without walking the plan's rows.
            models.Index(fields=["plan", "external_id"], name="stored_status_task"),
            models.Index(fields=["plan", "leader"], name="stored_status_leader"),
        ]


class StoredGroup(models.Model):
    """The roll-up sums (``tracking.sums``) of the stored statuses of one section's tasks, or of
    one lead unit's: the overview adds these up instead of reading every task. A write takes
    its tasks' old statuses out and puts the new ones in (``tracking.stored``). Derived data,
    without history."""

    SECTION, LEAD = "section", "lead"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stored_groups")
    kind = models.CharField(max_length=8)  # SECTION or LEAD
    key = models.CharField(max_length=200)  # the section's pk, or the unit's name ("" for none)
    tasks = models.PositiveIntegerField(default=0)
    lights = models.JSONField(default=dict)
    statuses = models.JSONField(default=dict)
    weighed = models.PositiveIntegerField(default=0)
    measured = models.PositiveIntegerField(default=0)
    totals = models.JSONField(default=list)  # the exact sums, as decimal text

    class Meta:
        verbose_name = verbose_name_plural = "分组汇总（派生）"
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "key"], name="stored_group_unique"),
        ]


class StoredPunctuality(models.Model):
    """How many of one unit's lead reports of one period were filed by the period's due day, how
    many after it, and how many were ever returned: the overview's ranking reads these instead of
    every report of the plan and its history. A write to reports of a period recounts that period
    (``tracking.punctuality``). Derived data, without history."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stored_punctuality")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="stored_punctuality")
    department = models.CharField(max_length=200, null=True)  # the unit's name; None: no unit
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)  # reports returned at least once (退回)

    class Meta:
        verbose_name = verbose_name_plural = "单位报送及时情况（派生）"
        indexes = [models.Index(fields=["plan", "period"], name="stored_punctuality_period")]


class StoredPoint(models.Model):
    """The whole plan's completion and time progress at the end of one closed period: a point of
    the overview's trend, stored when first computed and dropped by a write to a report of that
    period or an earlier one (``tracking.writes``). Derived data, without history."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stored_points")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="stored_points")
    completion = models.FloatField(null=True)
    time_progress = models.FloatField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "趋势点（派生）"
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="stored_point_unique")]
