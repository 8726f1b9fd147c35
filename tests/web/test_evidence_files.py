"""Issue #11 item 4: evidence opens — from the task page and the review queue, through a view that
checks who may read the task (never a public static path), with ``Content-Disposition`` set: a
PDF or a picture is shown in the browser, a Word or Excel file is downloaded, under its own name.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from world import world_fixture

from duban.tracking.evidence import attach

pytestmark = pytest.mark.django_db

world = world_fixture()
PDF = "%PDF-1.4 进展佐证".encode()
DOCX = b"PK\x03\x04 a word document"


@pytest.fixture
def evidence(world):
    office = world.users["office"]
    return {
        "pdf": attach(world.pending, "六月现场照片及说明.pdf", PDF, user=office),
        "docx": attach(world.pending, "验收报告.docx", DOCX, user=office),
    }


# fmt: off
WHO = [
    # role,        status  (liaison-A's unit leads the task; liaison-B's has nothing to do with it)
    ("office",     200),
    ("reader",     200),
    ("liaison-A",  200),
    ("liaison-B",  403),
]
# fmt: on


@pytest.mark.parametrize(("role", "status"), WHO, ids=[f"{r} → {s}" for r, s in WHO])
def test_evidence_opens_for_those_who_may_read_the_task(client, world, evidence, role, status):
    response = world.login(client, role).get(f"/evidence/{evidence['pdf'].pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline;")
        assert "filename*=utf-8''" in response["Content-Disposition"].lower()
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert "返回总览" in response.content.decode()


def test_the_public_and_the_signed_out_are_sent_to_sign_in(client, world, evidence):
    response = client.get(f"/evidence/{evidence['pdf'].pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    public = client.get(f"/public/{world.plan.pk}/").content.decode()
    assert "/evidence/" not in public and "六月现场照片" not in public
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


def test_a_word_file_is_downloaded_under_its_name(client, world, evidence):
    response = world.login(client, "office").get(f"/evidence/{evidence['docx'].pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A.docx" in response["Content-Disposition"]


def test_the_task_page_links_each_evidence_file(client, world, evidence):
    html = world.login(client, "liaison-A").get(f"/tasks/{world.own.external_id}/").content.decode()
    for row in evidence.values():
        assert f'<a href="/evidence/{row.pk}/" class="evidence">{row.filename}</a>' in html


def test_withdrawn_or_unknown_evidence_is_not_there(client, world, evidence):
    row = evidence["pdf"]
    row.withdrawn = True
    row.save(update_fields=["withdrawn"])
    web = world.login(client, "office")
    assert web.get(f"/evidence/{row.pk}/").status_code == 404
    assert web.get("/evidence/987654/").status_code == 404
