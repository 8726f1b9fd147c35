"""Bulletins' tables: a plan's bulletin settings (issuer, basis, how progress was checked) and the
bulletins themselves — a draft's editable text sections and its figures, and once issued its
number and the .docx exactly as issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from duban.plans.models import Plan


class BulletinSettings(models.Model):
    plan = models.OneToOneField(
        Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="bulletin_settings"
    )
    basis = models.CharField(
        "分工方案文号", max_length=100, blank=True, help_text="如 爱政办发〔2024〕3号；通报开头引用"
    )
    methods = models.CharField("核查方式", max_length=100, default="查阅资料、电话核查、现场核实")
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "通报设置"

    def __str__(self) -> str:
        return f"{self.plan} 通报设置"


class BulletinState(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已签发"
    DISCARDED = "discarded", "已作废"


class Bulletin(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="bulletins")
    day = models.DateField("数据截至")
    span = models.CharField("通报期间", max_length=16, help_text="一季度、上半年、前三季度、1—N月")
    title = models.CharField("标题", max_length=200)
    state = models.CharField(
        "状态", max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    number = models.PositiveIntegerField("期号", null=True, blank=True, help_text="签发时按年度顺排")
    sections = models.JSONField("正文各部分", default=dict)
    edited = models.JSONField("已修改的部分", default=list, blank=True)
    facts = models.JSONField("数据", default=dict, help_text="起草时按台账计算；签发后不再变化")
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    published = models.BooleanField("已公开", default=False)
    docx = models.BinaryField("签发文件", null=True, blank=True, editable=False)
    sha256 = models.CharField("文件SHA-256", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, help_text="每次保存加一；用于发现同时编辑")
    history = HistoricalRecords(excluded_fields=["docx", "facts"])

    class Meta:
        verbose_name = verbose_name_plural = "督查通报"
        ordering = ["plan", "-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], condition=Q(number__isnull=False), name="bulletin_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue_label} {self.title}"

    @property
    def issue_label(self) -> str:
        """2024年第3期, or 草稿."""
        return f"{self.plan.year}年第{self.number}期" if self.number else "草稿"

    @property
    def issued(self) -> bool:
        return self.state == BulletinState.ISSUED
