"""Probe checks against a tiny in-test server, and the threshold/period state machine."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from knlite.serving.runtime.probes import AGGRESSIVE_PERIOD, Prober, ProbeResult, http_check, tcp_check
from knlite.serving.runtime.spec import ProbeSpec


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TinyServer:
    """Answers each request with the status set on it, after ``delay`` seconds."""

    def __init__(self) -> None:
        self.status = 200
        self.delay = 0.0
        self.requests: list[bytes] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        self.requests.append(head)
        await asyncio.sleep(self.delay)
        writer.write(f"HTTP/1.1 {self.status} X\r\nContent-Length: 0\r\n\r\n".encode())
        await writer.drain()
        writer.close()


@pytest.fixture
async def server() -> AsyncIterator[TinyServer]:
    s = TinyServer()
    s.server = await asyncio.start_server(s.handle, "127.0.0.1", 0)
    s.port = s.server.sockets[0].getsockname()[1]
    yield s
    s.server.close()
    await s.server.wait_closed()


async def test_tcp_check(server: TinyServer) -> None:
    assert (await tcp_check("127.0.0.1", server.port, 1)).ok
    port = _free_port()
    result = await tcp_check("127.0.0.1", port, 1)
    assert not result.ok
    assert result.message == f"dial tcp 127.0.0.1:{port}: connect: connection refused"


@pytest.mark.parametrize(("status", "ok"), [(200, True), (204, True), (302, True), (399, True), (400, False),
                                            (500, False), (503, False)])
async def test_http_check_status(server: TinyServer, status: int, ok: bool) -> None:
    server.status = status
    result = await http_check("127.0.0.1", server.port, "/healthz", 1,
                              headers=(("X-Custom", "1"), ("Host", "example.com")), host_header="example.com")
    assert result.ok is ok
    if not ok:
        assert result.message == f"HTTP probe failed with statuscode: {status}"
    head = server.requests[-1].decode()
    assert head.startswith("GET /healthz HTTP/1.1\r\n")
    assert "Host: example.com\r\n" in head and "X-Custom: 1\r\n" in head and "User-Agent: kube-probe/" in head


async def test_http_check_timeout_and_refused(server: TinyServer) -> None:
    server.delay = 0.5
    result = await http_check("127.0.0.1", server.port, "/", 0.1)
    assert not result.ok and "context deadline exceeded" in result.message
    port = _free_port()
    result = await http_check("127.0.0.1", port, "ready", 1)
    assert result.message == f'Get "http://127.0.0.1:{port}/ready": dial tcp 127.0.0.1:{port}: connect: connection refused'


class Script:
    """A check that returns scripted results and records the timeouts it was given."""

    def __init__(self, results: list[bool]) -> None:
        self.results = results
        self.timeouts: list[float] = []

    async def __call__(self, timeout: float) -> ProbeResult:
        self.timeouts.append(timeout)
        if not self.results:
            raise asyncio.CancelledError
        ok = self.results.pop(0)
        return ProbeResult(ok, "" if ok else "boom")


async def _run(spec: ProbeSpec, results: list[bool], initially: bool, **kw: bool) -> tuple[list[tuple[bool, str]], list[float], Script]:
    changes: list[tuple[bool, str]] = []
    sleeps: list[float] = []

    async def sleep(s: float) -> None:
        sleeps.append(s)

    script = Script(results)
    prober = Prober(spec, script, lambda ok, msg: changes.append((ok, msg)), initially=initially, sleep=sleep, **kw)
    with pytest.raises(asyncio.CancelledError):
        await prober.run()
    return changes, sleeps, script


async def test_readiness_thresholds() -> None:
    spec = ProbeSpec("tcp", period_seconds=5, initial_delay_seconds=2, success_threshold=2, failure_threshold=3)
    changes, sleeps, _ = await _run(spec, [True, False, True, True, False, False, True, False, False, False], False)
    # ready after two successes in a row; unready after three failures in a row
    assert changes == [(True, ""), (False, "boom")]
    assert sleeps[0] == 2 and set(sleeps[1:]) == {5}


async def test_aggressive_probing() -> None:
    spec = ProbeSpec("tcp", period_seconds=0)
    changes, sleeps, script = await _run(spec, [False, False, True, True], False)
    assert changes == [(True, "")]
    assert sleeps[:2] == [AGGRESSIVE_PERIOD, AGGRESSIVE_PERIOD]
    assert sleeps[2] == 1.0  # once ready, re-checked every second
    assert script.timeouts[0] == pytest.approx(0.1)


async def test_liveness_reports_failure_once_per_threshold() -> None:
    spec = ProbeSpec("http", period_seconds=1, failure_threshold=2)
    changes, _, _ = await _run(spec, [True, False, False, False, False], True)
    assert changes == [(False, "boom"), (False, "boom")]


async def test_startup_probe_stops_on_success() -> None:
    spec = ProbeSpec("tcp", period_seconds=1)
    changes: list[tuple[bool, str]] = []

    async def sleep(_s: float) -> None:
        return None

    prober = Prober(spec, Script([False, True]), lambda ok, msg: changes.append((ok, msg)), initially=False,
                    stop_on_success=True, sleep=sleep)
    await asyncio.wait_for(prober.run(), 1)
    assert changes == [(True, "")]
