"""The promise check in Django's admin: which plan follows which, and every check with its automatic
verdict, the office's override and its history; read only apart from the override, never deleted."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.closing.models import FollowUp, PromiseCheck
from duban.plans.admin import ReadOnlyHistoryMixin


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyHistoryMixin, admin.ModelAdmin):
    list_display = ["plan", "next_plan", "checked_at"]
    readonly_fields = ["plan", "next_plan", "plan_sha256", "next_sha256", "checked_at", "summary"]

    def has_add_permission(self, request) -> bool:
        return False


class PromiseCheckForm(forms.ModelForm):
    def clean(self) -> dict:
        data = super().clean()
        if data.get("verdict_override") and not (data.get("override_reason") or "").strip():
            raise forms.ValidationError("请写明改判理由")
        return data


@admin.register(PromiseCheck)
class PromiseCheckAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["key", "plan", "metric", "scope", "auto_verdict", "verdict_override", "completion"]
    list_filter = ["plan", "scope", "auto_verdict", "verdict_override", "withdrawn"]
    search_fields = ["key", "metric", "reason", "override_reason"]
    readonly_fields = [
        "plan",
        "key",
        "task",
        "target",
        "order",
        "scope",
        "metric",
        "auto_verdict",
        "completion",
        "reason",
        "record",
        "withdrawn",
    ]
    fields = [*readonly_fields, "verdict_override", "override_reason"]
    form = PromiseCheckForm

    def has_add_permission(self, request) -> bool:
        return False
