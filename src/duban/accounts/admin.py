"""Roles in the admin: which user is 督查室, a unit's liaison, or a reader. An office of one
government manages only its own government's accounts and cannot move one (itself included) to
another government or to the whole installation."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.accounts.models import Profile
from duban.plans.admin_scope import GovernmentScopedMixin, home_of


@admin.register(Profile)
class ProfileAdmin(GovernmentScopedMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "government", "department"]
    list_filter = ["role"]
    search_fields = ["user__username", "department__name", "government__name"]
    autocomplete_fields = ["department"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["government"] if home_of(request) is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]

    def save_model(self, request, obj, form, change):
        home = home_of(request)
        if home is not None:
            obj.government_id = home
        super().save_model(request, obj, form, change)
