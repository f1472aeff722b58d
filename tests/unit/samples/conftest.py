"""Run a built-in sample app as the runtime does: its own process, ``python -S -P -m
knlite.samples.<name>``, ``$PORT`` a free loopback port; talk to it over real HTTP."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httptools
import pytest

ROOT = Path(__file__).resolve().parents[3]
PYTHONPATH = os.pathsep.join(dict.fromkeys([str(ROOT), str(Path(httptools.__file__).resolve().parents[1])]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass
class Sample:
    proc: subprocess.Popen[bytes]
    port: int
    stdout_path: Path
    stderr_path: Path
    started: float = field(default_factory=time.monotonic)

    def request(self, method: str, path: str = "/", headers: dict[str, str] | list[tuple[str, str]] | None = None,
                body: bytes = b"") -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            items = headers.items() if isinstance(headers, dict) else headers or []
            for k, v in items:
                conn.putheader(k, v.encode("utf-8") if not v.isascii() else v)
            if body or method in ("POST", "PUT"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            resp = conn.getresponse()
            return Reply(resp.status, resp.getheaders(), resp.read())
        finally:
            conn.close()

    def post(self, headers: dict[str, str] | list[tuple[str, str]], body: bytes = b"") -> Reply:
        return self.request("POST", "/", headers, body)

    def stdout(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8")

    def wait_stdout(self, predicate: Callable[[str], bool], timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            out = self.stdout()
            if predicate(out) or time.monotonic() > deadline:
                return out
            time.sleep(0.02)


def start(module: str, tmp_path: Path, env: dict[str, str] | None = None, args: list[str] | None = None,
          listen: bool = True) -> Sample:
    port = free_port()
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONUNBUFFERED": "1", "PYTHONPATH": PYTHONPATH,
                "PORT": str(port), **(env or {})}
    out, err = tmp_path / f"{module}-{port}.out", tmp_path / f"{module}-{port}.err"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-S", "-P", "-m", f"knlite.samples.{module}", *(args or [])],
                                env=full_env, stdout=stdout, stderr=stderr, cwd=tmp_path)
    sample = Sample(proc, port, out, err)
    if listen:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{module} did not start: {sample.stderr()}") from None
                time.sleep(0.01)
    return sample


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[object]:
    """``sample(module, env=..., args=...)`` starts a sample; all are stopped (SIGTERM) at the end."""
    started: list[Sample] = []

    def run(module: str, env: dict[str, str] | None = None, args: list[str] | None = None,
            listen: bool = True) -> Sample:
        s = start(module, tmp_path, env, args, listen)
        started.append(s)
        return s

    yield run
    for s in started:
        if s.proc.poll() is None:
            s.proc.terminate()
            try:
                s.proc.wait(10)
            except subprocess.TimeoutExpired:
                s.proc.kill()
                s.proc.wait()
