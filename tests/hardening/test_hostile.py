"""Issue #16 item 5: hostile files, for every command that reads a file and every upload form.

Every file of ``hostile.FILES`` is given to ``duban extract``, ``eval``, ``import``, ``split
import --apply``, ``progress import --apply``, ``restore`` and ``check`` (as the next year's
report): each answers one line on stderr with status 2 and changes nothing stored. The same
contents are uploaded as evidence on the report form and as a 分工表 in the admin: a 4xx with the
reason in Chinese, nothing stored (a scanned or text-less PDF is good evidence and is kept). Peak
memory is measured: of each command in its own process (its maximum resident set), and of each
upload (Python's allocations in the server).
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from hostile import FILES
from integrity import differences, fingerprint
from live import environment
from typer.testing import CliRunner

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.cli import app
from duban.plans.importing import import_report
from duban.plans.models import Plan
from duban.tracking.models import Evidence

PLAN = "爱民区/2024"
PERIOD = "2024-05"
PASSWORD = "Hostile-2024-pw"
MEMORY_LIMIT_MB = 250  # peak resident memory of a command given any hostile file
UPLOAD_LIMIT_MB = 64  # peak Python allocations of the server answering one hostile upload
COMMANDS = {
    "extract": ["extract", "{file}"],
    "eval": ["eval", "{file}", "{gold}"],
    "import": ["import", "{file}", "--government", "爱民区", "--apply"],
    "split import": ["split", "import", PLAN, "{file}", "--apply"],
    "progress import": ["progress", "import", PLAN, "{file}", "--apply"],
    "restore": ["restore", "{file}"],
    "check": ["check", PLAN, "{file}"],
}


def _workbooks(directory: Path) -> dict[str, Path]:
    """The plan's 分工表 and 进展报送表 as duban exports them, for the makers to start from."""
    runner = CliRunner()
    out = {"split": directory / "分工表.xlsx", "progress": directory / "进展报送表.xlsx"}
    assert runner.invoke(app, ["split", "export", PLAN, str(out["split"])]).exit_code == 0
    made = runner.invoke(app, ["progress", "export", PLAN, str(out["progress"]), "--period", PERIOD])
    assert made.exit_code == 0, made.stderr
    return out


def _made(name: str, directory: Path, exported: dict[str, Path], kind: str = "split") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return FILES[name](directory, exported[kind])


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_every_command_refuses_a_hostile_file_in_one_line(name: str, sample_path: Path, tmp_path: Path):
    import_report(sample_path, government="爱民区")
    exported = _workbooks(tmp_path)
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "q1"}\n', encoding="utf-8")
    before = fingerprint()
    for command, args in COMMANDS.items():
        kind = "progress" if command == "progress import" else "split"
        path = _made(name, tmp_path / command, exported, kind)
        done = CliRunner().invoke(app, [a.format(file=path, gold=gold) for a in args])
        lines = done.stderr.strip().splitlines()
        assert done.exit_code == 2, f"{name} → duban {command}: status {done.exit_code}: {done.output[-300:]}"
        assert len(lines) == 1 and lines[0].startswith("duban: "), f"{name} → duban {command}: {done.stderr}"
        assert "Traceback" not in done.output, f"{name} → duban {command}"
        assert fingerprint() == before, (
            f"{name} → duban {command} changed {differences(before, fingerprint())}"
        )


# --- memory -----------------------------------------------------------------------------------

HEAVY = [
    ("zip bomb .docx", "extract"),
    ("zip bomb .docx", "import"),
    ("XML entities in .docx", "extract"),
    ("100 MB text", "extract"),
    ("symlink to /dev/zero", "extract"),
    ("zip bomb .xlsx", "split import"),
    ("XML entities in .xlsx", "split import"),
    ("1,000,000-row workbook", "split import"),
    ("1,000,000-row workbook", "progress import"),
    ("symlink to /dev/zero", "progress import"),
]


@pytest.fixture(scope="module")
def installation(tmp_path_factory, sample_path: Path) -> dict:
    """A plan in a SQLite file of its own, and its two workbooks, for commands in other processes."""
    directory = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{directory / 'duban.sqlite3'}"
    env = environment(directory / "data", url)
    runs = [
        ["import", str(sample_path), "--government", "爱民区"],
        ["split", "export", PLAN, str(directory / "分工表.xlsx")],
        ["progress", "export", PLAN, str(directory / "进展报送表.xlsx"), "--period", PERIOD],
    ]
    for args in runs:
        done = subprocess.run([sys.executable, "-m", "duban", *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    exported = {"split": directory / "分工表.xlsx", "progress": directory / "进展报送表.xlsx"}
    return {"env": env, "exported": exported, "directory": directory}


# The command runs in this launcher, which writes the process's peak resident memory (VmHWM, of
# its own memory map: a fork's copy of the test process would count in wait4's figure) on exit.
_LAUNCH = """
import atexit, os, sys
def peak():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    open(os.environ["DUBAN_PEAK_FILE"], "w").write(line.split()[1])
atexit.register(peak)
sys.argv = ["duban", *sys.argv[1:]]
from duban.cli import app
app()
"""


def _peak(env: dict[str, str], args: list[str], where: Path) -> tuple[int, str, float]:
    """Status, stderr and the peak resident memory in MB of ``duban ARGS`` in its own process,
    whose address space is capped so a failure cannot take the machine's memory."""

    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))

    peak_file = where / "peak.txt"
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCH, *args],
        env={**env, "DUBAN_PEAK_FILE": str(peak_file)},
        capture_output=True,
        text=True,
        preexec_fn=capped,
        timeout=600,
    )
    return done.returncode, done.stderr, int(peak_file.read_text()) / 1024


def test_peak_memory_stays_bounded(installation: dict, sample_path: Path):
    env, directory = installation["env"], installation["directory"]
    status, err, baseline = _peak(env, ["extract", str(sample_path)], directory)
    assert status == 0, err
    figures = [f"duban extract on the sample report (baseline): {baseline:.0f} MB"]
    for n, (name, command) in enumerate(HEAVY):
        kind = "progress" if command == "progress import" else "split"
        path = _made(name, directory / f"case-{n}", installation["exported"], kind)
        args = [a.format(file=path, gold=path) for a in COMMANDS[command]]
        status, err, peak = _peak(env, args, directory)
        figures.append(f"{name} → duban {command}: {peak:.0f} MB, status {status}: {err.strip()[:80]}")
        assert status == 2 and len(err.strip().splitlines()) == 1, (
            f"{name} → {command}: {status} {err[-500:]}"
        )
        assert peak < MEMORY_LIMIT_MB, f"{name} → duban {command}: {peak:.0f} MB"
    print("\n" + "\n".join(figures))


# --- uploads ----------------------------------------------------------------------------------

UPLOADS = [n for n in FILES if n not in {"symlink to /dev/zero", "dangling symlink", "symlink loop"}]
UPLOADS = [n for n in UPLOADS if n not in {"directory", "named pipe", "missing path"}]  # no bytes to send
# Kept as they are, never opened: a scan is evidence, and so is a large but sound workbook.
GOOD_EVIDENCE = {"image-only PDF", "PDF with no text", "encrypted PDF", "1,000,000-row workbook"}


@dataclass
class Answer:
    status_code: int
    content: bytes


def _streamed_post(client: Client, url: str, fields: dict[str, str], upload: Path, directory: Path) -> Answer:
    """POST ``fields`` and ``upload`` (as ``upload.field``) to Django's WSGI handler as a server
    would: the body read from a file on disk, so what is measured is the server's memory only."""
    client.get(url)  # the form page: the CSRF cookie
    token = client.cookies["csrftoken"].value
    boundary = "duban-hostile-upload"
    body = directory / "body.bin"
    with body.open("wb") as out:
        for name, value in fields.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            out.write(head.encode())
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{fields.pop("_file")}"; '
            f'filename="{upload.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        with upload.open("rb") as source:
            shutil.copyfileobj(source, out)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    answer: dict = {}
    with body.open("rb") as stream:
        environ = RequestFactory()._base_environ(
            PATH_INFO=url,
            REQUEST_METHOD="POST",
            CONTENT_TYPE=f"multipart/form-data; boundary={boundary}",
            CONTENT_LENGTH=str(body.stat().st_size),
            HTTP_COOKIE=cookies,
            HTTP_X_CSRFTOKEN=token,
            HTTP_HX_REQUEST="true",
            **{"wsgi.input": stream},
        )
        # As Django's test client does: the test's connection holds its transaction open.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        tracemalloc.start()
        try:
            chunks = WSGIHandler()(environ, lambda status, headers, *_: answer.update(status=status))
            content = b"".join(chunks)
            answer["peak"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        finally:
            tracemalloc.stop()
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
    return Answer(int(answer["status"].split()[0]), content), answer["peak"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", UPLOADS)
def test_every_upload_form_refuses_a_hostile_file_with_a_4xx(name: str, sample_path: Path, tmp_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    exported = _workbooks(tmp_path)
    office = add_user("hostile-office", UserRole.OFFICE, password=PASSWORD)
    client = Client()
    client.force_login(office)
    task = plan.tasks.filter(withdrawn=False, assignments__role="lead").order_by("order").first()
    data_dir = tmp_path / "data"
    with override_settings(DATA_DIR=data_dir):
        before = fingerprint()
        form = {"version": "0", "progress": "佐证测试", "action": "draft", "_file": "evidence"}
        upload = _made(name, tmp_path / "files", exported)
        url = f"/tasks/{task.external_id}/report/{PERIOD}/"
        evidence, peak = _streamed_post(client, url, form, upload, tmp_path)
        print(f"\n{name} as evidence: HTTP {evidence.status_code}, peak {peak:.0f} MB", end="")
        assert peak < UPLOAD_LIMIT_MB, f"{name} as evidence: {peak:.0f} MB"
        if name in GOOD_EVIDENCE:
            assert evidence.status_code == 200 and Evidence.objects.count() == 1, name
        else:
            _refused_page(evidence, f"{name} as evidence")
            assert fingerprint() == before, f"{name} as evidence changed {differences(before, fingerprint())}"
            assert not (data_dir / "evidence").exists() or not any((data_dir / "evidence").rglob("*")), name

        before = fingerprint()
        url = reverse("admin:plans_plan_split_import", args=[plan.pk])
        split, peak = _streamed_post(client, url, {"_file": "workbook"}, upload, tmp_path)
        print(f"\n{name} as a 分工表: HTTP {split.status_code}, peak {peak:.0f} MB", end="")
        assert peak < UPLOAD_LIMIT_MB, f"{name} as a 分工表: {peak:.0f} MB"
        _refused_page(split, f"{name} as a 分工表")
        assert fingerprint() == before, f"{name} as a 分工表 changed {differences(before, fingerprint())}"
        assert not any((data_dir / "uploads").glob("*")), f"{name}: the refused 分工表 was kept"
    assert Plan.objects.count() == 1


_REASON = re.compile(r'<p class="error(?:note)?(?: [^"]*)?"[^>]*>([^<]+)</p>')


def _refused_page(answer, where: str) -> None:
    """A 4xx whose page says why, in one line of Chinese."""
    text = answer.content.decode("utf-8", "replace")
    assert 400 <= answer.status_code < 500, f"{where}: HTTP {answer.status_code}"
    reasons = _REASON.findall(text)
    assert reasons and re.search(r"[\u4e00-\u9fff]", reasons[0]), (
        f"{where}: no reason on the page: {text[:500]}"
    )


class _HugeUpload:
    """An upload Django kept on disk, far over the limit; reading it would be the mistake."""

    name, size = "巨大.pdf", 10 * 1024**3

    def read(self) -> bytes:
        raise AssertionError("an oversize upload was read into memory")


def test_an_oversize_upload_is_refused_before_it_is_read():
    """What the report form and the order reply form (``orders.actions``) share: ``read_upload``."""
    from duban.tracking.evidence import read_upload
    from duban.tracking.reports import ReportRefused

    with pytest.raises(ReportRefused, match="超过"):
        read_upload(_HugeUpload())
