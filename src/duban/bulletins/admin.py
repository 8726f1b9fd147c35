"""Bulletins in Django's admin: the settings per plan (basis, how progress was checked); the
bulletins themselves are read there and made on the bulletin pages."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.bulletins.models import Bulletin, BulletinSettings
from duban.plans.admin import ReadOnlyHistoryMixin


@admin.register(BulletinSettings)
class BulletinSettingsAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["plan", "basis", "methods"]


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "day", "state", "published", "sha256"]
    list_filter = ["plan", "state"]
    readonly_fields = [f.name for f in Bulletin._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
