"""The 分工表 in the admin: a plan's page in, the workbook downloaded or an upload previewed and
applied out. The same services as ``duban split export|import``.
"""

from __future__ import annotations

import hashlib
import io
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from duban.errors import Refusal
from duban.plans.models import Plan
from duban.plans.split_table import export_split, import_split

_MAX_UPLOAD = 10 * 1024 * 1024


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
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{plan.government.name}{plan.year}分工表.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


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
    uploads = settings.DATA_DIR / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    digest = request.POST.get("digest", "")
    if digest:
        if not (len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)):
            raise Refusal("上传的文件已失效：请重新选择文件")
        parked = uploads / f"{digest}.xlsx"
        if not parked.exists():
            raise Refusal("上传的文件已失效：请重新选择文件")
        changes = import_split(plan, parked, apply=True, user=request.user)
        parked.unlink(missing_ok=True)
        messages.success(request, f"分工表已导入：{changes.summary()}")
        return redirect("admin:plans_plan_change", plan.pk)
    upload = request.FILES.get("workbook")
    if upload is None:
        raise Refusal("请选择要导入的 .xlsx 分工表")
    if upload.size > _MAX_UPLOAD:
        raise Refusal("文件超过 10 MB：分工表不应这么大，请检查文件")
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    parked = uploads / f"{digest}.xlsx"
    parked.write_bytes(data)
    try:
        context["changes"] = import_split(plan, parked, apply=False)
    except Refusal:
        parked.unlink(missing_ok=True)  # a refused file is not kept
        raise
    context["digest"] = digest
    return TemplateResponse(request, "admin/plans/plan/split_import.html", context)
