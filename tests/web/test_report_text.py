"""Issue #11 item 14: the report viewer and the task excerpt show the repaired text — headings as
headings, no Markdown marks (## 政府工作报告, #### 区 长), no paragraph broken mid-word — with
every highlight on exactly the characters the extraction found.
"""

from __future__ import annotations

import html as markup
import re

import pytest
from world import world_fixture

from duban.publish.report_text import report_paragraphs

pytestmark = pytest.mark.django_db

world = world_fixture()


def test_every_highlight_is_exactly_the_extracted_quantity(world):
    plan = type(world.plan).objects.get(pk=world.plan.pk)  # with its text and extraction
    marked = [p for paragraph in report_paragraphs(plan) for p in paragraph.pieces if p.quantity]
    quantities = plan.extraction["quantities"]
    assert len(marked) == len(quantities)
    for piece in marked:
        assert piece.text == piece.quantity["text"], piece.quantity["id"]


def test_the_report_shows_headings_and_no_markdown(client, world):
    html = world.login(client, "office").get(f"/plans/{world.plan.pk}/report/").content.decode()
    body = html.split('<article class="card report-text">', 1)[1].split("</article>", 1)[0]
    assert "#" not in re.sub(r'href="[^"]*"', "", body)
    assert '<h2 class="doc-title">政府工作报告</h2>' in body
    assert "<h3>一、2023年政府工作回顾</h3>" in body and "<h4>（一）三次产业做优做强</h4>" in body
    assert "<p>区长王晓宇</p>" in body  # "#### 区 长 王晓宇": the marks and the space gone
    # A paragraph the source broke across lines (…监督支持 下,全区…) reads as one.
    text = re.sub(r"<[^>]+>", "", body)
    assert "在区人大和区政协的监督支持下，全区上下踔厉奋进" in markup.unescape(text)


def test_a_link_leads_to_the_tasks_sentence(client, world):
    html = world.login(client, "office").get(f"/plans/{world.plan.pk}/report/").content.decode()
    assert f'<span id="{world.own.external_id}" class="task-anchor"></span>' in html
    linked = set(re.findall(r'<a href="/tasks/([^/"]+)/"><mark id="q\d+" class="q linked', html))
    assert world.own.external_id in linked


def test_a_liaisons_links_lead_only_to_its_own_tasks(client, world):
    html = world.login(client, "liaison-A").get(f"/plans/{world.plan.pk}/report/").content.decode()
    linked = set(re.findall(r'<a href="/tasks/([^/"]+)/"><mark', html))
    own = set(world.unit.assignments.filter(withdrawn=False).values_list("task__external_id", flat=True))
    assert linked and linked <= own


def test_the_task_excerpt_is_repaired_and_marks_the_sentence(client, world):
    html = world.login(client, "office").get(f"/tasks/{world.own.external_id}/").content.decode()
    excerpt = html.split('<div class="excerpt report-text">', 1)[1].split("</div>", 1)[0]
    assert "#" not in excerpt
    sentence = re.search(r'<mark id="task-sentence">(.*?)</mark>', excerpt, re.S)[1]
    assert markup.unescape(sentence) == world.own.text
