"""The HTTP side of bench/web.py: sign in with a cookie-keeping client, then drive one URL from
several processes for a fixed time and count what came back.

Plain ``http.client``: the session cookie is sent back by hand, so production's Secure cookies
work over the benchmark's plain-http loopback (a browser would refuse; the server does not care).
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import os
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class BenchError(Exception):
    """The server answered something the benchmark cannot measure."""


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def login(host: str, port: int, username: str, password: str) -> str:
    """The Cookie header of a signed-in session; raises when sign-in did not take."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    jar: dict[str, str] = {}
    conn.request("GET", "/accounts/login/")
    page = conn.getresponse()
    _cookies(page, jar)
    found = _TOKEN.search(page.read().decode("utf-8"))
    if page.status != 200 or not found or "csrftoken" not in jar:
        raise BenchError(f"login page: HTTP {page.status}, no CSRF token")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": found[1]}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)}
    conn.request("POST", "/accounts/login/", body=form, headers=headers)
    answer = conn.getresponse()
    answer.read()
    _cookies(answer, jar)
    if answer.status != 302 or "sessionid" not in jar:
        raise BenchError(f"login POST: HTTP {answer.status}, no session cookie (Secure cookie refused?)")
    status, _ = fetch(host, port, "/", cookie_header(jar))
    if status != 200:
        raise BenchError(f"signed in, but / answers HTTP {status}")
    return cookie_header(jar)


def fetch(host: str, port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Result:
    """What the clients saw on one URL, over one or more timed windows."""

    latencies: list[float] = field(default_factory=list)  # seconds, of successful requests
    errors: int = 0
    seconds: float = 0.0

    def add(self, other: Result) -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.seconds += other.seconds

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return math.nan
        return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] * 1000


def _client(args: tuple[str, int, str, str, float, float]) -> tuple[list[float], int]:
    """One client process: GET ``path`` from ``start`` for ``seconds``; latencies and failures.
    A ``{n}`` in the path becomes a new number on every request (a page never asked before)."""
    host, port, path, cookie, start, seconds = args
    conn = http.client.HTTPConnection(host, port, timeout=120)
    latencies: list[float] = []
    errors = 0
    time.sleep(max(0.0, start - time.time()))
    stop = start + seconds
    sent = 0
    while time.time() < stop:
        began = time.perf_counter()
        sent += 1
        try:
            conn.request("GET", path.replace("{n}", f"{os.getpid()}{sent}"), headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            if response.will_close:
                conn.close()  # gunicorn's sync workers close after each answer; the next request reconnects
        except (OSError, http.client.HTTPException):
            conn.close()
            ok = False
        if ok:
            latencies.append(time.perf_counter() - began)
        errors += not ok
    conn.close()
    return latencies, errors


def drive(pool, host: str, port: int, path: str, cookie: str, clients: int, seconds: float) -> Result:
    """``clients`` concurrent keep-alive clients on ``path`` for ``seconds``; requests that start
    inside the window count, so rps is completed requests over the window."""
    start = time.time() + 0.3  # every process starts together, after the pool has handed out work
    runs = pool.map(_client, [(host, port, path, cookie, start, seconds)] * clients)
    return Result(
        latencies=[x for lat, _ in runs for x in lat], errors=sum(e for _, e in runs), seconds=seconds
    )


def new_pool(clients: int):
    # spawn: the client processes carry nothing of the parent (no Django, no open sockets)
    return multiprocessing.get_context("spawn").Pool(clients)
