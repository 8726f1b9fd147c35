"""Tracking in Django's admin: settings, periods, reports with their figures and evidence,
milestones, reminders and their routes — searchable, filterable, with history, never deleted."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.plans.admin import ReadOnlyHistoryMixin
from duban.plans.admin_scope import GovernmentScopedMixin
from duban.tracking.models import (
    Evidence,
    Figure,
    Milestone,
    Notification,
    Period,
    ProgressImport,
    ProgressReport,
    Reminder,
    ReminderRoute,
    TrackingSettings,
)


@admin.register(TrackingSettings)
class TrackingSettingsAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["plan", "cadence", "due_day", "tolerance", "yellow_band"]


@admin.register(Period)
class PeriodAdmin(ReadOnlyHistoryMixin, admin.ModelAdmin):
    list_display = ["label", "plan", "start", "end", "due"]
    list_filter = ["plan"]


class FigureInline(GovernmentScopedMixin, admin.TabularInline):
    model = Figure
    fields = ["target", "value", "text"]
    extra = 0
    can_delete = False
    raw_id_fields = ["target"]


class EvidenceInline(GovernmentScopedMixin, admin.TabularInline):
    model = Evidence
    fields = ["filename", "content_type", "size", "sha256", "withdrawn"]
    readonly_fields = ["filename", "content_type", "size", "sha256"]
    extra = 0
    can_delete = False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["task", "period", "department", "role", "state", "source", "submitted_at"]
    list_filter = ["state", "role", "source", "period__label", "department"]
    search_fields = ["task__external_id", "task__text", "progress", "problems"]
    raw_id_fields = ["task"]
    readonly_fields = ["version", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by"]
    inlines = [FigureInline, EvidenceInline]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["title", "task", "due", "done", "withdrawn"]
    list_filter = ["done", "withdrawn"]
    search_fields = ["title", "task__external_id"]
    raw_id_fields = ["task"]


@admin.register(ProgressImport)
class ProgressImportAdmin(ReadOnlyHistoryMixin, admin.ModelAdmin):
    list_display = ["filename", "plan", "period", "department", "rows", "imported_by", "imported_at"]
    list_filter = ["plan", "period__label"]


@admin.register(ReminderRoute)
class ReminderRouteAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["government", "channel", "department", "active"]
    list_filter = ["channel", "active"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyHistoryMixin, admin.ModelAdmin):
    list_display = ["period", "department", "channel", "stage", "ok", "sent_at"]
    list_filter = ["channel", "stage", "ok"]
    search_fields = ["department__name", "message"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyHistoryMixin, admin.ModelAdmin):
    list_display = ["message", "department", "user", "created_at", "read_at"]
    search_fields = ["message"]
