"""The stored promise check: which plan the next year's plan follows up, and one check per target
(or qualitative headline target) of the plan, with the office's override. History is kept.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from duban.plans.models import Plan, Target, Task
from duban.promises.verdicts import VERDICTS


class Verdict(models.TextChoices):
    OVER = VERDICTS[0]
    DONE = VERDICTS[1]
    BASIC = VERDICTS[2]
    SHORT = VERDICTS[3]
    UNKNOWN = VERDICTS[4]


class Scope(models.TextChoices):
    INDICATOR = "indicator", "主要指标"
    COMMITMENT = "commitment", "量化任务"


class FollowUp(models.Model):
    """The next year's plan, whose report's review is checked against this plan."""

    plan = models.OneToOneField(Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="follow_up")
    next_plan = models.OneToOneField(
        Plan, verbose_name="次年计划", on_delete=models.PROTECT, related_name="follows"
    )
    plan_sha256 = models.CharField("计划报告SHA-256", max_length=64)
    next_sha256 = models.CharField("次年报告SHA-256", max_length=64)
    checked_at = models.DateTimeField("核查时间", auto_now=True)
    summary = models.JSONField("结论统计", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "次年报告关联"

    def __str__(self) -> str:
        return f"{self.plan} → {self.next_plan}"


class PromiseCheck(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="promise_checks"
    )
    key = models.CharField("核查编号", max_length=48, help_text="目标的稳定编号，定性目标为任务编号")
    task = models.ForeignKey(Task, verbose_name="任务", null=True, blank=True, on_delete=models.PROTECT)
    target = models.ForeignKey(Target, verbose_name="目标", null=True, blank=True, on_delete=models.PROTECT)
    order = models.PositiveIntegerField("顺序", default=0)
    scope = models.CharField("类别", max_length=12, choices=Scope.choices)
    metric = models.CharField("指标", max_length=100)
    auto_verdict = models.CharField("自动结论", max_length=8, choices=Verdict.choices)
    completion = models.FloatField("完成率", null=True, blank=True)
    reason = models.CharField("依据", max_length=300, blank=True)
    record = models.JSONField("核查记录", default=dict, help_text="目标、完成值、两份报告的出处")
    verdict_override = models.CharField("人工结论", max_length=8, choices=Verdict.choices, blank=True)
    override_reason = models.CharField("人工结论理由", max_length=300, blank=True)
    withdrawn = models.BooleanField("已撤销", default=False)
    history = HistoricalRecords(excluded_fields=["record"])

    class Meta:
        verbose_name = verbose_name_plural = "兑现核查"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="promise_check_unique_key")]

    def __str__(self) -> str:
        return f"{self.metric} {self.verdict}"

    @property
    def verdict(self) -> str:
        """The verdict shown: the office's, else the automatic one."""
        return self.verdict_override or self.auto_verdict
