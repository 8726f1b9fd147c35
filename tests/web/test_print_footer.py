"""Issue #11 item 11: the overview, the ledger, the task page and the public page print on A4 with
a footer naming the page and its as-of date on every sheet, next to the page number the print
style adds; nothing is split across pages and headings stay with what follows. (The printed
overview itself is checked page by page in the browser journey.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from world import DAY, world_fixture

pytestmark = pytest.mark.django_db

world = world_fixture()
CSS = (Path(__file__).resolve().parents[2] / "src/duban/web/static/duban/site.css").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("role", "path", "says"),
    [
        ("office", "/", f"评估日期 {DAY.isoformat()}"),
        ("office", "/ledger/", f"评估日期 {DAY.isoformat()}"),
        ("office", "/tasks/{own}/", f"评估日期 {DAY.isoformat()}"),
        ("anonymous", "/public/{plan}/", "更新于"),
    ],
    ids=["总览", "台账", "任务页", "公开页"],
)
def test_each_printed_page_carries_its_footer(client, world, role, path, says):
    path = path.format(own=world.own.external_id, plan=world.plan.pk)
    html = world.login(client, role).get(path).content.decode()
    foot = re.search(r'<div class="print-foot" aria-hidden="true">(.*?)</div>', html, re.S)
    assert foot and says in foot[1] and world.plan.government.name in foot[1]


def test_the_print_style_numbers_pages_and_keeps_things_whole():
    page = re.search(r"@page\s*\{(.*?)\n\}", CSS, re.S)[1]
    assert "size: A4" in page and "counter(page)" in page and "counter(pages)" in page
    printing = CSS.split("@media print", 1)[1]
    assert re.search(r"h1, h2, h3, h4, h5 \{ break-after: avoid", printing)
    kept = re.search(r"\n  ([^{]+)\{ break-inside: avoid", printing)[1]
    for part in [".keep", ".chart", "tr", ".timeline > li", "canvas"]:
        assert part in kept
    assert re.search(r"\.print-foot \{ display: block; position: fixed", printing)
