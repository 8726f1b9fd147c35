"""Bulletin work: a user, a plan or a bulletin, and what they ask in; a drafted, edited, refreshed,
issued, discarded, published or corrected bulletin (or its .docx) out. The office does the work;
readers and the plan's units read what is issued; nobody else learns that a bulletin exists.

Issuing freezes a bulletin: its number, figures and .docx are kept as issued and served byte for
byte with their SHA-256. A mistake is put right by a new bulletin that names the one it corrects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from duban.accounts import rules
from duban.bulletins import document, drafting
from duban.bulletins.facts import Facts, compute
from duban.bulletins.models import Bulletin, BulletinSettings, BulletinState
from duban.errors import Conflict, Forbidden, NotFound, Refusal
from duban.orders.policy import issuer_of
from duban.plans import history
from duban.plans.models import Plan

TEMPLATE = "bulletin.docx"
MAX_SECTION = 20_000


class BulletinRefused(Refusal):
    """A bulletin action that cannot be done in its state."""


def template_path(name: str) -> Path:
    """Where an installation keeps its own document template: ``$DUBAN_DATA_DIR/templates/``."""
    return Path(settings.DATA_DIR) / "templates" / name


def settings_of(plan: Plan) -> BulletinSettings:
    found, _ = BulletinSettings.objects.get_or_create(plan=plan)
    return found


@dataclass
class Drafted:
    facts: Facts
    span: str
    title: str
    sections: dict[str, str]
    issuer: str


def compose(plan: Plan, day: dt.date, span: str | None = None) -> Drafted:
    """The figures of ``day`` and the first draft of every text section."""
    if not plan.year_start <= day <= plan.year_end:
        raise BulletinRefused(f"日期 {day.isoformat()} 不在 {plan.year} 年内：通报只能针对计划年度内的日期")
    chosen = settings_of(plan)
    issuer = issuer_of(plan)
    named = drafting.span_of(day, span)
    facts = compute(plan, day)
    sections = drafting.draft_sections(facts, issuer=issuer, basis=chosen.basis, methods=chosen.methods)
    return Drafted(facts, named, drafting.title_of(plan.year, named), sections, issuer)


def draft_document(plan: Plan, day: dt.date, span: str | None = None) -> tuple[Drafted, bytes]:
    """A draft rendered as it would be issued today, stored nowhere (``duban bulletin draft``)."""
    drafted = compose(plan, day, span)
    heading = _heading(drafted.title, _draft_number(), drafted.issuer, timezone.localdate())
    return drafted, document.render(drafted.facts, drafted.sections, heading, template_path(TEMPLATE))


# --- who may see what -----------------------------------------------------------------------------


def _require_office(user, plan: Plan) -> None:
    if not rules.is_office(user, plan):
        raise Forbidden("只有督查室可以起草、修改和签发督查通报")


def visible(user, plan: Plan) -> list[Bulletin]:
    """The office sees every bulletin; readers and the plan's units the issued ones."""
    if rules.role_of(user) is None:
        raise Forbidden("您的账号尚未分配角色：请联系督查室在管理后台设置")
    found = Bulletin.objects.filter(plan=plan).select_related("plan", "corrects").order_by("-day", "-pk")
    if rules.is_office(user, plan):
        return list(found)
    if not rules.may_read_plan(user, plan):
        raise NotFound("没有这个计划")
    unit = rules.unit_of(user)
    if unit is not None and unit.government_id != plan.government_id:
        raise NotFound("没有这个计划")
    return list(found.filter(state=BulletinState.ISSUED))


def bulletin_for(user, bulletin_id: int) -> Bulletin:
    bulletin = Bulletin.objects.select_related("plan__government", "corrects").filter(pk=bulletin_id).first()
    if bulletin is None or not _may_read(user, bulletin):
        raise NotFound(f"没有编号为 {bulletin_id} 的督查通报")
    return bulletin


def _may_read(user, bulletin: Bulletin) -> bool:
    if rules.is_office(user, bulletin.plan):
        return True
    if not rules.may_read_plan(user, bulletin.plan):
        return False
    unit = rules.unit_of(user)
    return bulletin.issued and (unit is None or unit.government_id == bulletin.plan.government_id)


# --- the office's work ------------------------------------------------------------------------------


def draft_bulletin(
    plan: Plan, day: dt.date, span: str | None, *, user, corrects: Bulletin | None = None
) -> Bulletin:
    _require_office(user, plan)
    drafted = compose(plan, day, span)
    bulletin = Bulletin(
        plan=plan,
        day=day,
        span=drafted.span,
        title=drafted.title,
        sections=drafted.sections,
        facts=drafted.facts.as_json(),
        corrects=corrects,
        created_by=user,
    )
    reason = f"起草更正通报（更正{corrects.issue_label}）" if corrects else "起草督查通报"
    return history.save(bulletin, user=user, reason=reason)


def draft_correction(original: Bulletin, *, user) -> Bulletin:
    _require_office(user, original.plan)
    if not original.issued:
        raise BulletinRefused("只有已签发的通报才需要更正；草稿请直接修改")
    return draft_bulletin(original.plan, original.day, original.span, user=user, corrects=original)


def _editable(bulletin: Bulletin, version: int) -> None:
    if bulletin.state != BulletinState.DRAFT:
        raise BulletinRefused(
            f"{bulletin.issue_label}已{bulletin.get_state_display()}，不能再修改：如需更正请起草更正通报"
        )
    if version != bulletin.version:
        raise Conflict("这份草稿已被他人修改：请刷新页面，在最新内容上修改")


def save_sections(bulletin: Bulletin, sections: dict[str, str], *, version: int, user) -> Bulletin:
    """The office's text for the sections it sent; the others stay as they are."""
    _require_office(user, bulletin.plan)
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        _editable(bulletin, version)
        changed = dict(bulletin.sections)
        edited = list(bulletin.edited)
        for key, text in sections.items():
            if key not in drafting.SECTIONS:
                raise BulletinRefused(f"通报没有“{key}”这一部分")
            text = text.replace("\r\n", "\n").strip()
            if len(text) > MAX_SECTION:
                raise BulletinRefused(f"“{key}”部分超过 {MAX_SECTION} 字：请精简")
            if text != changed.get(key, ""):
                changed[key] = text
                edited = [*dict.fromkeys([*edited, key])]
        bulletin.sections, bulletin.edited = changed, edited
        bulletin.version += 1
        return history.save(bulletin, user=user, reason="修改通报正文")


def refresh(bulletin: Bulletin, *, version: int, user) -> Bulletin:
    """Recompute the figures on the bulletin's day (reports accepted since) and redraft the
    sections the office has not edited; edited ones are kept as written."""
    _require_office(user, bulletin.plan)
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().select_related("plan__government").get(pk=bulletin.pk)
        _editable(bulletin, version)
        drafted = compose(bulletin.plan, bulletin.day, bulletin.span)
        bulletin.facts = drafted.facts.as_json()
        bulletin.sections = {
            key: bulletin.sections.get(key, "") if key in bulletin.edited else text
            for key, text in drafted.sections.items()
        }
        bulletin.version += 1
        return history.save(bulletin, user=user, reason="按最新台账刷新通报数据")


def issue(bulletin: Bulletin, *, version: int, user) -> Bulletin:
    """Number, render and freeze the bulletin, in one transaction."""
    _require_office(user, bulletin.plan)
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=bulletin.plan_id).first()  # numbers one at a time
        bulletin = (
            Bulletin.objects.select_for_update(of=("self",))
            .select_related("plan__government", "corrects")
            .get(pk=bulletin.pk)
        )
        _editable(bulletin, version)
        last = Bulletin.objects.filter(plan=bulletin.plan).aggregate(n=Max("number"))["n"] or 0
        bulletin.number = last + 1
        bulletin.state = BulletinState.ISSUED
        bulletin.issued_at, bulletin.issued_by = timezone.now(), user
        data = render(bulletin)
        bulletin.docx, bulletin.sha256 = data, hashlib.sha256(data).hexdigest()
        bulletin.version += 1
        return history.save(bulletin, user=user, reason=f"签发{bulletin.issue_label}")


def discard(bulletin: Bulletin, *, version: int, user) -> Bulletin:
    _require_office(user, bulletin.plan)
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if bulletin.issued:
            raise BulletinRefused(f"{bulletin.issue_label}已签发，不能作废：如有错误请起草更正通报")
        _editable(bulletin, version)
        bulletin.state = BulletinState.DISCARDED
        bulletin.version += 1
        return history.save(bulletin, user=user, reason="作废草稿")


def set_published(bulletin: Bulletin, published: bool, *, user) -> Bulletin:
    _require_office(user, bulletin.plan)
    if not bulletin.issued:
        raise BulletinRefused("只有已签发的通报可以公开")
    history.update(
        bulletin, {"published": published}, user=user, reason="公开通报" if published else "取消公开通报"
    )
    return bulletin


# --- the document -------------------------------------------------------------------------------


def render(bulletin: Bulletin) -> bytes:
    """The bulletin as a .docx from what it holds now (a draft's preview, or the moment of issue)."""
    plan = bulletin.plan
    issuer = issuer_of(plan)
    number = bulletin.issue_label if bulletin.number else _draft_number()
    day = timezone.localtime(bulletin.issued_at).date() if bulletin.issued_at else timezone.localdate()
    note = ""
    if bulletin.corrects_id:
        original = bulletin.corrects
        note = drafting.phrases()["correction_note"].format(number=original.issue_label, title=original.title)
    heading = _heading(bulletin.title, number, issuer, day, note)
    return document.render(Facts.load(bulletin.facts), bulletin.sections, heading, template_path(TEMPLATE))


def docx_of(user, bulletin_id: int) -> tuple[bytes, str, str]:
    """(bytes, file name, SHA-256): an issued bulletin exactly as issued; a draft as it stands."""
    bulletin = bulletin_for(user, bulletin_id)
    return document_bytes(bulletin)


def document_bytes(bulletin: Bulletin) -> tuple[bytes, str, str]:
    if bulletin.issued:
        data = bytes(bulletin.docx)
        return data, f"{bulletin.issue_label}{bulletin.title}.docx", bulletin.sha256
    data = render(bulletin)
    return data, f"草稿-{bulletin.title}.docx", hashlib.sha256(data).hexdigest()


def published_bulletins(plan: Plan) -> list[Bulletin]:
    return list(
        Bulletin.objects.filter(plan=plan, state=BulletinState.ISSUED, published=True).order_by("-number")
    )


def public_docx(bulletin_id: int) -> tuple[bytes, str, str]:
    bulletin = (
        Bulletin.objects.select_related("plan")
        .filter(pk=bulletin_id, state=BulletinState.ISSUED, published=True, plan__published=True)
        .first()
    )
    if bulletin is None:
        raise NotFound("没有这份公开的督查通报")
    return document_bytes(bulletin)


def _draft_number() -> str:
    return drafting.phrases()["draft_number"]


def _heading(title: str, number: str, issuer: str, day: dt.date, note: str = "") -> document.Heading:
    return document.Heading(
        title=title, number=number, issuer=issuer, date=drafting.chinese_date(day), note=note
    )
