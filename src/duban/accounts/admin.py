"""Roles in the admin: which user is 督查室, a unit's liaison, or a reader."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "department"]
    list_filter = ["role"]
    search_fields = ["user__username", "department__name"]
    autocomplete_fields = ["department"]
