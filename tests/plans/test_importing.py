"""Issue #3: a report becomes a stored plan; the same file again changes nothing; a revised report
is matched task by task and applied only on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.accounts.services import operator
from duban.plans.changes import Action
from duban.plans.importing import ImportRefused, import_report
from duban.plans.models import Assignment, Government, Plan, Target, Task

pytestmark = pytest.mark.django_db


def _counts(plan: Plan) -> dict[str, int]:
    return {
        "tasks": Task.objects.filter(plan=plan).count(),
        "targets": Target.objects.filter(task__plan=plan).count(),
        "assignments": Assignment.objects.filter(task__plan=plan).count(),
        "sections": plan.sections.count(),
        "task_history": Task.history.filter(plan_id=plan.pk).count(),
    }


def test_sample_import_gives_every_plan_task_one_lead_with_a_reason(sample_path: Path, sample_result: dict):
    outcome = import_report(sample_path, government="爱民区", user=operator("tester"))
    plan = outcome.plan
    assert outcome.created and plan.year == 2024
    tasks = list(plan.tasks.prefetch_related("assignments__department"))
    assert len(tasks) == len(sample_result["tasks"])
    for task in tasks:
        leads = [a for a in task.assignments.all() if a.role == "lead"]
        assert len(leads) == 1, task.text
        assert leads[0].reason, task.text
        supports = [a.department_id for a in task.assignments.all() if a.role == "support"]
        assert leads[0].department_id not in supports, task.text


def test_tasks_keep_their_source_span_and_targets(sample_path: Path, sample_text: str):
    plan = import_report(sample_path, government="爱民区").plan
    task = plan.tasks.get(text__contains="9000万斤")
    # The span points into the report as written; the stored text is the repaired sentence.
    assert sample_text[task.raw_start : task.raw_end].replace(",", "，") == task.text
    targets = {t.text: t for t in task.targets.all()}
    assert targets["9000万斤以上"].value == 90_000_000 and targets["9000万斤以上"].comparator == "ge"
    assert sample_text[targets["12万亩"].raw_start : targets["12万亩"].raw_end].startswith("12")
    assert task.deadline.isoformat() == "2024-12-31"
    assert task.external_id.startswith(f"T{plan.pk}-")


def test_importing_the_same_file_twice_changes_nothing(sample_path: Path):
    first = import_report(sample_path, government="爱民区")
    before = _counts(first.plan)
    again = import_report(sample_path, government="爱民区", apply=True)
    assert again.same_file and not again.changes and not again.created
    assert _counts(first.plan) == before
    assert Plan.objects.count() == 1 and Government.objects.count() == 1


def _revise(sample_text: str, tmp_path: Path) -> Path:
    revised = sample_text.replace("12万亩、9000万斤以上", "12.5万亩、9200万斤以上")
    first_task = revised.index("全力抓好粮食安全")
    assert first_task > 0
    path = tmp_path / "revised.txt"
    path.write_text(revised, encoding="utf-8")
    return path


def test_a_revised_report_is_previewed_then_applied(sample_path: Path, sample_text: str, tmp_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    grain = plan.tasks.get(text__contains="9000万斤")
    grain_id, target_ids = grain.external_id, set(grain.targets.values_list("external_id", flat=True))
    revised = _revise(sample_text, tmp_path)

    preview = import_report(revised, government="爱民区", user=operator("reviser"))
    assert not preview.applied
    assert {(c.action, c.task_id) for c in preview.changes.changes} == {(Action.CHANGED, grain_id)}
    assert "9000万斤" in Task.objects.get(pk=grain.pk).text  # a preview writes nothing

    applied = import_report(revised, government="爱民区", apply=True, user=operator("reviser"))
    assert applied.applied
    grain.refresh_from_db()
    assert "9200万斤" in grain.text and grain.external_id == grain_id
    assert set(grain.targets.values_list("external_id", flat=True)) == target_ids  # ids survive a new value
    assert grain.targets.get(text__startswith="9200").value == 92_000_000
    latest = grain.history.first()
    assert latest.history_user.username == "reviser" and latest.history_change_reason == "导入修订后的报告"


def test_a_dropped_sentence_is_withdrawn_not_deleted(sample_path: Path, sample_text: str, tmp_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    task = plan.tasks.get(text__contains="9000万斤")
    path = tmp_path / "dropped.txt"
    raw = sample_text[task.raw_start : task.raw_end]
    path.write_text(sample_text.replace(raw, ""), encoding="utf-8")
    outcome = import_report(path, government="爱民区", apply=True)
    assert [(c.action, c.task_id) for c in outcome.changes.changes] == [(Action.WITHDRAWN, task.external_id)]
    task.refresh_from_db()
    assert task.withdrawn and Task.objects.filter(pk=task.pk).exists()


def test_an_added_sentence_gets_a_new_id_and_a_lead(sample_path: Path, sample_text: str, tmp_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    ids = set(plan.tasks.values_list("external_id", flat=True))
    grain = plan.tasks.get(text__contains="9000万斤")
    anchor = sample_text[grain.raw_start : grain.raw_end]
    path = tmp_path / "added.txt"
    path.write_text(sample_text.replace(anchor, anchor + "新建高标准农田2万亩。"), encoding="utf-8")
    outcome = import_report(path, government="爱民区", apply=True)
    assert outcome.changes.count(Action.ADDED) == 1
    new = plan.tasks.exclude(external_id__in=ids).get()
    assert new.text == "新建高标准农田2万亩。"
    assert new.assignments.get(role="lead").department.name == "农业农村局"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"government": "  "}, "政府名称为空"),
        ({"government": "爱民区", "level": "town"}, "层级“town”无效"),
        ({"government": "爱民区", "parent": "不存在市"}, "找不到上级政府"),
    ],
    ids=["blank government", "unknown level", "unknown parent"],
)
def test_bad_options_are_refused_and_store_nothing(sample_path: Path, kwargs: dict, message: str):
    with pytest.raises(ImportRefused, match=message):
        import_report(sample_path, **kwargs)
    assert not Plan.objects.exists()


def test_a_county_under_its_city_under_its_province(sample_path: Path, tmp_path: Path, sample_text: str):
    import_report(sample_path, government="黑龙江省", level="province")
    import_report(sample_path, government="牡丹江市", level="city", parent="黑龙江省")
    plan = import_report(sample_path, government="爱民区", parent="牡丹江市").plan
    assert plan.government.parent.name == "牡丹江市" and plan.government.parent.parent.name == "黑龙江省"
    assert plan.government.parent.level == "city"
