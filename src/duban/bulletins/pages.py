"""What the bulletin pages show and do: a user and a plan or bulletin (and a posted form) in; the
page's context, or the one service step a form asks for, out."""

from __future__ import annotations

import datetime as dt

from duban.bulletins import drafting, services
from duban.bulletins.facts import Facts
from duban.bulletins.models import Bulletin
from duban.bulletins.services import BulletinRefused
from duban.plans.models import Plan
from duban.tracking.periods import as_of


def listing(user, plan: Plan) -> dict:
    return {"plan": plan, "bulletins": services.visible(user, plan), "day": as_of(plan)}


def detail(user, bulletin_id: int) -> dict:
    bulletin = services.bulletin_for(user, bulletin_id)
    headings = drafting.phrases()["headings"]
    sections = [
        (key, headings.get(key, "开头"), bulletin.sections.get(key, ""), key in bulletin.edited)
        for key in drafting.SECTIONS
    ]
    facts = Facts.load(bulletin.facts)
    words = drafting.phrases()
    names = {"all": words["table"]["all"], **words["groups"]}
    counts = [(names[g.key], g.total, list(g.counts.values())) for g in facts.groups]
    return {
        "bulletin": bulletin,
        "plan": bulletin.plan,
        "facts": facts,
        "count_headers": words["table"]["counts"][2:],
        "counts": counts,
        "sections": sections,
        "history": bulletin.history.all()[:50],
    }


def _day(form) -> dt.date:
    text = (form.get("date") or "").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BulletinRefused(f"日期“{text[:20]}”无效：请写成 YYYY-MM-DD") from None


def _version(form) -> int:
    text = (form.get("version") or "").strip()
    if not text.isdecimal():
        raise BulletinRefused("版本号无效：请刷新页面后重新操作")
    return int(text)


def draft_from_form(user, plan: Plan, form) -> Bulletin:
    return services.draft_bulletin(plan, _day(form), form.get("span") or None, user=user)


def act(user, bulletin_id: int, form) -> tuple[Bulletin, str]:
    bulletin = services.bulletin_for(user, bulletin_id)
    action = form.get("action", "")
    if action == "save":
        texts = {key: form[key] for key in drafting.SECTIONS if key in form}
        return services.save_sections(bulletin, texts, version=_version(form), user=user), "正文已保存"
    if action == "refresh":
        return services.refresh(bulletin, version=_version(form), user=user), "已按最新台账刷新数据"
    if action == "issue":
        issued = services.issue(bulletin, version=_version(form), user=user)
        return issued, f"已签发{issued.issue_label}"
    if action == "discard":
        return services.discard(bulletin, version=_version(form), user=user), "草稿已作废"
    if action in {"publish", "unpublish"}:
        return services.set_published(bulletin, action == "publish", user=user), (
            "已在公开页发布" if action == "publish" else "已取消公开"
        )
    if action == "correct":
        return services.draft_correction(bulletin, user=user), "已起草更正通报"
    raise BulletinRefused(f"不认识的操作“{action[:20]}”")
