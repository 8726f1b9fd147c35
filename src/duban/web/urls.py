"""Addresses: a request path in, the view that serves it out."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "督办 duban 管理"
admin.site.site_title = "督办 duban"
admin.site.index_title = "督查室管理后台"

urlpatterns = [
    path("admin/", admin.site.urls),
]
