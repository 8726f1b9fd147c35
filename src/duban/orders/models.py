"""Orders' tables: a plan's escalation rules, the orders (督办单) with their replies and extension
requests, the evidence files of a reply, and the messages sent about them. Every table that a
person changes keeps its history (who, when, what)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from duban.plans.models import Department, Plan, Task


class OrderRules(models.Model):
    """When the office is offered an order for a task (bulletins.md, 督办单); per plan."""

    plan = models.OneToOneField(
        Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="order_rules"
    )
    on_red = models.BooleanField("红灯时交办", default=True, help_text="任务亮红灯时建议一级督办单")
    on_missing = models.BooleanField(
        "逾期未报送时交办", default=True, help_text="截止日后仍未报送进展时建议一级督办单"
    )
    escalate_after_periods = models.PositiveSmallIntegerField(
        "升级间隔（期）", default=1, help_text="上一级督办单交办后又过这么多个报送截止日仍未好转，建议升级"
    )
    time_limit_days = models.PositiveSmallIntegerField("办理时限（工作日）", default=10)
    issuer = models.CharField(
        "发文单位", max_length=100, blank=True, help_text="督办单和督查通报的落款；空则为“某某人民政府督查室”"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "督办规则"

    def __str__(self) -> str:
        return f"{self.plan} 督办规则"


class Level(models.IntegerChoices):
    REMIND = 1, "提醒（交办单）"
    PRESS = 2, "催办（催办单）"
    SUPERVISE = 3, "督办（督办通知单）"


class Trigger(models.TextChoices):
    RED = "red", "亮红灯"
    MISSING = "missing", "逾期未报送"


class OrderState(models.TextChoices):
    PROPOSED = "proposed", "待审定"
    ISSUED = "issued", "已交办，待签收"
    SIGNED = "signed", "已签收，办理中"
    REPLIED = "replied", "已答复，待审核"
    EXTENSION = "extension", "申请延期，待审核"
    RETURNED = "returned", "答复被退回"
    CLOSED = "closed", "已办结"
    ESCALATED = "escalated", "已升级"
    DISMISSED = "dismissed", "不予交办"


# States in which the unit owes an answer; past the time limit in one of them, an order is overdue.
AWAITING_UNIT = (OrderState.ISSUED, OrderState.SIGNED, OrderState.RETURNED)
OPEN = (*AWAITING_UNIT, OrderState.REPLIED, OrderState.EXTENSION)


class Order(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="orders")
    task = models.ForeignKey(Task, verbose_name="督办事项", on_delete=models.PROTECT, related_name="orders")
    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="orders"
    )
    level = models.PositiveSmallIntegerField("等级", choices=Level.choices, default=Level.REMIND)
    state = models.CharField("状态", max_length=12, choices=OrderState.choices, default=OrderState.PROPOSED)
    trigger = models.CharField("起因", max_length=8, choices=Trigger.choices)
    number = models.PositiveIntegerField("编号", null=True, blank=True, help_text="交办时按年度顺排")
    problem = models.TextField("存在问题")
    requirement = models.TextField("工作要求", blank=True)
    responsible = models.CharField("责任人", max_length=100, blank=True)
    proposed_on = models.DateField("建议日期")
    issued_on = models.DateField("交办日期", null=True, blank=True)
    time_limit = models.DateField("办理时限", null=True, blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="交办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="升级自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    version = models.PositiveIntegerField("版本", default=1, help_text="每次变化加一；用于发现同时操作")
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "督办单"
        ordering = ["plan", "-proposed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], condition=Q(number__isnull=False), name="order_unique_number"
            )
        ]
        indexes = [models.Index(fields=["plan", "state"]), models.Index(fields=["department", "state"])]

    def __str__(self) -> str:
        return (
            self.code or f"{self.task.external_id} {self.get_level_display()}（{self.get_state_display()}）"
        )

    @property
    def code(self) -> str:
        """督〔2024〕12号; empty until issued."""
        return f"督〔{self.plan.year}〕{self.number}号" if self.number else ""

    @property
    def kind(self) -> str:
        """The document's name for its level: 交办单, 催办单, 督办通知单."""
        return Level(self.level).label.split("（")[1].rstrip("）")


class ReplyKind(models.TextChoices):
    REPLY = "reply", "办理答复"
    EXTENSION = "extension", "延期申请"


class Decision(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "同意"
    RETURNED = "returned", "退回"


class OrderReply(models.Model):
    """One answer of the unit (一事一文): a reply, or a request for more time."""

    order = models.ForeignKey(Order, verbose_name="督办单", on_delete=models.PROTECT, related_name="replies")
    kind = models.CharField("类型", max_length=12, choices=ReplyKind.choices)
    done = models.TextField("已做工作", blank=True)
    measures = models.TextField("整改措施", blank=True)
    back_on = models.DateField("预计恢复序时日期", null=True, blank=True)
    reason = models.TextField("延期理由", blank=True)
    new_limit = models.DateField("申请延至", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField("提交日期")
    late = models.BooleanField("超过时限", default=False)
    decision = models.CharField("审核", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField("审核意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("审核日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "督办答复"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order} {self.get_kind_display()}"


class ReplyEvidence(models.Model):
    """A file attached to a reply; the bytes live with the reports' evidence, under their SHA-256."""

    reply = models.ForeignKey(
        OrderReply, verbose_name="答复", on_delete=models.PROTECT, related_name="evidence"
    )
    sha256 = models.CharField("SHA-256", max_length=64)
    filename = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "答复佐证材料"

    def __str__(self) -> str:
        return self.filename


class OrderMessage(models.Model):
    """A notice sent about an order on a channel other than the in-app one, and how it went."""

    order = models.ForeignKey(Order, verbose_name="督办单", on_delete=models.PROTECT, related_name="messages")
    channel = models.CharField("渠道", max_length=12)
    to = models.CharField("发往", max_length=200)
    message = models.TextField("内容")
    ok = models.BooleanField("成功", default=True)
    detail = models.CharField("结果", max_length=300, blank=True)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办消息"

    def __str__(self) -> str:
        return f"{self.order} → {self.to}"
