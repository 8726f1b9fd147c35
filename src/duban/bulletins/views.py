"""Bulletin pages: a plan's bulletins with the drafting form (/plans/<id>/bulletins/), one bulletin
with its sections to edit and the actions its state allows (/bulletins/<id>/), its .docx
(/bulletins/<id>/docx) and a published one's for everyone (/public/bulletins/<id>/docx). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from duban.bulletins import pages, services
from duban.publish import access
from duban.web.files import attachment
from duban.web.responses import guarded


@guarded
def plan_bulletins(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.choose_plan(request.user, str(plan_id))
    if request.method == "POST":
        bulletin = pages.draft_from_form(request.user, plan, request.POST)
        messages.success(request, "已起草，请修改正文后签发")
        return redirect(f"/bulletins/{bulletin.pk}/")
    return render(request, "bulletins/list.html", pages.listing(request.user, plan))


@guarded
def bulletin_page(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    if request.method == "POST":
        bulletin, said = pages.act(request.user, bulletin_id, request.POST)
        messages.success(request, said)
        return redirect(f"/bulletins/{bulletin.pk}/")
    return render(request, "bulletins/bulletin.html", pages.detail(request.user, bulletin_id))


@guarded
def bulletin_docx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    data, name, sha = services.docx_of(request.user, bulletin_id)
    return attachment(data, name, sha256=sha)


@guarded(login=False)
def public_bulletin_docx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    data, name, sha = services.public_docx(bulletin_id)
    return attachment(data, name, sha256=sha)
