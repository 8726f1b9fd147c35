"""Progress sheets (进展报送表) from the web: the user, a plan, a period and a unit in; the workbook
to download out, or an uploaded workbook previewed (what it would file, as ``duban progress
import`` lists it) and, once confirmed, filed. A unit downloads and uploads its own sheet from its
inbox; the office any unit's, or every unit's at once, from the plan's sheets page.

The same services and refusals as the command line (``export_progress``, ``import_progress``);
the uploaded file is parked under its hash between the preview and the confirmation
(``duban.files``), so what is filed is exactly the file that was previewed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from duban import files
from duban.accounts import rules
from duban.errors import Forbidden
from duban.plans.models import Department, Plan
from duban.tracking.models import Period
from duban.tracking.periods import ensure_periods, find_period, open_on
from duban.tracking.progress_common import ProgressRefused
from duban.tracking.progress_export import export_progress
from duban.tracking.progress_import import ImportOutcome, import_progress


@dataclass
class Workbook:
    data: bytes
    filename: str


@dataclass
class Upload:
    """A previewed (``applied`` False, ``digest`` to confirm with) or filed upload."""

    outcome: ImportOutcome
    digest: str
    filename: str
    applied: bool


@dataclass
class SheetChoices:
    """What the office's sheets page offers: the periods, the open one, and the units."""

    periods: list[Period]
    open_period: Period
    units: list[Department]


def sheet_choices(user, plan: Plan, day) -> SheetChoices:
    if not rules.is_office(user, plan):
        raise Forbidden("只有督查室可以管理全部单位的进展报送表；单位请在“进展报送”页下载和上传本单位的")
    units = list(plan.government.departments.filter(active=True).order_by("order", "name"))
    return SheetChoices(ensure_periods(plan), open_on(plan, day), units)


def sheet_unit(user, plan: Plan, department_id: str | None) -> Department | None:
    """Whose sheet: a liaison's own unit whatever it asks; the office the unit it names, or None
    (every unit's tasks at once)."""
    if rules.is_office(user, plan):
        if not department_id:
            return None
        unit = (
            plan.government.departments.filter(pk=department_id).first()
            if department_id.isdecimal()
            else None
        )
        if unit is None:
            raise ProgressRefused(f"{plan.government.name}没有这个单位：请从列表中选择")
        return unit
    unit = rules.unit_of(user)
    if unit is None or unit.government_id != plan.government_id:
        raise Forbidden("只有本计划的单位联络员和督查室可以下载或上传进展报送表")
    return unit


def sheet_period(plan: Plan, label: str | None, day) -> Period:
    """The period asked for by its label, else the one open on ``day``."""
    if not label:
        return open_on(plan, day)
    found = find_period(plan, label)
    if found is None:
        labels = "、".join(p.label for p in ensure_periods(plan)[:3])
        raise ProgressRefused(f"计划“{plan.key}”没有报送期“{label}”：请写成 {labels} 这样的期次")
    return found


def progress_workbook(user, plan: Plan, *, period: str | None, department: str | None, day) -> Workbook:
    """The 进展报送表 of a period, pre-filled from the reports on file."""
    unit = sheet_unit(user, plan, department)
    when = sheet_period(plan, period, day)
    buffer = io.BytesIO()
    export_progress(plan, when, buffer, department=unit)
    whose = unit.name if unit else "全部单位"
    return Workbook(buffer.getvalue(), f"{plan.government.name}{when.title}进展报送表（{whose}）.xlsx")


def upload_progress(
    user,
    plan: Plan,
    *,
    upload=None,
    digest: str = "",
    filename: str = "",
    department: str | None = None,
    accept: bool = False,
) -> Upload:
    """First call (``upload``): park the file and preview it. Second call (``digest``, with the
    file's name): file the parked file; ``accept`` files its reports as accepted (office only)."""
    unit = sheet_unit(user, plan, department)
    if digest:
        path = files.parked(digest)
        outcome = import_progress(
            plan, path, user=user, department=unit, apply=True, accept=accept, filename=filename
        )
        path.unlink(missing_ok=True)
        return Upload(outcome, digest, filename, applied=True)
    digest = files.park(upload, "进展报送表")
    outcome = import_progress(
        plan, files.parked(digest), user=user, department=unit, apply=False, accept=accept
    )
    return Upload(outcome, digest, upload.name, applied=False)
