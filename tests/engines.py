"""Real NATS JetStream and RabbitMQ servers for tests and benchmarks, started from Debian's packages.

:class:`NatsServer` runs ``nats-server -js`` on a free loopback port with its store in a
temporary directory; :class:`RabbitServer` runs ``rabbitmq-server`` as a plain process (no
service manager): its own ``epmd`` on a free port, node, AMQP and distribution ports free,
data and logs in a temporary directory, no plugins. Both are stopped by the PID they were
started with (RabbitMQ's launcher script and the Erlang VM under it share the process group
started here, which is signalled as a whole). :class:`Receiver` is an event subscriber in the
test process, so it outlives a daemon that is killed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from tests.harness import Knlite, free_port

RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"  # the launcher, not Debian's su wrapper


def nats_available() -> bool:
    return shutil.which("nats-server") is not None or Path("/usr/sbin/nats-server").exists()


def rabbitmq_available() -> bool:
    return Path(RABBITMQ_SERVER).exists() and shutil.which("epmd") is not None


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], what: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {timeout}s:\n"
                       f"{log.read_text(errors='replace')[-4000:]}")


@dataclass
class NatsServer:
    directory: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> NatsServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        log = self.directory / "nats.log"
        binary = shutil.which("nats-server") or "/usr/sbin/nats-server"
        with open(log, "ab") as out:
            self.proc = subprocess.Popen([binary, "-js", "-a", "127.0.0.1", "-p", str(self.port),
                                          "-sd", str(self.directory / "store")],
                                         stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            _wait_for_port(self.port, self.proc, "nats-server", log, timeout)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            self.proc = None


@dataclass
class RabbitServer:
    directory: Path
    port: int = field(default_factory=free_port)
    epmd_port: int = field(default_factory=free_port)
    dist_port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    epmd: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def start(self, timeout: float = 60.0) -> RabbitServer:
        d = self.directory
        d.mkdir(parents=True, exist_ok=True)
        (d / "enabled_plugins").write_text("[].\n")
        log = d / "rabbitmq.log"
        env = dict(os.environ, HOME=str(d), ERL_EPMD_PORT=str(self.epmd_port),
                   RABBITMQ_NODENAME=f"knlite-test-{self.port}@localhost", RABBITMQ_NODE_IP_ADDRESS="127.0.0.1",
                   RABBITMQ_NODE_PORT=str(self.port), RABBITMQ_DIST_PORT=str(self.dist_port),
                   RABBITMQ_MNESIA_BASE=str(d / "mnesia"), RABBITMQ_LOG_BASE=str(d / "log"),
                   RABBITMQ_ENABLED_PLUGINS_FILE=str(d / "enabled_plugins"), RABBITMQ_CONFIG_FILE=str(d / "rabbitmq"),
                   RABBITMQ_ADVANCED_CONFIG_FILE=str(d / "advanced.config"), RABBITMQ_PID_FILE=str(d / "pid"),
                   RABBITMQ_LOGS="-")
        with open(d / "epmd.log", "ab") as out:
            self.epmd = subprocess.Popen(["epmd", "-port", str(self.epmd_port), "-address", "127.0.0.1"],
                                         stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        with open(log, "ab") as out:
            self.proc = subprocess.Popen([RABBITMQ_SERVER], stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env, cwd=d, start_new_session=True)
        try:
            _wait_for_port(self.port, self.proc, "rabbitmq-server", log, timeout)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.proc is not None:
            pgid = self.proc.pid  # its own session: the launcher script and the Erlang VM under it
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pgid, signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(15)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)  # whatever of the group is left
            if self.proc.poll() is None:
                self.proc.wait(5)
            self.proc = None
        if self.epmd is not None:
            if self.epmd.poll() is None:
                self.epmd.kill()
            self.epmd.wait(5)
            self.epmd = None


class Receiver:
    """An HTTP subscriber on loopback recording every event it takes (``ce-id``, path, headers).

    ``refuse(id)`` says whether the first attempt of an event is answered 503 (so some events
    wait for a retry at any moment); ``statuses[path]`` makes a path answer that code instead
    of 200 (a failing subscriber: its attempts are counted, its events not recorded);
    ``replies[path]`` makes it answer with a binary-mode event. ``max_in_flight`` is the most
    requests it had at once.
    """

    def __init__(self, delay: float = 0.0, refuse: Callable[[str], bool] = lambda eid: False) -> None:
        self.ids: list[str] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.refused: set[str] = set()
        self.attempts: dict[str, int] = {}
        self.statuses: dict[str, int] = {}
        self.replies: dict[str, tuple[dict[str, str], bytes]] = {}
        self.in_flight = self.max_in_flight = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                eid = self.headers.get("ce-id", "")
                with receiver.lock:
                    receiver.in_flight += 1
                    receiver.max_in_flight = max(receiver.max_in_flight, receiver.in_flight)
                    receiver.attempts[eid] = receiver.attempts.get(eid, 0) + 1
                if delay:
                    time.sleep(delay)
                with receiver.lock:
                    receiver.in_flight -= 1
                    status = receiver.statuses.get(self.path, 200)
                    if status == 200 and refuse(eid) and eid not in receiver.refused:
                        receiver.refused.add(eid)
                        status = 503
                    if status == 200:
                        receiver.ids.append(eid)
                        receiver.paths.append(self.path)
                        receiver.headers.append({k.lower(): v for k, v in self.headers.items()})
                    reply_headers, reply_body = receiver.replies.get(self.path, ({}, b""))
                self.send_response(status)
                for k, v in reply_headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply_body)))
                self.end_headers()
                self.wfile.write(reply_body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def received(self, path: str) -> list[str]:
        """The ids taken at ``path``, in arrival order."""
        with self.lock:
            return [i for i, p in zip(self.ids, self.paths, strict=True) if p == path]

    def wait_for(self, ids: set[str], timeout: float) -> set[str]:
        """The ids still missing after waiting up to ``timeout`` seconds for all of them."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                missing = ids - set(self.ids)
            if not missing or time.monotonic() > deadline:
                return missing
            time.sleep(0.05)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- applying manifests -------------------------------------------------------------------------------------


def apply(k: Knlite, tmp: Path, *docs: dict[str, Any]) -> None:
    """``kubectl apply -f`` of ``docs``, written to a file under ``tmp``."""
    path = tmp / f"m{time.monotonic_ns()}.yaml"
    path.write_text(yaml.safe_dump_all(docs))
    k.kubectl("apply", "-f", str(path)).check()


def ready(k: Knlite, *what: str, timeout: int = 60) -> None:
    k.kubectl("wait", "--for=condition=Ready", *what, f"--timeout={timeout}s", timeout=timeout + 10).check()


# -- sending events, and the kill -9 test ------------------------------------------------------------------


def post_event(port: int, host: str, eid: str, path: str = "/", conn: http.client.HTTPConnection | None = None,
               etype: str = "engine.test", extra: dict[str, str] | None = None) -> tuple[int, str]:
    """One binary-mode event to ``host`` through the internal gateway at ``port``: (status, body)."""
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        c.request("POST", path, body=json.dumps({"n": eid}).encode(),
                  headers={"Host": host, "ce-specversion": "1.0", "ce-id": eid, "ce-source": "test",
                           "ce-type": etype, "content-type": "application/json", **(extra or {})})
        resp = c.getresponse()
        return resp.status, resp.read().decode(errors="replace")
    finally:
        if conn is None:
            c.close()


@dataclass
class CrashReport:
    seed: int
    n: int
    acked_before_kill: int
    delivered_before_kill: int
    acked: int
    distinct: int
    duplicates: int
    lost: list[str]
    seconds: float

    def line(self, what: str) -> str:
        return (f"{what} crash test (seed {self.seed}): N={self.n}, killed after {self.acked_before_kill} acks "
                f"({self.delivered_before_kill} of them delivered before the kill), acked in total {self.acked}, "
                f"received {self.distinct} distinct, duplicates={self.duplicates}, losses={len(self.lost)}, "
                f"{self.seconds:.1f}s")


def _produce(k: Knlite, host: str, path: str, ids: list[str], acked: set[str], lock: threading.Lock,
             counter: list[int], kill_at: int, killed: threading.Event) -> None:
    """Send ``ids`` in order on one connection, recording each 202; kill the daemon after ``kill_at`` acks."""
    conn = http.client.HTTPConnection("127.0.0.1", k.internal_port, timeout=15)
    for eid in ids:
        try:
            status, _ = post_event(k.internal_port, host, eid, path, conn=conn)
        except (OSError, http.client.HTTPException):
            break  # the daemon is gone
        if status == 202:
            with lock:
                acked.add(eid)
                counter[0] += 1
                if counter[0] == kill_at and not killed.is_set():
                    killed.set()
                    k.kill()  # SIGKILL to the daemon's PID
                    break
    conn.close()


def kill_and_restart(k: Knlite, host: str, receiver: Receiver, n: int, seed: int, path: str = "/",
                     producers: int = 4, settle: float = 60.0) -> CrashReport:
    """Send ``n`` numbered events with ``producers`` threads, SIGKILL the daemon after a random
    number of 202s, restart it on the same state, send what was not acknowledged, then wait up
    to ``settle`` seconds for every acknowledged event to reach ``receiver``."""
    rng = random.Random(seed)
    ids = [f"ev-{i:04d}" for i in range(n)]
    acked: set[str] = set()
    lock = threading.Lock()
    killed = threading.Event()
    kill_at = rng.randint(n // 5, n * 4 // 5)
    t0 = time.monotonic()
    counter = [0]
    threads = [threading.Thread(target=_produce, daemon=True,
                                args=(k, host, path, ids[p::producers], acked, lock, counter, kill_at, killed))
               for p in range(producers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    if not killed.is_set():
        raise AssertionError(f"the producers ended before the kill ({len(acked)} acks)")
    acked_before = set(acked)
    with receiver.lock:
        delivered_before = len(set(receiver.ids) & acked_before)
    k.start()  # same state directory
    rest = [e for e in ids if e not in acked]
    never = threading.Event()
    never.set()
    threads = [threading.Thread(target=_produce, daemon=True,
                                args=(k, host, path, rest[p::producers], acked, lock, [0], n + 1, never))
               for p in range(producers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    missing = receiver.wait_for(acked, settle)
    with receiver.lock:
        received = list(receiver.ids)
    return CrashReport(seed, n, len(acked_before), delivered_before, len(acked), len(set(received)),
                       len(received) - len(set(received)), sorted(missing), time.monotonic() - t0)
