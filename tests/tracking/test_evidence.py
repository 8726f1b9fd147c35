"""Issue #4: evidence files are checked by type and size, stored once under their hash outside the
database, and refused on a locked report."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, operator
from duban.plans.importing import import_report
from duban.tracking.evidence import attach, store_path
from duban.tracking.periods import find_period
from duban.tracking.reports import ReportEntry, ReportRefused, open_report, review, save_report

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%...\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


@pytest.fixture
def report(sample_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    task = plan.tasks.get(text__contains="9000万斤")
    unit = task.assignments.get(role="lead").department
    office = operator("office")
    ensure_role(office, UserRole.OFFICE)
    return open_report(task, find_period(plan, "2024-06"), unit, user=office), office


def test_a_pdf_is_stored_once_under_its_hash(report):
    report, user = report
    first = attach(report, "春播照片汇总.pdf", PDF, user=user)
    second = attach(report, "副本.pdf", PDF, user=user)
    assert first.sha256 == second.sha256 and first.content_type == "application/pdf"
    assert store_path(first.sha256).read_bytes() == PDF
    assert report.evidence.count() == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.exe", b"MZ...", "不支持 .exe"),
        ("空.pdf", b"", "空文件"),
        ("假图片.png", PDF, "内容与扩展名 .png 不符"),
        ("无扩展名", PNG, "不支持 .（无扩展名）"),
    ],
    ids=["executable", "empty", "pdf named png", "no extension"],
)
def test_bad_files_are_refused(report, name: str, data: bytes, message: str):
    report, user = report
    with pytest.raises(ReportRefused, match=message):
        attach(report, name, data, user=user)
    assert not report.evidence.exists()


def test_too_large_is_refused(report, settings):
    report, user = report
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ReportRefused, match="超过"):
        attach(report, "大.pdf", PDF, user=user)


def test_a_locked_report_takes_no_more_files(report):
    report, user = report
    report = save_report(report, ReportEntry(progress="x"), version=report.version, user=user, submit=True)
    report = review(report, accept=True, version=report.version, user=user)
    with pytest.raises(ReportRefused, match="锁定"):
        attach(report, "晚到.png", PNG, user=user)
