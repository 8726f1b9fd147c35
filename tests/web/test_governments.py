"""Many governments in one installation (issue #15): a city and three counties imported from
files, each office seeing only its own, the city's office reading every county and seeing the
cascade (层层加码) with the right gaps; the role matrix extended to governments.

The counties' reports are made at run time from the bundled sample (爱民区), moved to three of
保定市's districts and to 2023, each with its own GDP target; the city's is the shared corpus's
real 保定市 2023 report (地区生产总值 7%左右).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from django.db import transaction

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.corpus.recombine import recombine
from duban.errors import Forbidden, NotFound
from duban.plans.folder_import import import_folder
from duban.plans.importing import ImportRefused, import_report
from duban.plans.models import Plan, Role, Target, Task
from duban.publish import access
from duban.publish.cascade import as_json, cascade, export_xlsx
from duban.regions import resolve
from duban.tracking.models import ProgressReport
from duban.tracking.periods import find_period, settings_for
from duban.tracking.reports import ReportEntry, file_report

pytestmark = pytest.mark.django_db

PASSWORD = "Duban-governments-2023"
DAY = dt.date(2023, 6, 30)
# county, its GDP target (%), the gap to the city's 7%左右 in percentage points, 加码?
COUNTIES = [("竞秀区", "6.5", -0.5, False), ("莲池区", "7.5", 0.5, True), ("满城区", "6", -1.0, False)]
ACCEPTED_GDP = 3.2  # a half-year figure the county office accepts


def _county_reports(folder: Path, sample_text: str) -> None:
    source = resolve("爱民区").division
    for name, gdp, _, _ in COUNTIES:
        target = resolve(name, within="130600000000").division
        text = recombine(
            sample_text,
            source=source,
            target=target,
            year_shift=-1,
            replace={"地区生产总值增长 6%": f"地区生产总值增长 {gdp}%"},
        )
        (folder / f"{name}2023年政府工作报告.txt").write_text(text, encoding="utf-8")


@dataclass
class World:
    city: Plan
    counties: dict[str, Plan]
    users: dict
    report: ProgressReport  # submitted by 竞秀区's liaison, waiting for 竞秀区's office

    def path(self, template: str) -> str:
        a, b = self.counties["竞秀区"], self.counties["莲池区"]
        task = Task.objects.filter(plan=a, withdrawn=False).order_by("order").first()
        names = {
            "<city>": str(self.city.pk),
            "<A>": str(a.pk),
            "<B>": str(b.pk),
            "<A task>": task.external_id,
            "<A report>": str(self.report.pk),
            "<A gov>": str(a.government_id),
        }
        for name, value in names.items():
            template = template.replace(name, value)
        return template


def _gdp_task(plan: Plan) -> Task:
    return Task.objects.get(plan=plan, source_task="t1")  # the targets list's first item: GDP


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory, corpus_dir: Path, sample_text: str):
    folder = tmp_path_factory.mktemp("counties")
    _county_reports(folder, sample_text)
    with django_db_blocker.unblock(), transaction.atomic():
        city = import_report(corpus_dir / "baoding-city-2023.txt", government="保定市", level="city").plan
        outcome = import_folder(folder, parent="保定市")
        counties = {m.government: r.plan for m, r in outcome.imported}
        a = counties["竞秀区"]
        users = {
            "city-office": add_user("city-office", UserRole.OFFICE, password=PASSWORD, government="保定市"),
            "A-office": add_user("a-office", UserRole.OFFICE, password=PASSWORD, government="竞秀区"),
            "A-reader": add_user("a-reader", UserRole.READER, password=PASSWORD, government="竞秀区"),
            "B-office": add_user("b-office", UserRole.OFFICE, password=PASSWORD, government="莲池区"),
        }
        gdp = _gdp_task(a)
        lead = gdp.assignments.get(role=Role.LEAD, withdrawn=False).department
        users["A-liaison"] = add_user(
            "a-liaison", UserRole.LIAISON, password=PASSWORD, department=lead.name, government="竞秀区"
        )
        for plan in counties.values():
            chosen = settings_for(plan)
            chosen.as_of = DAY
            chosen.save(update_fields=["as_of"])
        entry = ReportEntry(progress="上半年地区生产总值增长3.2%")
        target = gdp.targets.get(withdrawn=False)
        entry.figures[target.pk] = ACCEPTED_GDP
        file_report(gdp, find_period(a, "2023-05"), lead, entry, user=users["A-office"], accept=True)
        pending = file_report(gdp, find_period(a, "2023-06"), lead, entry, user=users["A-liaison"])
        yield World(city=city, counties=counties, users=users, report=pending)
        transaction.set_rollback(True)


def test_each_county_is_matched_by_its_region_with_its_official_code(world: World):
    assert set(world.counties) == {name for name, *_ in COUNTIES}
    for name, plan in world.counties.items():
        gov = plan.government
        assert (gov.parent_id, gov.level, gov.code[:4]) == (world.city.government_id, "county", "1306"), name
        assert gov.full_name == f"河北省保定市{name}"
    assert world.city.government.code == "130600000000"


ROLES = ["city-office", "A-office", "A-liaison", "A-reader", "B-office"]
# fmt: off
# what the user may open (plans listed)        city-office  A-office  A-liaison  A-reader  B-office
VISIBLE = {
    "city-office": {"保定市", "竞秀区", "莲池区", "满城区"},
    "A-office":    {"竞秀区"},
    "A-liaison":   {"竞秀区"},
    "A-reader":    {"竞秀区"},
    "B-office":    {"莲池区"},
}
# request                                   city-office  A-office  A-liaison  A-reader  B-office
MATRIX = [
    ("GET /?plan=<city>",                   200,         404,      404,       404,      404),
    ("GET /?plan=<A>",                      200,         200,      200,       200,      404),
    ("GET /ledger/?plan=<B>",               200,         404,      404,       404,      200),
    ("GET /tasks/<A task>/",                200,         200,      200,       200,      404),
    ("GET /plans/<A>/report/",              200,         200,      200,       200,      404),
    ("GET /cascade/?plan=<city>",           200,         404,      404,       404,      404),
    ("GET /cascade/?plan=<A>",              200,         200,      403,       200,      404),
    ("GET /review/?plan=<A>",               403,         200,      403,       403,      404),
    ("POST /review/<A report>/",            403,         302,      403,       403,      404),
    ("GET /inbox/?plan=<A>",                403,         200,      200,       403,      404),
    ("GET /api/plans/<city>/cascade",       200,         404,      404,       404,      404),
    ("GET /api/plans/<A>/status",           200,         200,      200,       200,      404),
    ("GET /public/?government=<A gov>",     200,         200,      200,       200,      200),
]
# fmt: on


@pytest.mark.parametrize("role", ROLES)
def test_each_office_sees_only_its_own_plans_and_the_city_every_county(world: World, role: str):
    assert {p.government.name for p in access.visible_plans(world.users[role])} == VISIBLE[role]


@pytest.mark.parametrize(
    ("role", "request_line", "expected"),
    [
        pytest.param(role, line, expected, id=f"{role} {line} → {expected}")
        for line, *cells in MATRIX
        for role, expected in zip(ROLES, cells, strict=True)
    ],
)
def test_role_matrix_across_governments(client, world: World, role: str, request_line: str, expected: int):
    method, template = request_line.split(" ", 1)
    client.force_login(world.users[role])
    path = world.path(template)
    if method == "POST":
        response = client.post(path, {"action": "accept", "version": world.report.version})
    else:
        response = client.get(path)
    assert response.status_code == expected, response.content.decode()[:300]
    if expected in {403, 404} and not path.startswith("/api/"):
        assert "返回总览" in response.content.decode()


def test_the_city_sees_the_cascade_with_the_right_gaps(world: World):
    result = cascade(world.users["city-office"], world.city, DAY)
    gdp = next(i for i in result.indicators if i.metric == "地区生产总值")
    assert (gdp.parent.value, gdp.parent.text) == (7, "7%左右")
    by_county = {c.government: c for c in gdp.children}
    for name, value, gap, stricter in COUNTIES:
        child = by_county[name]
        assert (child.value, child.gap, child.gap_unit, child.stricter) == (
            float(value),
            gap,
            "个百分点",
            stricter,
        ), name
    assert by_county["竞秀区"].actual == ACCEPTED_GDP  # the accepted figure, not the pending one
    assert by_county["竞秀区"].status and by_county["莲池区"].actual is None
    ordered = [c.government for i, c in result.rows("gap") if i.metric == "地区生产总值"]
    assert ordered == ["莲池区", "竞秀区", "满城区"]


def test_a_county_office_cannot_open_the_citys_cascade_and_a_liaison_no_cascade(world: World):
    with pytest.raises(Forbidden):
        cascade(world.users["A-liaison"], world.counties["竞秀区"], DAY)
    assert not cascade(world.users["A-office"], world.counties["竞秀区"], DAY).children
    with pytest.raises(NotFound):
        access.choose_plan(world.users["A-office"], str(world.city.pk))


def test_cascade_json_and_workbook_carry_every_child(client, world: World):
    client.force_login(world.users["city-office"])
    data = client.get(f"/api/plans/{world.city.pk}/cascade?date={DAY}").json()
    assert data["schema"] == "duban.cascade/1" and sorted(data["children"]) == sorted(world.counties)
    assert data == as_json(cascade(world.users["city-office"], world.city, DAY))
    buffer = io.BytesIO()
    rows = export_xlsx(cascade(world.users["city-office"], world.city, DAY), buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    written = [r for r in sheet.iter_rows(values_only=True) if r[1] in world.counties]
    assert (
        len(written)
        == rows
        == sum(len(i.children) for i in cascade(world.users["city-office"], world.city, DAY).indicators)
    )
    assert written[next(k for k, r in enumerate(written) if r[:2] == ("地区生产总值", "莲池区"))][:6] == (
        "地区生产总值",
        "莲池区",
        "7%左右",
        "7.5%",
        "+0.5个百分点",
        "加码",
    )


def test_the_cascade_page_shows_a_table_sorted_by_gap_and_its_chart_data(client, world: World):
    client.force_login(world.users["city-office"])
    html = client.get(f"/cascade/?plan={world.city.pk}&sort=gap&date={DAY}").content.decode()
    assert 'id="cascade-table"' in html and 'id="cascade-data"' in html and "+0.5个百分点" in html
    assert html.index("+0.5个百分点") < html.index("-1个百分点")


def test_a_folder_with_a_report_of_another_region_is_refused_whole(
    world: World, tmp_path: Path, sample_path: Path
):
    (tmp_path / "aimin.txt").write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    before = Plan.objects.count()
    with pytest.raises(ImportRefused, match="不在河北省保定市之下"):
        import_folder(tmp_path, parent="保定市")
    assert Plan.objects.count() == before
    outcome = import_folder(tmp_path, parent="保定市", answers={"aimin.txt": "徐水区"})
    assert outcome.imported[0][1].plan.government.code == "130609000000"


def test_a_county_target_row_is_the_one_the_cascade_reads(world: World):
    a = world.counties["竞秀区"]
    target = Target.objects.get(task=_gdp_task(a), withdrawn=False)
    assert (target.value, target.unit, target.growth) == (6.5, "%", True)


# fmt: off
# admin page                                 city-office  A-office
ADMIN = [
    ("/admin/plans/plan/<city>/change/",      200,         302),   # 302: "no such object", back to the index
    ("/admin/plans/plan/<A>/change/",         302,         200),
]
# fmt: on


@pytest.mark.parametrize(("template", "city", "county"), ADMIN, ids=[r[0] for r in ADMIN])
def test_the_admin_shows_an_office_only_its_own_governments_rows(
    client, world: World, template, city, county
):
    for role, expected in (("city-office", city), ("A-office", county)):
        client.force_login(world.users[role])
        assert client.get(world.path(template)).status_code == expected, role


def test_the_admin_lists_and_offers_only_the_offices_own_rows(client, world: World):
    client.force_login(world.users["A-office"])
    a = world.counties["竞秀区"]
    listed = client.get("/admin/plans/plan/").content.decode()
    assert f"/admin/plans/plan/{a.pk}/change/" in listed
    assert f"/admin/plans/plan/{world.city.pk}/change/" not in listed
    task = Task.objects.filter(plan=a).first()
    form = client.get(f"/admin/plans/task/{task.pk}/change/").content.decode()
    other_unit = world.counties["莲池区"].government.departments.first()
    assert f'value="{other_unit.pk}"' not in form.split('name="assignments-0-department"')[-1][:20000]
    profile = world.users["A-office"].profile
    page = client.get(f"/admin/accounts/profile/{profile.pk}/change/").content.decode()
    assert 'name="government"' not in page  # its government is fixed, not a choice


def test_year_end_the_cascade_shows_each_childs_promise_check(world: World, tmp_path: Path, sample_text: str):
    # 竞秀区's 2024 report: the sample as it stands (it reviews 2023: 地区生产总值增长6.5%).
    text = recombine(sample_text, source=resolve("爱民区").division, target=resolve("竞秀区").division)
    path = tmp_path / "竞秀区2024年政府工作报告.txt"
    path.write_text(text, encoding="utf-8")
    import_report(path, government="竞秀区", parent="保定市")
    gdp = next(
        i
        for i in cascade(world.users["city-office"], world.city, DAY).indicators
        if i.metric == "地区生产总值"
    )
    by_county = {c.government: c for c in gdp.children}
    assert by_county["竞秀区"].verdict == "完成"  # 6.5% achieved against its 6.5% target
    assert by_county["莲池区"].verdict is None and by_county["莲池区"].verdict_note == "尚未导入2024年报告"
