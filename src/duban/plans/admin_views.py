"""The 分工表 in the admin: a plan's page in, the workbook downloaded or an upload previewed and
applied out. The same services as ``duban split export|import``.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from duban import files
from duban.errors import Refusal
from duban.plans.models import Plan
from duban.plans.split_table import export_split, import_split


def urls(model_admin) -> list:
    site = model_admin.admin_site
    return [
        path("<int:pk>/split.xlsx", site.admin_view(_export), name="plans_plan_split_export"),
        path("<int:pk>/split-import/", site.admin_view(_import(model_admin)), name="plans_plan_split_import"),
    ]


def _export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("government"), pk=pk)
    buffer = io.BytesIO()
    export_split(plan, buffer)
    return files.attachment(
        buffer.getvalue(), f"{plan.government.name}{plan.year}分工表.xlsx", content_type=files.XLSX
    )


def _import(model_admin):
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        plan = get_object_or_404(Plan.objects.select_related("government"), pk=pk)
        if not model_admin.has_change_permission(request, plan):
            return HttpResponse("没有修改本计划的权限", status=403)
        context = {**model_admin.admin_site.each_context(request), "plan": plan, "opts": Plan._meta}
        if request.method == "POST":
            try:
                return _post(request, plan, context)
            except Refusal as err:
                context["error"] = str(err)
        return TemplateResponse(
            request, "admin/plans/plan/split_import.html", context, status=400 if "error" in context else 200
        )

    return view


def _post(request: HttpRequest, plan: Plan, context: dict) -> HttpResponse:
    """First POST: the upload, previewed and parked under its hash. Second POST: apply that file."""
    digest = request.POST.get("digest", "")
    if digest:
        path = files.parked(digest)
        changes = import_split(plan, path, apply=True, user=request.user)
        path.unlink(missing_ok=True)
        messages.success(request, f"分工表已导入：{changes.summary()}")
        return redirect("admin:plans_plan_change", plan.pk)
    digest = files.park(request.FILES.get("workbook"), "分工表")
    try:
        context["changes"] = import_split(plan, files.parked(digest), apply=False)
    except Refusal:
        files.parked(digest).unlink(missing_ok=True)  # a refused file is not kept
        raise
    context["digest"] = digest
    return TemplateResponse(request, "admin/plans/plan/split_import.html", context)
