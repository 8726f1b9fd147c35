"""Bulletins in the JSON API: a caller and a plan or bulletin id in; the bulletins they may see and
an issued bulletin's .docx (byte for byte as issued, its SHA-256 in ``X-Content-SHA256``) out.
Drafts are the office's: anyone else gets 404 for them."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Router, Schema

from duban.bulletins import services
from duban.bulletins.models import Bulletin
from duban.plans.api import MAX_ID, errors, plan_id_param, readable_plan
from duban.web.files import attachment


class BulletinOut(Schema):
    id: int
    number: int | None = Field(description="期号；草稿为空")
    label: str = Field(description="2024年第3期，或 草稿")
    title: str
    day: dt.date = Field(description="数据截至")
    span: str
    state: str
    sha256: str = Field(description="签发文件的 SHA-256；草稿为空")
    published: bool
    corrects: int | None = Field(description="更正的通报 id")


def bulletin_out(bulletin: Bulletin) -> BulletinOut:
    return BulletinOut(
        id=bulletin.pk,
        number=bulletin.number,
        label=bulletin.issue_label,
        title=bulletin.title,
        day=bulletin.day,
        span=bulletin.span,
        state=bulletin.state,
        sha256=bulletin.sha256,
        published=bulletin.published,
        corrects=bulletin.corrects_id,
    )


router = Router(tags=["督查通报"])


@router.get(
    "/plans/{plan_id}/bulletins",
    response={200: list[BulletinOut], **errors(403, 404)},
    summary="计划的督查通报",
)
def list_bulletins(request: HttpRequest, plan_id: int = plan_id_param()) -> list[BulletinOut]:
    plan = readable_plan(request.auth, plan_id)
    return [bulletin_out(b) for b in services.visible(request.auth, plan)]


@router.get(
    "/bulletins/{bulletin_id}/docx",
    response={200: None, **errors(403, 404)},
    summary="通报的 Word 文件（已签发的按签发原样）",
)
def bulletin_docx(request: HttpRequest, bulletin_id: int = Path(..., ge=1, le=MAX_ID)) -> HttpResponse:
    data, name, sha = services.docx_of(request.auth, bulletin_id)
    return attachment(data, name, sha256=sha)
