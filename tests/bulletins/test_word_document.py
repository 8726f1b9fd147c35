"""Issue #13 item 3: the bulletin as Word documents an office would send, checked the way a person
would look at it — rendered to PDF by LibreOffice — and kept as page images in
``test-artifacts/bulletin/`` (pdftoppm).

The PDF must have A4 portrait pages numbered 「— N —」 in order, then the attachment in landscape
with its header row on every page; and every Chinese character must be drawn in a font that has it
(a character in a font without it is a box). Also: an office's own template replaces the plain
红头, and with no CJK font installed the charts are left out with a note.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pymupdf
import pytest
from django.db import transaction

from duban.bulletins.services import draft_document
from duban.documents import charts
from duban.plans.importing import import_report
from duban.tracking.demo import fill_demo

pytestmark = pytest.mark.django_db

JUNE = dt.date(2024, 6, 30)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "bulletin"
_CJK = re.compile(r"[\u3400-\u9fff\u3001-\u303f\uff01-\uffef]")  # not U+3000, a space
needs_office = pytest.mark.skipif(
    (SOFFICE is None or shutil.which("pdftoppm") is None) and os.environ.get("DUBAN_REQUIRE_OFFICE") != "1",
    reason="LibreOffice (libreoffice-writer) and pdftoppm (poppler-utils) render the .docx",
)


@pytest.fixture(scope="module")
def plan(django_db_setup, django_db_blocker, sample_path: Path):
    with django_db_blocker.unblock(), transaction.atomic():
        found = import_report(sample_path, government="爱民区").plan
        fill_demo(found, JUNE)
        yield found
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def pdf(plan, django_db_blocker, tmp_path_factory) -> pymupdf.Document:
    folder = tmp_path_factory.mktemp("pdf")
    with django_db_blocker.unblock():
        _, data = draft_document(plan, JUNE)
    source = folder / "bulletin.docx"
    source.write_bytes(data)
    # A profile of its own: another LibreOffice running on the machine must not hold this one up.
    profile = f"-env:UserInstallation=file://{folder}/profile"
    subprocess.run(
        [SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    shutil.copy(folder / "bulletin.pdf", ARTIFACTS / "bulletin.pdf")
    shutil.copy(source, ARTIFACTS / "bulletin.docx")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(folder / "bulletin.pdf"), str(ARTIFACTS / "page")], check=True
    )
    return pymupdf.open(folder / "bulletin.pdf")


def _landscape(page: pymupdf.Page) -> bool:
    return page.rect.width > page.rect.height


@needs_office
def test_pages_are_numbered_a4_portrait_then_a_landscape_attachment(pdf, plan):
    sizes = [(round(p.rect.width), round(p.rect.height)) for p in pdf]
    turned = [_landscape(p) for p in pdf]
    first = turned.index(True)
    assert first >= 2 and all(turned[first:]), sizes  # the text, then only the attachment
    assert set(sizes[:first]) == {(595, 842)} and set(sizes[first:]) == {(842, 595)}  # A4 both ways
    for number, page in enumerate(pdf, start=1):
        assert f"— {number} —" in page.get_text(), f"page {number} has no page number"
    assert len(pdf) == number  # noqa: PLW0120 — the numbers run to the last page
    assert "附件" in pdf[first].get_text() and "落实情况表" in pdf[first].get_text()
    for n, page in enumerate(pdf[first:], start=first + 1):
        text = "".join(page.get_text().split())  # a narrow header cell wraps 序时进度
        assert "重点任务" in text and "进展情况" in text and "序时进度" in text, f"page {n}: no header row"
    last = plan.tasks.filter(withdrawn=False).count()
    assert f"\n{last}\n" in pdf[-1].get_text()  # the plan's last task closes the table


@needs_office
def test_every_chinese_character_is_drawn_in_a_font_that_has_it(pdf):
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True
    ).stdout
    cjk_families = {
        name.strip().replace(" ", "").lower() for line in listed.splitlines() for name in line.split(",")
    }
    assert cjk_families, "no CJK font installed (fonts-noto-cjk)"
    for number, page in enumerate(pdf, start=1):
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    if not _CJK.search(span["text"]):
                        continue
                    family = span["font"].split("+")[-1].split("-")[0].replace(" ", "").lower()
                    assert any(family.startswith(f) or f.startswith(family) for f in cjk_families), (
                        f"page {number}: “{span['text'][:20]}” in {span['font']}, not a CJK font"
                    )


@needs_office
def test_charts_are_drawn_on_the_server(pdf):
    if charts.cjk_font() is None and os.environ.get("DUBAN_REQUIRE_OFFICE") != "1":
        pytest.skip("no CJK font: the charts are left out (tested below)")
    images = sum(len(page.get_images()) for page in pdf)
    assert images >= 2  # indicators against target, lights by unit


def test_without_a_cjk_font_the_charts_are_left_out_with_a_note(plan, django_db_blocker, monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    with django_db_blocker.unblock():
        _, data = draft_document(plan, JUNE)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts.count("（本机未安装中文字体，图表从略。）") == 2
    assert not document.inline_shapes


def test_the_offices_own_template_replaces_the_plain_header(plan, django_db_blocker, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "{{发文单位}} 督查通报"
    template.add_paragraph("爱民区人民政府督查室文件（红头）")
    template.add_paragraph("{{期号}}")
    template.add_paragraph("{{正文}}")
    template.add_paragraph("抄送：区委办公室，区人大常委会办公室。")
    (tmp_path / "templates").mkdir()
    template.save(tmp_path / "templates" / "bulletin.docx")
    with django_db_blocker.unblock():
        _, data = draft_document(plan, JUNE)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "爱民区人民政府督查室文件（红头）" and texts[1] == "（草稿）"
    assert "{{正文}}" not in texts and "督查通报" not in texts  # the plain 红头 is not drawn
    copied = texts.index("抄送：区委办公室，区人大常委会办公室。")
    assert texts.index("五、下一步要求") < copied < texts.index("附件")  # the attachment stays last
    assert document.sections[0].header.paragraphs[0].text == "爱民区人民政府督查室 督查通报"
