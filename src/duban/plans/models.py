"""The ledger's tables: governments, their departments, plans with sections, tasks, targets and
who is assigned to each task. Every table keeps its history (who, when, old and new value).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县区级"


class Government(models.Model):
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=Level.choices, default=Level.COUNTY)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级政府",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(
        "区划代码", max_length=12, blank=True, help_text="12 位统计用区划代码；导入时由报告所写地区查得"
    )
    full_name = models.CharField(
        "区划全称", max_length=100, blank=True, help_text="如 黑龙江省牡丹江市爱民区"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "政府"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="government_unique_under_parent"),
            models.UniqueConstraint(fields=["name"], condition=Q(parent=None), name="government_unique_top"),
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    government = models.ForeignKey(
        Government, verbose_name="政府", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("单位名称", max_length=100)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="报告中可能出现的简称，如“发改局”")
    keywords = models.JSONField(
        "关键词", default=list, blank=True, help_text="任务文本命中这些词时建议本单位"
    )
    email = models.EmailField("联系邮箱", blank=True, help_text="催办邮件也发给本单位联络员的邮箱")
    is_fallback_lead = models.BooleanField(
        "默认牵头单位", default=False, help_text="没有关键词命中时的牵头单位"
    )
    order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "责任单位"
        ordering = ["government", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["government", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    """A responsible leader (分管领导): the deputy head who oversees some units (the 1+1+N model:
    one leader, one lead unit, N supporting units). A task's leader defaults to its lead unit's."""

    government = models.ForeignKey(
        Government, verbose_name="政府", on_delete=models.PROTECT, related_name="leaders"
    )
    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职务", max_length=100, blank=True, help_text="如 副区长、区政府党组成员")
    departments = models.ManyToManyField(
        Department, verbose_name="分管单位", related_name="leaders", blank=True
    )
    order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        verbose_name = verbose_name_plural = "分管领导"
        ordering = ["government", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["government", "name"], name="leader_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name


# A large plan's report text and extraction run to megabytes, which every write and page that
# reads its plan row would decode; the few readers of those fields load them on access.
HEAVY_FIELDS = ("source_text", "extraction")


def heavy(path: str = "") -> list[str]:
    """The heavy fields of the plan reached through ``path`` (``"plan"``, ``"task__plan"``), for
    ``defer`` on a query that joins it with ``select_related``."""
    return [f"{path}__{name}" if path else name for name in HEAVY_FIELDS]


class PlanManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer(*HEAVY_FIELDS)


class Plan(models.Model):
    government = models.ForeignKey(
        Government, verbose_name="政府", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveIntegerField("计划年度")
    title = models.CharField("标题", max_length=200, blank=True)
    source_name = models.CharField("来源文件", max_length=255)
    source_sha256 = models.CharField("文件SHA-256", max_length=64)
    source_format = models.CharField("文件格式", max_length=8)
    source_text = models.TextField("报告原文", help_text="raw_span 指向的文本")
    extraction = models.JSONField("抽取结果", default=dict)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    next_task_number = models.PositiveIntegerField("下一个任务编号", default=1, editable=False)
    published = models.BooleanField("已公开", default=False)
    revision = models.PositiveIntegerField(
        "修订号", default=0, editable=False, help_text="计划或其进展每次变化加一；页面缓存以此失效"
    )
    history = HistoricalRecords(excluded_fields=["source_text", "extraction", "revision"])

    objects = PlanManager()

    class Meta:
        verbose_name = verbose_name_plural = "年度计划"
        base_manager_name = "objects"
        ordering = ["-year", "government__name"]
        constraints = [models.UniqueConstraint(fields=["government", "year"], name="plan_unique_year")]

    def __str__(self) -> str:
        return self.key

    def save(self, *args, **kwargs) -> None:
        # ``revision`` only grows, in the database (``plans.revision``): a plan saved from a row
        # read earlier must not write back an older number, under which pages may still be kept.
        if not self._state.adding and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.attname
                for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in deferred and f.name != "revision"
            ]
        super().save(*args, **kwargs)

    @property
    def key(self) -> str:
        """How people name a plan on the command line: 爱民区/2024."""
        return f"{self.government.name}/{self.year}"

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


class Part(models.TextChoices):
    REVIEW = "review", "回顾"
    PLAN = "plan", "计划"
    OTHER = "other", "其他"


class Section(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="sections")
    key = models.CharField("编号路径", max_length=32, help_text="抽取结果中的章节 id，如 2.1")
    number = models.CharField("序号", max_length=16, blank=True)
    title = models.CharField("标题", max_length=300)
    part = models.CharField("部分", max_length=8, choices=Part.choices, default=Part.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级章节",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField("顺序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "章节"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="section_unique_key")]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        """The heading as the report prints it: 二、2024年重点工作安排, （一）聚力抓产业, 1.稳投资.

        The outline keeps a number without its closing mark (二, 1); a bracketed one needs none.
        """
        number = self.number
        if not number or number.endswith(("）", ")")):
            return f"{number}{self.title}"
        return f"{number}{'.' if number.isascii() else '、'}{self.title}"


class Task(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="tasks")
    section = models.ForeignKey(
        Section, verbose_name="章节", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    external_id = models.CharField("任务编号", max_length=32, help_text="稳定编号，Excel 隐藏列 task_id")
    order = models.PositiveIntegerField("序号", default=0)
    text = models.TextField("重点任务")
    lead_phrase = models.CharField("领句", max_length=200, blank=True)
    cue = models.CharField("承诺用语", max_length=16, blank=True, help_text="力争、确保等")
    start = models.DateField("开始日期", null=True, blank=True, help_text="空则为计划年度1月1日")
    deadline = models.DateField("完成时限")
    deadline_label = models.CharField("时限说明", max_length=50, blank=True, help_text="全年、长期坚持等")
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=1)
    raw_start = models.PositiveIntegerField("原文起点", null=True, blank=True)
    raw_end = models.PositiveIntegerField("原文终点", null=True, blank=True)
    source_task = models.CharField("抽取任务 id", max_length=16, blank=True)
    leader = models.ForeignKey(
        Leader,
        verbose_name="责任领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        help_text="空则为牵头单位的分管领导",
    )
    withdrawn = models.BooleanField("已撤销", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "重点任务"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "external_id"], name="task_unique_external_id")
        ]
        indexes = [
            models.Index(fields=["plan", "withdrawn", "order"]),
            # Pages, the API and the workbooks find a task by its stable id alone.
            models.Index(fields=["external_id"], name="task_external_id"),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} {self.text[:30]}"

    @property
    def starts_on(self) -> dt.date:
        return self.start or self.plan.year_start

    @property
    def deadline_text(self) -> str:
        """完成时限 as the 分工表 writes it: 全年, 长期坚持, else the date."""
        return deadline_text(self.deadline, self.deadline_label)

    def lead_unit(self) -> Department | None:
        """The one live lead unit; reads prefetched ``assignments__department`` when there are any."""
        return next(
            (a.department for a in self.assignments.all() if a.role == Role.LEAD and not a.withdrawn), None
        )


class Comparator(models.TextChoices):
    EQ = "eq", "等于"
    GE = "ge", "不低于"
    GT = "gt", "超过"
    LE = "le", "不超过"
    LT = "lt", "低于"
    APPROX = "approx", "左右"


class Target(models.Model):
    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="targets")
    external_id = models.CharField("指标编号", max_length=40, help_text="Excel 隐藏列 target_id")
    metric = models.CharField("指标", max_length=100)
    value = models.FloatField("目标值", null=True, blank=True)
    unit = models.CharField("单位", max_length=16, blank=True)
    comparator = models.CharField("比较", max_length=8, choices=Comparator.choices, default=Comparator.EQ)
    growth = models.BooleanField("增速", default=False, help_text="目标是增长率而非总量")
    lower_is_better = models.BooleanField("越低越好", default=False)
    text = models.CharField("原文", max_length=100, blank=True)
    quantity_id = models.CharField("抽取数量 id", max_length=16, blank=True)
    raw_start = models.PositiveIntegerField("原文起点", null=True, blank=True)
    raw_end = models.PositiveIntegerField("原文终点", null=True, blank=True)
    withdrawn = models.BooleanField("已撤销", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "目标"
        ordering = ["task", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "external_id"], name="target_unique_external_id")
        ]
        # The overview finds its headline targets by the extraction's quantity ids.
        indexes = [models.Index(fields=["quantity_id"], name="target_quantity")]

    def __str__(self) -> str:
        return f"{self.metric} {self.text}"


class Role(models.TextChoices):
    LEAD = "lead", "牵头"
    SUPPORT = "support", "配合"


class Assignment(models.Model):
    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="assignments")
    department = models.ForeignKey(
        Department, verbose_name="单位", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("角色", max_length=8, choices=Role.choices)
    reason = models.CharField("依据", max_length=300, blank=True, help_text="建议时命中的词，或人工调整")
    suggested = models.BooleanField("系统建议", default=True)
    withdrawn = models.BooleanField("已撤销", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "任务分工"
        ordering = ["task", "role", "department__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "department"], condition=Q(withdrawn=False), name="assignment_unique_active"
            ),
            models.UniqueConstraint(
                fields=["task"], condition=Q(withdrawn=False, role="lead"), name="assignment_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.get_role_display()}"


class SplitImport(models.Model):
    """An edited 分工表 applied to a plan; its hash refuses applying the same file twice."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="split_imports"
    )
    sha256 = models.CharField("文件SHA-256", max_length=64)
    summary = models.CharField("变化", max_length=200)
    applied_by = models.ForeignKey(
        "auth.User", verbose_name="导入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "分工表导入记录"
        constraints = [models.UniqueConstraint(fields=["plan", "sha256"], name="split_import_once")]

    def __str__(self) -> str:
        return f"{self.plan} {self.applied_at:%Y-%m-%d %H:%M}"


def deadline_text(deadline, label: str) -> str:
    """``Task.deadline_text`` of plain values (a read of many tasks builds no instances)."""
    return label or deadline.isoformat()
