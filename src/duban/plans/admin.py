"""The ledger in Django's admin: every table searchable and filterable, with its history, and the
分工表 exported and imported from a plan's page.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.plans.admin_scope import GovernmentScopedMixin
from duban.plans.leaders import responsible_leader
from duban.plans.models import Assignment, Department, Government, Leader, Plan, Section, Target, Task


class ReadOnlyHistoryMixin(GovernmentScopedMixin):
    """Nothing is deleted for real: rows are withdrawn, so the admin offers no delete. An office
    of one government sees and chooses only that government's rows (``admin_scope``)."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Government)
class GovernmentAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Department)
class DepartmentAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "government", "is_fallback_lead", "active", "order"]
    list_filter = ["government", "active", "is_fallback_lead"]
    list_editable = ["order", "active"]
    search_fields = ["name", "aliases", "keywords"]


@admin.register(Leader)
class LeaderAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """分管领导: who oversees which units; a task's 责任领导 defaults to its lead unit's leader."""

    list_display = ["name", "title", "government", "units", "active", "order"]
    list_filter = ["government", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "title", "departments__name"]
    filter_horizontal = ["departments"]

    @admin.display(description="分管单位")
    def units(self, leader: Leader) -> str:
        return "、".join(d.name for d in leader.departments.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("departments")


class SectionInline(GovernmentScopedMixin, admin.TabularInline):
    model = Section
    fields = ["key", "number", "title", "part"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "government", "year", "source_name", "imported_at", "published"]
    list_filter = ["year", "government__level", "published"]
    search_fields = ["government__name", "title", "source_name"]
    readonly_fields = ["source_name", "source_sha256", "source_format", "imported_at", "next_task_number"]
    exclude = ["source_text", "extraction"]
    inlines = [SectionInline]
    change_form_template = "admin/plans/plan/change_form.html"

    def get_urls(self):
        from duban.plans import admin_views

        return admin_views.urls(self) + super().get_urls()


@admin.register(Section)
class SectionAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "key", "part"]
    list_filter = ["plan", "part"]
    search_fields = ["title"]


class TargetInline(GovernmentScopedMixin, admin.TabularInline):
    model = Target
    fields = [
        "external_id",
        "metric",
        "value",
        "unit",
        "comparator",
        "growth",
        "lower_is_better",
        "withdrawn",
    ]
    readonly_fields = ["external_id"]
    extra = 0
    can_delete = False


class AssignmentInline(GovernmentScopedMixin, admin.TabularInline):
    model = Assignment
    fields = ["department", "role", "reason", "suggested", "withdrawn"]
    extra = 0
    can_delete = False


@admin.register(Task)
class TaskAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = [
        "external_id",
        "short_text",
        "section",
        "deadline",
        "lead_unit",
        "leader_shown",
        "withdrawn",
    ]
    list_filter = ["plan", "withdrawn", "assignments__department", "section__part"]
    search_fields = ["external_id", "text", "lead_phrase"]
    list_select_related = ["section"]
    readonly_fields = ["external_id", "raw_start", "raw_end", "source_task"]
    autocomplete_fields = ["leader"]
    inlines = [TargetInline, AssignmentInline]

    @admin.display(description="重点任务")
    def short_text(self, task: Task) -> str:
        return task.text if len(task.text) <= 40 else task.text[:39] + "…"

    @admin.display(description="牵头单位")
    def lead_unit(self, task: Task) -> str:
        lead = task.lead_unit()
        return lead.name if lead else "—"

    @admin.display(description="责任领导")
    def leader_shown(self, task: Task) -> str:
        leader = responsible_leader(task)
        return str(leader) if leader else "—"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("plan", "leader")
            .prefetch_related("assignments__department")
        )


@admin.register(Target)
class TargetAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["external_id", "metric", "value", "unit", "comparator", "growth", "task"]
    list_filter = ["growth", "comparator", "lower_is_better", "withdrawn"]
    search_fields = ["external_id", "metric", "text"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["task", "department", "role", "reason", "suggested", "withdrawn"]
    list_filter = ["role", "suggested", "withdrawn", "department"]
    search_fields = ["task__external_id", "task__text", "department__name", "reason"]
    autocomplete_fields = ["department"]
