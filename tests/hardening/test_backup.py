"""Issue #16 item 6: ``duban backup`` and ``duban restore``. A demo installation (a year of reports,
logins, an evidence file) is backed up with the server's command, restored into an empty database
and data directory, and the two are compared: every table row for row, every file byte for byte,
every page and API answer as the office sees it. A restore into a database that holds anything,
or from an archive that was changed, is refused with one line and changes nothing.
"""

from __future__ import annotations

import io
import re
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from integrity import fingerprint
from live import duban, environment, office_pages
from scratch import Scratch

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Backup-test-2024"
EVIDENCE = b"%PDF-1.4\n" + bytes(range(256)) * 400
SKIPPED = {"cache", "static"}


@dataclass
class Installation:
    scratch: Scratch
    directory: Path
    archive: Path

    def data(self, name: str) -> Path:
        return self.directory / f"data-{name}"

    def env(self, name: str) -> dict[str, str]:
        return environment(self.data(name), self.scratch.url(name))


@pytest.fixture(scope="module")
def installation(django_db_setup, django_db_blocker, tmp_path_factory) -> Installation:
    directory = tmp_path_factory.mktemp("backup")
    with django_db_blocker.unblock():
        scratch = Scratch(directory)
        made = Installation(scratch, directory, directory / "duban.tar.gz")
        scratch.empty("source")
        env = made.env("source")
        _ok(duban(env, "demo", "--date", "2024-06-30", "--publish"))
        _ok(duban(env, "user", "add", "office", "--role", "office", "--password-stdin", stdin=PASSWORD))
        with scratch.reading("source"):
            task = _reported_task()
            unit = task.assignments.get(role="lead", withdrawn=False).department
        liaison = [
            "user",
            "add",
            "liaison",
            "--role",
            "liaison",
            "--department",
            unit.name,
            "--password-stdin",
        ]
        _ok(duban(env, *liaison, stdin=PASSWORD))
        with scratch.reading("source"), override_settings(DATA_DIR=made.data("source")):
            _submit_with_evidence(task)
        _ok(duban(env, "backup", str(made.archive)))
        scratch.empty("target")
        _ok(duban(made.env("target"), "restore", str(made.archive)))
        yield made
        scratch.drop_all()


def _ok(done) -> None:
    assert done.returncode == 0, done.stderr


def _reported_task():
    from duban.plans.models import Task

    return Task.objects.filter(withdrawn=False, assignments__role="lead").order_by("order").first()


def _submit_with_evidence(task) -> None:
    """The liaison submits October's report with a PDF, as the report form does."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="liaison"))
    page = client.get(f"/tasks/{task.external_id}/report/2024-07/")
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.content.decode())[1]
    answer = client.post(
        f"/tasks/{task.external_id}/report/2024-07/",
        {
            "version": version,
            "progress": "七月：项目全部开工",
            "action": "submit",
            "evidence": SimpleUploadedFile("七月佐证.pdf", EVIDENCE, "application/pdf"),
        },
    )
    assert answer.status_code == 200, answer.content[:300]


def _tables() -> dict[str, list[tuple]]:
    """Every table, row for row, in primary-key order."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        found = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")
            found[table] = [tuple(row) for row in cursor.fetchall()]
    return found


def test_every_table_is_restored_row_for_row(installation: Installation):
    scratch = installation.scratch
    with scratch.reading("source"):
        source = _tables()
    with scratch.reading("target"):
        target = _tables()
    assert sorted(source) == sorted(target)
    differing = [t for t in source if source[t] != target[t]]
    assert differing == [], f"tables that differ after the round trip: {differing}"
    assert len(source["tracking_evidence"]) == 1 and len(source["tracking_progressreport"]) > 100


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
        and p.relative_to(root).parts[0] not in SKIPPED
        and not p.name.startswith("duban.sqlite3")
    }


def test_every_file_is_restored_byte_for_byte(installation: Installation):
    source, target = _files(installation.data("source")), _files(installation.data("target"))
    assert EVIDENCE in source.values(), "the evidence file is not in the source's data directory"
    assert source == target


_CSRF = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def _seen(installation: Installation, name: str) -> dict[str, tuple[int, str]]:
    from duban.plans.models import Plan, Task
    from duban.tracking import cache

    cache.clear()  # pages kept by plan revision: the other database has the same revisions
    with installation.scratch.reading(name), override_settings(DATA_DIR=installation.data(name)):
        plan = Plan.objects.get()
        tasks = list(Task.objects.filter(plan=plan).order_by("order").values_list("external_id", flat=True))
        client = Client()
        client.force_login(get_user_model().objects.get(username="office"))
        seen = {}
        for url in office_pages(plan.pk, tasks):
            answer = client.get(url)
            seen[url] = (answer.status_code, _CSRF.sub(r"\1…", answer.content.decode()))
    cache.clear()
    return seen


def test_every_page_reads_the_same_after_the_round_trip(installation: Installation):
    source, target = _seen(installation, "source"), _seen(installation, "target")
    assert all(status == 200 for status, _ in source.values()), {
        u: s for u, (s, _) in source.items() if s != 200
    }
    differing = [url for url in source if source[url] != target[url]]
    assert differing == [], f"pages that differ after the round trip: {differing[:10]}"
    assert len(source) > 70


def _refused(done, *words: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert all(w in lines[0] for w in words), lines[0]


def test_a_restore_into_a_database_that_holds_anything_is_refused(installation: Installation):
    scratch = installation.scratch
    with scratch.reading("target"):
        before = fingerprint()
    _refused(duban(installation.env("target"), "restore", str(installation.archive)), "不是空的")
    with scratch.reading("target"):
        assert fingerprint() == before


def _tampered(archive: Path, out: Path) -> Path:
    """The same archive with one byte of the evidence file changed, the manifest left as it was."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("files/evidence/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.addfile(member, io.BytesIO(data))
    return out


ARCHIVES = {
    "an archive with one byte changed": (_tampered, ["哈希不符"]),
    "a file that is no archive": (
        lambda a, out: out.write_bytes(b"not a tar") and out,
        ["不是 duban 备份文件"],
    ),
    "a directory": (lambda a, out: out.mkdir() or out, ["目录"]),
    "a missing path": (lambda a, out: out, ["找不到备份文件"]),
}


@pytest.mark.parametrize("case", ARCHIVES)
def test_a_bad_archive_is_refused_and_nothing_is_restored(
    case: str, installation: Installation, tmp_path: Path
):
    make, words = ARCHIVES[case]
    bad = make(installation.archive, tmp_path / "bad.tar")
    installation.scratch.empty("fresh")
    env = installation.env("fresh")
    shutil.rmtree(installation.data("fresh"), ignore_errors=True)
    installation.data("fresh").mkdir()
    _refused(duban(env, "restore", str(bad)), *words)
    with installation.scratch.reading("fresh"):
        from duban.plans.models import Plan

        assert not Plan.objects.exists(), case
    assert _files(installation.data("fresh")) == {}, case
