"""Orders in Django's admin: the rules per plan (editable), the orders and replies with their
history (read there, changed only through the pages, which keep the lifecycle's rules)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.orders.models import Order, OrderMessage, OrderReply, OrderRules
from duban.plans.admin import ReadOnlyHistoryMixin


@admin.register(OrderRules)
class OrderRulesAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["plan", "on_red", "on_missing", "escalate_after_periods", "time_limit_days", "issuer"]


class _ReadOnly(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(_ReadOnly):
    list_display = ["__str__", "task", "department", "level", "state", "time_limit"]
    list_filter = ["plan", "level", "state"]
    search_fields = ["task__external_id", "task__text", "department__name"]


@admin.register(OrderReply)
class OrderReplyAdmin(_ReadOnly):
    list_display = ["order", "kind", "submitted_on", "decision"]


@admin.register(OrderMessage)
class OrderMessageAdmin(_ReadOnly):
    list_display = ["order", "channel", "to", "ok", "sent_at"]
