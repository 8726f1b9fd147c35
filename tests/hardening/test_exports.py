"""Issue #16 item 5, the other way: text a person typed (a task, a unit's name, a report) that
Excel would take for a formula (=, +, -, @ first) is written into every exported workbook as text
with Excel's quote prefix, so a clerk who opens the file, or edits the cell, runs no formula.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.plans import history
from duban.plans.importing import import_report
from duban.plans.split_table import export_split
from duban.tracking.periods import find_period
from duban.tracking.progress_export import export_progress
from duban.tracking.reports import ReportEntry, file_report

pytestmark = pytest.mark.django_db

FORMULAS = {
    "task": '=HYPERLINK("http://evil.example/","点击查看")',
    "unit": "@SUM(1+1)*cmd|' /C calc'!A0",
    "progress": "+1+cmd|' /C notepad'!A0",
    "problems": "-2+3",
    "next_steps": "=1+1",
}


@pytest.fixture
def exported(sample_path: Path, tmp_path: Path) -> dict[str, Path]:
    plan = import_report(sample_path, government="爱民区").plan
    task = plan.tasks.filter(withdrawn=False, assignments__role="lead").order_by("order").first()
    history.update(task, {"text": FORMULAS["task"]}, user=None, reason="测试")
    unit = task.assignments.get(role="lead", withdrawn=False).department
    history.update(unit, {"name": FORMULAS["unit"]}, user=None, reason="测试")
    office = add_user("export-office", UserRole.OFFICE, password="Export-2024-pw")
    period = find_period(plan, "2024-05")
    entry = ReportEntry(
        progress=FORMULAS["progress"], problems=FORMULAS["problems"], next_steps=FORMULAS["next_steps"]
    )
    file_report(task, period, unit, entry, user=office)
    out = {"分工表": tmp_path / "split.xlsx", "进展报送表": tmp_path / "progress.xlsx"}
    export_split(plan, out["分工表"])
    export_progress(plan, period, out["进展报送表"])
    return out


@pytest.mark.parametrize("workbook", ["分工表", "进展报送表"])
def test_formula_looking_text_is_written_as_quoted_text(workbook: str, exported: dict[str, Path]):
    path = exported[workbook]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), (
                    f"{workbook}: a formula"
                )
    book = openpyxl.load_workbook(path)
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    found[cell.value] = (cell.data_type, bool(cell.quotePrefix))
    expected = {FORMULAS["task"], FORMULAS["unit"]}
    if workbook == "进展报送表":
        expected |= {FORMULAS["progress"], FORMULAS["problems"], FORMULAS["next_steps"]}
    assert expected <= set(found), f"{workbook}: missing {expected - set(found)}"
    wrong = {value: how for value, how in found.items() if how != ("s", True)}
    assert wrong == {}, f"{workbook}: cells Excel would run: {wrong}"
