"""Start a real knlite daemon on free loopback ports and drive it with real tools.

Integration tests and benchmarks share this: a :class:`Knlite` is a daemon process in its
own temporary state directory, with a kubeconfig pointing at it and helpers that run the
machine's real ``kubectl`` (and later ``kn``, ``curl``, ``hey``) against it. The daemon is
stopped by its PID, never by name.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def out(self) -> str:
        return self.stdout

    def check(self) -> Result:
        if self.returncode != 0:
            raise AssertionError(f"command failed ({self.returncode}):\nstdout: {self.stdout}\nstderr: {self.stderr}")
        return self


@dataclass
class Knlite:
    state_dir: Path
    api_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    internal_port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, timeout: float = 30.0, log_level: str = "info") -> Knlite:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.state_dir / "daemon.log"
        logf = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        cmd = [sys.executable, "-m", "knlite.cli.admin", "up", "--state-dir", str(self.state_dir),
               "--api-port", str(self.api_port), "--http-port", str(self.http_port),
               "--internal-port", str(self.internal_port), "--log-level", log_level]
        env = dict(os.environ, **self.extra_env)
        self.proc = subprocess.Popen(cmd, stdout=logf, stderr=logf, env=env, cwd=ROOT)
        logf.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"knlite exited with {self.proc.returncode}:\n{self.log()}")
            if not self.ca_file.exists():
                time.sleep(0.05)
                continue
            try:
                with urllib.request.urlopen(f"{self.api_url}/readyz", timeout=1, context=self.ssl_context()) as r:
                    if r.status == 200:
                        self._write_kubeconfig()
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"knlite did not become ready in {timeout}s:\n{self.log()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        code = self.proc.returncode
        self.proc = None
        return code

    def kill(self) -> None:
        """SIGKILL, as a crash."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)
            self.proc = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    # -- access ------------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return f"https://127.0.0.1:{self.api_port}"

    @property
    def ca_file(self) -> Path:
        return self.state_dir / "pki" / "ca.crt"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))

    @property
    def token(self) -> str:
        return (self.state_dir / "token").read_text().strip()

    @property
    def kubeconfig(self) -> Path:
        return self.state_dir / "test-kubeconfig"

    def _write_kubeconfig(self) -> None:
        out = subprocess.run([sys.executable, "-m", "knlite.cli.admin", "kubeconfig", "--state-dir",
                              str(self.state_dir), "--api-port", str(self.api_port)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        self.kubeconfig.write_text(out.stdout)

    def env(self) -> dict[str, str]:
        return dict(os.environ, KUBECONFIG=str(self.kubeconfig), KUBECACHEDIR=str(self.state_dir / "kubecache"),
                    HOME=str(self.state_dir / "home"))

    def kubectl(self, *args: str, input: str | None = None, timeout: float = 60.0,
                env: dict[str, str] | None = None) -> Result:
        full_env = self.env()
        full_env.update(env or {})
        p = subprocess.run(["kubectl", *args], capture_output=True, text=True, input=input, timeout=timeout,
                           env=full_env)
        return Result(p.returncode, p.stdout, p.stderr)

    def request(self, method: str, path: str, body: Any = None, token: str | None = "default",
                headers: dict[str, str] | None = None, raw: bytes | None = None) -> tuple[int, Any, dict[str, str]]:
        """A plain HTTP call to the API (for what kubectl cannot express)."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.api_url + path, data=data, method=method)
        if token == "default":
            token = self.token
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30, context=self.ssl_context()) as r:
                text = r.read()
                return r.status, _maybe_json(text), dict(r.headers)
        except urllib.error.HTTPError as e:
            text = e.read()
            return e.code, _maybe_json(text), dict(e.headers)


def _maybe_json(text: bytes) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text.decode(errors="replace")
