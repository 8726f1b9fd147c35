"""The HTTP side of bench/load.py: liaisons saving drafts and submitting, the office accepting, all
at once against one server; every write and its answer logged for ``_load_data.check``.

Each liaison is a thread with its own connection and session (or API token), as a browser tab
is. A web liaison opens each task's report form once and posts it again and again with the
version the last answer carried, as htmx does; an API liaison reads its report's version from
``GET /api/tasks/<id>/reports`` and posts JSON. The last write on a task submits it; the office
thread accepts each submission as it comes, by the review form and the API in turn.

Plain ``http.client``, so production's Secure cookies still work over the loopback.
"""

from __future__ import annotations

import http.client
import json
import queue
import re
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from _web_load import BenchError, login

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')
_DEPARTMENT = re.compile(r'name="department" value="(\d+)"')
_FIGURE = re.compile(r'name="(figure-\d+)"')
TIMEOUT = 120


@dataclass
class Log:
    """Every write sent and what came back, shared by the threads."""

    writes: list[dict] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, task: str, unit: str, token: str, status: int, seconds: float) -> None:
        with self.lock:
            self.writes.append({"kind": kind, "task": task, "unit": unit, "token": token, "status": status})
            self.latencies.setdefault(kind, []).append(seconds)

    def counts(self) -> dict[str, int]:
        statuses = [w["status"] for w in self.writes]
        return {
            "sent": len(statuses),
            "2xx": sum(200 <= s < 300 for s in statuses),
            "3xx": sum(300 <= s < 400 for s in statuses),
            "4xx": sum(400 <= s < 500 for s in statuses),
            "5xx": sum(s >= 500 for s in statuses),
            "no answer": statuses.count(0),
        }


class Client:
    """One connection to the server, reopened when the server closes it (gunicorn's sync workers
    close after every answer)."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port, self.headers = host, port, headers
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, **headers
    ) -> tuple[int, bytes, dict]:
        """Status (0 when no answer came) and body."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            self.conn.request(method, path, body=body, headers={**self.headers, **headers})
            response = self.conn.getresponse()
            data = response.read()
            if response.will_close:
                self.close()
            return response.status, data
        except (OSError, http.client.HTTPException):
            self.close()
            return 0, b""

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _token(kind: str, task: str, n: int) -> str:
    # Unique per write, so the check finds each one in the report's history.
    return f"压测{kind} {task} 第{n}次 {secrets.token_hex(4)}"


@dataclass
class Run:
    """One load run: the server, the data ``_load_data.build`` made, writes per liaison, the log,
    and the tasks submitted, for the office to accept."""

    host: str
    port: int
    data: dict
    writes: int
    log: Log = field(default_factory=Log)
    done: queue.Queue = field(default_factory=queue.Queue)

    def login(self, username: str) -> str:
        return login(self.host, self.port, username, self.data["password"])


def web_liaison(run: Run, who: dict) -> None:
    data, log = run.data, run.log
    client = Client(run.host, run.port, {"Cookie": run.login(who["username"])})
    for task, rounds in _rounds(who["tasks"], run.writes):
        form = None
        for n in range(rounds):
            if form is None:
                status, body = client.request("GET", f"/tasks/{task}/report/{data['period']}/")
                if status != 200:
                    raise BenchError(f"{who['username']} report form {task}: HTTP {status}")
                form = _form(body)
            kind = "submit" if n == rounds - 1 else "save"
            token = _token(kind, task, n)
            fields = {
                "csrfmiddlewaretoken": form["csrf"],
                "department": form["department"],
                "version": form["version"],
                "progress": token,
                "problems": "无",
                "next_steps": "继续推进",
                "action": "submit" if kind == "submit" else "draft",
                **{name: str(10 * (n + 1)) for name in form["figures"]},
            }
            began = time.perf_counter()
            status, body = client.request(
                "POST",
                f"/tasks/{task}/report/{data['period']}/",
                urllib.parse.urlencode(fields).encode(),
                **{"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"},
            )
            log.add(kind, task, who["unit"], token, status, time.perf_counter() - began)
            answered = status == 200 and _VERSION.search(body.decode("utf-8", "replace"))
            form = {**form, "version": answered[1]} if answered else None  # else open the form again
        run.done.put((task, who["unit"]))
    client.close()


def _form(body: bytes) -> dict:
    page = body.decode("utf-8")
    return {
        "csrf": _TOKEN.search(page)[1],
        "version": _VERSION.search(page)[1],
        "department": _DEPARTMENT.search(page)[1],
        "figures": _FIGURE.findall(page),
    }


def api_liaison(run: Run, who: dict) -> None:
    data, log = run.data, run.log
    client = Client(run.host, run.port, {"Authorization": f"Bearer {who['token']}"})
    for task, rounds in _rounds(who["tasks"], run.writes):
        for n in range(rounds):
            report = _api_report(client, task, data["period"], who["unit"])
            kind = "submit" if n == rounds - 1 else "save"
            token = _token(kind, task, n)
            body = {
                "period": data["period"],
                "progress": token,
                "problems": "无",
                "next_steps": "继续推进",
                "figures": {f"{task}-1": 10.0 * (n + 1)},
                "submit": kind == "submit",
            }
            if report is not None:
                body["version"] = report["version"]
            began = time.perf_counter()
            status, _ = client.request(
                "POST",
                f"/api/tasks/{task}/reports",
                json.dumps(body, ensure_ascii=False).encode(),
                **{"Content-Type": "application/json"},
            )
            log.add(kind, task, who["unit"], token, status, time.perf_counter() - began)
        run.done.put((task, who["unit"]))
    client.close()


def _api_report(client: Client, task: str, period: str, unit: str) -> dict | None:
    """The unit's report on ``task`` for ``period`` as the API gives it, or None before the first."""
    for _attempt in range(5):
        status, body = client.request("GET", f"/api/tasks/{task}/reports")
        if status == 200:
            mine = [r for r in json.loads(body) if r["period"] == period and r["department"] == unit]
            return mine[0] if mine else None
        time.sleep(0.5)
    raise BenchError(f"GET /api/tasks/{task}/reports keeps failing: HTTP {status}")


def _rounds(tasks: list[str], writes: int) -> list[tuple[str, int]]:
    """``writes`` spread over the tasks: each task saved a few times, then submitted."""
    base, extra = divmod(writes, len(tasks))
    return [(task, base + (n < extra)) for n, task in enumerate(tasks) if base + (n < extra)]


def office(run: Run, expected: int) -> None:
    """Accept each submitted task as it arrives: by the review form and by the API in turn."""
    data, log, who = run.data, run.log, run.data["office"]
    web = Client(run.host, run.port, {"Cookie": run.login(who["username"])})
    api = Client(run.host, run.port, {"Authorization": f"Bearer {who['token']}"})
    status, body = web.request("GET", f"/review/?plan={data['plan']}")
    if status != 200:
        raise BenchError(f"office review page: HTTP {status}")
    csrf = _TOKEN.search(body.decode("utf-8"))[1]
    for n in range(expected):
        try:
            task, unit = run.done.get(timeout=10 * TIMEOUT)
        except queue.Empty:
            break
        if not task:
            continue  # a liaison stopped; run() reports it
        report = _api_report(api, task, data["period"], unit)
        if report is None or report["state"] != "submitted":
            continue  # the submission itself failed; the check counts that write
        token = f"accept {report['id']}"
        began = time.perf_counter()
        if n % 2:
            status, _ = api.request(
                "POST",
                f"/api/reports/{report['id']}/review",
                json.dumps({"accept": True, "version": report["version"]}).encode(),
                **{"Content-Type": "application/json"},
            )
        else:
            form = {"csrfmiddlewaretoken": csrf, "version": report["version"], "action": "accept"}
            status, _ = web.request(
                "POST",
                f"/review/{report['id']}/",
                urllib.parse.urlencode(form).encode(),
                **{"Content-Type": "application/x-www-form-urlencoded"},
            )
        log.add("accept", task, unit, token, status, time.perf_counter() - began)
    web.close()
    api.close()


def run(host: str, port: int, data: dict, writes: int) -> tuple[Log, float]:
    """Every liaison and the office at once; the log and the wall time in seconds."""
    load = Run(host, port, data, writes)
    failures: list[BaseException] = []

    def guarded(target, *args) -> None:
        try:
            target(load, *args)
        except BaseException as err:  # a client that cannot go on fails the run, said in the report
            failures.append(err)
            load.done.put(("", ""))  # unblock the office

    liaisons = data["liaisons"]
    threads = [
        threading.Thread(target=guarded, args=(api_liaison if who["token"] else web_liaison, who))
        for who in liaisons
    ]
    expected = sum(len(_rounds(w["tasks"], writes)) for w in liaisons)
    threads.append(threading.Thread(target=guarded, args=(office, expected)))
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise BenchError(f"{len(failures)} client(s) stopped: {failures[0]!r}")
    return load.log, time.perf_counter() - began
