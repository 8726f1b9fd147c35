"""Issue #16 item 3: kill -9 at random moments of the writing commands and of a report submission.

Each case starts from the same database (the sample report imported, its workbooks exported),
measures one complete run, then again and again clones the start, runs the command and kills it
with SIGKILL while it writes (a random moment after it began writing, within the time one
complete run takes). Afterwards the database must hold either everything the command writes or
nothing of it, its constraints must hold, every row must agree with its history, and running the
command again must succeed and give what one complete run gives.

Commands are run as a user types them (``duban …``, a server for the submission), so the test
holds whatever their insides become. It runs on SQLite and, in ``scripts/test``'s second pass, on
PostgreSQL.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from _server import HOST, free_port
from _web_load import fetch, login
from integrity import differences, fingerprint, problems
from live import duban, environment
from scratch import Scratch

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 3
GOVERNMENT = "爱民区"
PLAN = "爱民区/2024"
PERIOD = "2024-05"
PASSWORD = "Crash-test-2024"
SEED = int(os.environ.get("DUBAN_CRASH_SEED", time.time_ns() % 100_000))


@dataclass
class Start:
    """The database every attempt starts from, the files the commands read, and what it holds."""

    scratch: Scratch
    directory: Path
    files: dict[str, Path]
    before: dict
    liaison: dict[str, str]

    def env(self, name: str, data_dir: Path | None = None) -> dict[str, str]:
        return environment(data_dir or self.directory / f"data-{name}", self.scratch.url(name))


@pytest.fixture(scope="module")
def start(django_db_setup, django_db_blocker, tmp_path_factory, sample_path: Path) -> Start:
    directory = tmp_path_factory.mktemp("crash")
    with django_db_blocker.unblock():
        scratch = Scratch(directory)
        env = environment(directory / "data-start", scratch.empty("start"))
        files = _files(env, directory, sample_path)
        with scratch.reading("start"):
            liaison = _liaison()
        made = duban(
            env, "user", "add", liaison["username"], "--role", "liaison", "--department", liaison["unit"],
            "--government", GOVERNMENT, "--password-stdin", stdin=PASSWORD + "\n",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        with scratch.reading("start"):
            before = fingerprint()
            assert problems() == []
        yield Start(scratch, directory, files, before, liaison)
        scratch.drop_all()


def _files(env: dict[str, str], directory: Path, sample_path: Path) -> dict[str, Path]:
    """Import the sample; write the revised report, an edited 分工表 and a filled 进展报送表."""
    ran = duban(env, "import", str(sample_path), "--government", GOVERNMENT)
    assert ran.returncode == 0, ran.stderr
    text = sample_path.read_text(encoding="utf-8")
    revised = text.replace("12万亩、9000万斤以上", "12.5万亩、9200万斤以上")
    anchor = "全力抓好粮食安全"
    revised = revised.replace(anchor, anchor + "，新建高标准农田2万亩。", 1)
    files = {"revised": directory / "revised.txt", "split": directory / "split.xlsx"}
    files["revised"].write_text(revised, encoding="utf-8")
    assert duban(env, "split", "export", PLAN, str(files["split"])).returncode == 0
    book, ws, header, columns = _sheet(files["split"])
    rows = range(header + 1, ws.max_row + 1)
    for n, row in enumerate(rows):
        if n % 3 == 0:
            ws.cell(row, columns["完成时限"]).value = "2024年10月底前"
        if n % 5 == 0:
            ws.cell(row, columns["牵头单位"]).value = "统计局"
    ws.delete_rows(header + 7)
    added = ws.max_row + 1
    ws.cell(added, columns["重点任务"]).value = "新增：完成老旧小区改造10个。"
    ws.cell(added, columns["牵头单位"]).value = "住房和城乡建设局"
    ws.cell(added, columns["完成时限"]).value = "2024-10-31"
    book.save(files["split"])
    files["progress"] = directory / "progress.xlsx"
    made = duban(env, "progress", "export", PLAN, str(files["progress"]), "--period", PERIOD)
    assert made.returncode == 0, made.stderr
    book, ws, header, columns = _sheet(files["progress"])
    for n, row in enumerate(range(header + 1, ws.max_row + 1), start=1):
        ws.cell(row, columns["进展情况"]).value = f"第{n}行：本月按计划推进，完成阶段目标"
    book.save(files["progress"])
    return files


def _sheet(path: Path):
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    header = next(r for r in range(1, 11) if ws.cell(r, 2).value == "重点任务")
    return book, ws, header, {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}


def _liaison() -> dict[str, str]:
    """A task with a quantified target, and its lead unit's liaison to report on it."""
    from duban.plans.models import Target

    target = Target.objects.filter(value__isnull=False, withdrawn=False).order_by("task__order").first()
    lead = target.task.assignments.get(role="lead", withdrawn=False).department
    return {"username": "crash-liaison", "unit": lead.name, "task": target.task.external_id}


CASES = {
    "import --apply (revised report)": ["import", "{revised}", "--government", GOVERNMENT, "--apply"],
    "split import --apply": ["split", "import", PLAN, "{split}", "--apply"],
    "progress import --apply": ["progress", "import", PLAN, "{progress}", "--apply"],
    "demo": ["demo", "--date", "2024-02-29"],
}


@pytest.mark.parametrize("case", CASES)
def test_a_command_killed_at_any_moment_leaves_all_or_nothing(case: str, start: Start):
    args = [part.format(**{k: str(v) for k, v in start.files.items()}) for part in CASES[case]]
    rng = random.Random(f"{SEED}/{case}")

    def launch(name: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "duban", *args],
            env=start.env(name),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def rerun(name: str) -> subprocess.CompletedProcess:
        return duban(start.env(name), *args)

    _kill_and_check(start, case, rng, launch, rerun)


def _kill_and_check(
    start: Start,
    case: str,
    rng: random.Random,
    launch,
    rerun,
    files: Callable[[str], list[str]] = lambda n: [],
) -> None:
    """One complete run for reference, then ATTEMPTS killed ones, each checked and run again;
    ``files`` says what is wrong with the files a database ``name`` refers to."""
    scratch, where = start.scratch, f"{case} (DUBAN_CRASH_SEED={SEED})"
    scratch.clone("start", "whole")
    window = _timed(scratch, "whole", launch("whole"))
    with scratch.reading("whole"):
        after = fingerprint()
        assert problems() == [], where
    assert after != start.before, f"{where}: a complete run changed nothing"
    for attempt in range(ATTEMPTS):
        scratch.clone("start", "killed")
        process = launch("killed")
        _writing(scratch, "killed", process)
        delay = rng.uniform(0, window)
        time.sleep(delay)
        _kill(process)
        said = f"{where}, attempt {attempt + 1}, killed {delay:.2f} s after it began writing"
        with scratch.reading("killed"):
            found, broken = fingerprint(), problems()
        broken += files("killed")
        assert broken == [], f"{said}: {broken[:5]}"
        assert found in (start.before, after), f"{said}: half-written {differences(start.before, found)}"
        print(f"{said} of {window:.2f} s: {'nothing' if found == start.before else 'everything'} stored")
        again = rerun("killed")
        if found == start.before:
            assert again.returncode == 0, f"{said}: the re-run failed: {again.stderr}"
        else:  # it had finished: running it again refuses the same file or changes nothing
            assert again.returncode in {0, 2} and len(again.stderr.strip().splitlines()) <= 1, again.stderr
        with scratch.reading("killed"):
            assert fingerprint() == after, f"{said}: the re-run differs from a complete run"
            assert problems() == [], said


def _writing(scratch: Scratch, name: str, process) -> float | None:
    """Wait until ``process`` is writing; when (None: it ended first)."""
    while process.poll() is None:
        if scratch.in_transaction(name):
            return time.monotonic()
        time.sleep(0.01)
    return None


def _timed(scratch: Scratch, name: str, process) -> float:
    """Seconds from the first write to the end of a complete run."""
    began = _writing(scratch, name, process) or time.monotonic()
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return time.monotonic() - began


def _kill(process) -> None:
    if process.poll() is None:
        process.kill()  # SIGKILL
    process.wait(timeout=60)


def test_a_report_submission_killed_at_any_moment_leaves_all_or_nothing(start: Start):
    """The liaison submits the report form with figures and an evidence file; the server (gunicorn
    and its worker) is killed with SIGKILL while the submission is being stored."""
    rng = random.Random(f"{SEED}/submission")
    evidence = b"%PDF-1.4\n" + random.Random(SEED).randbytes(400_000)

    def launch(name: str) -> Submission:
        return Submission(start, name, evidence, fresh=True)

    def rerun(name: str) -> subprocess.CompletedProcess:
        again = Submission(start, name, evidence, fresh=False)
        again.communicate(timeout=300)
        return subprocess.CompletedProcess([], again.returncode, "", again.said)

    _kill_and_check(start, "report submission", rng, launch, rerun, files=lambda n: _file_problems(start, n))


def _file_problems(start: Start, name: str) -> list[str]:
    """Every evidence row's file is there whole, and no file sits under a name not its hash."""
    from duban.tracking.models import Evidence

    store = start.directory / f"web-{name}" / "evidence"
    found = []
    for path in store.rglob("*") if store.exists() else []:
        if (
            path.is_file()
            and path.suffix != ".part"
            and hashlib.sha256(path.read_bytes()).hexdigest() != path.name
        ):
            found.append(f"{path.name}: the file is not whole")
    with start.scratch.reading(name):
        for sha in Evidence.objects.values_list("sha256", flat=True):
            if not (store / sha[:2] / sha).is_file():
                found.append(f"evidence {sha[:12]}: its file is missing")
    return found


class Submission:
    """A report submission in flight against its own server, looked at as a process: ``poll()`` is
    None until the answer came, ``kill()`` kills the server with SIGKILL."""

    def __init__(self, start: Start, name: str, evidence: bytes, *, fresh: bool) -> None:
        data_dir = start.directory / f"web-{name}"
        if fresh and data_dir.exists():
            subprocess.run(["rm", "-rf", str(data_dir)], check=True)
        self.port, self.status, self.said = free_port(), None, ""
        command = [sys.executable, "-m", "duban", "serve", "--workers", "1", "--port", str(self.port)]
        self.server = subprocess.Popen(
            command,
            env=start.env(name, data_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # gunicorn and its worker, killed together
        )
        self._wait_up()
        cookie = login(HOST, self.port, start.liaison["username"], PASSWORD)
        path = f"/tasks/{start.liaison['task']}/report/{PERIOD}/"
        status, page = fetch(HOST, self.port, path, cookie)
        assert status == 200, f"report form: HTTP {status}"
        form = _form(page.decode("utf-8"))
        if form["version"] != "0":  # submitted already: nothing to send again
            self.status, self.thread = 200, threading.Thread(target=lambda: None)
        else:
            body, kind = _multipart(
                {
                    **form["fields"],
                    "progress": "崩溃测试：本月完成阶段目标",
                    "problems": "无",
                    "next_steps": "继续推进",
                    "action": "submit",
                },
                ("evidence", "佐证材料.pdf", evidence),
            )
            headers = {"Cookie": cookie, "Content-Type": kind, "HX-Request": "true"}
            self.thread = threading.Thread(target=self._post, args=(path, body, headers))
        self.thread.start()

    def _wait_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(HOST, self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def _post(self, path: str, body: bytes, headers: dict[str, str]) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            conn.request("POST", path, body=body, headers=headers)
            answer = conn.getresponse()
            self.said = answer.read().decode("utf-8", "replace")[:300]
            self.status = answer.status
        except (OSError, http.client.HTTPException) as err:
            self.said = f"no answer: {err!r}"
        finally:
            conn.close()

    @property
    def pid(self) -> int:
        return self.server.pid

    @property
    def returncode(self) -> int:
        return 0 if self.status == 200 else 1

    def poll(self) -> int | None:
        return None if self.thread.is_alive() else self.returncode

    def communicate(self, timeout: float) -> tuple[None, str]:
        self.thread.join(timeout)
        self.server.terminate()
        self.server.wait(timeout=30)
        return None, self.said

    def kill(self) -> None:
        os.killpg(self.server.pid, signal.SIGKILL)

    def wait(self, timeout: float) -> None:
        self.thread.join(timeout)
        if self.server.poll() is None:  # the answer came before the kill: stop it as usual
            self.server.terminate()
        self.server.wait(timeout=timeout)


def _form(page: str) -> dict:
    import re

    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    for name in re.findall(r'name="(figure-\d+)"', page):
        fields[name] = "5"
    return {"version": fields.get("version", "0"), "fields": fields}


def _multipart(fields: dict[str, str], upload: tuple[str, str, bytes]) -> tuple[bytes, str]:
    boundary = "duban" + hashlib.sha256(repr(fields).encode()).hexdigest()[:16]
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    field, filename, data = upload
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    body = b"".join(parts) + head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
