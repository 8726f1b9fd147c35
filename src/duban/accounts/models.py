"""Who a user is to duban: a role (督查室, 牵头单位联络员, 领导/人大代表) and, for a liaison, the unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class UserRole(models.TextChoices):
    OFFICE = "office", "督查室"
    LIAISON = "liaison", "单位联络员"
    READER = "reader", "领导/人大代表"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT, related_name="profile"
    )
    role = models.CharField("角色", max_length=16, choices=UserRole.choices, default=UserRole.READER)
    department = models.ForeignKey(
        "plans.Department",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaisons",
    )
    leader = models.ForeignKey(
        "plans.Leader",
        verbose_name="对应分管领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        help_text="领导本人的账号：登录后“分管任务”显示其分管单位的任务",
    )
    government = models.ForeignKey(
        "plans.Government",
        verbose_name="所属政府",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        help_text="督查室、领导账号所属的政府（可查看其下级政府）；空则为本系统全部政府",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=100, blank=True)
    digest = models.CharField("SHA-256", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user} {self.name}"
