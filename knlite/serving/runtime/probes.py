"""Readiness, liveness and startup probes, as the kubelet and Knative's queue-proxy run them.

A probe is one check (TCP connect, HTTP GET with a 2xx/3xx answer, or a command exiting 0)
run on a schedule with thresholds: ``success_threshold`` consecutive successes flip it to
passing, ``failure_threshold`` consecutive failures flip it to failing. Readiness starts
failing and decides whether an instance receives traffic; liveness starts passing and
restarts the container when it fails; a startup probe holds the other two back until it
passes once.

Knative runs the user's readiness probe in queue-proxy, where ``periodSeconds: 0`` (its
default) means aggressive probing: every 50 ms, 100 ms per attempt, until the first
success — this is what makes cold starts fast. After that knlite re-checks every second.
Failure messages are the kubelet's (``HTTP probe failed with statuscode: 503``, ``dial tcp
127.0.0.1:8080: connect: connection refused``) so they read the same in ``kubectl describe``.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from knlite.serving.runtime.spec import ProbeSpec

# Knative's queue-proxy retries every 50 ms; a refused connect on loopback costs microseconds, and
# every millisecond between the app listening and the probe noticing is cold-start latency.
AGGRESSIVE_PERIOD = 0.005
AGGRESSIVE_TIMEOUT = 0.1
AGGRESSIVE_READY_PERIOD = 1.0
USER_AGENT = "kube-probe/1.28"


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    message: str = ""


Check = Callable[[float], Awaitable[ProbeResult]]  # one attempt, given its timeout in seconds


def _dial_error(host: str, port: int, e: BaseException) -> str:
    if isinstance(e, TimeoutError):
        return f"dial tcp {host}:{port}: i/o timeout"
    if isinstance(e, OSError) and e.errno == errno.ECONNREFUSED:
        return f"dial tcp {host}:{port}: connect: connection refused"
    return f"dial tcp {host}:{port}: {getattr(e, 'strerror', None) or e}"


async def tcp_check(host: str, port: int, timeout: float) -> ProbeResult:
    writer = None
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except (OSError, TimeoutError) as e:
        return ProbeResult(False, _dial_error(host, port, e))
    finally:
        if writer is not None:
            writer.close()
    return ProbeResult(True)


_INSECURE: ssl.SSLContext | None = None


def _insecure_context() -> ssl.SSLContext:
    global _INSECURE
    if _INSECURE is None:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        _INSECURE = ctx
    return _INSECURE


async def http_check(host: str, port: int, path: str, timeout: float, *, scheme: str = "HTTP",
                     host_header: str = "", headers: tuple[tuple[str, str], ...] = ()) -> ProbeResult:
    """GET the path; 200 ≤ status < 400 passes (the kubelet's rule)."""
    path = path if path.startswith("/") else "/" + path
    url = f"{scheme.lower()}://{host}:{port}{path}"
    secure = scheme.upper() == "HTTPS"
    writer = None
    try:
        async with asyncio.timeout(timeout):
            try:
                reader, writer = await asyncio.open_connection(host, port, ssl=_insecure_context() if secure else None)
            except OSError as e:
                return ProbeResult(False, f'Get "{url}": {_dial_error(host, port, e)}')
            names = {k.lower() for k, _ in headers}
            lines = [f"GET {path} HTTP/1.1", f"Host: {host_header or f'{host}:{port}'}"]
            if "user-agent" not in names:
                lines.append(f"User-Agent: {USER_AGENT}")
            if "accept" not in names:
                lines.append("Accept: */*")
            lines += [f"{k}: {v}" for k, v in headers if k.lower() != "host"]
            lines.append("Connection: close")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            status_line = await reader.readline()
    except TimeoutError:
        return ProbeResult(False, f'Get "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)')
    except (OSError, ssl.SSLError) as e:
        return ProbeResult(False, f'Get "{url}": {e}')
    finally:
        if writer is not None:
            writer.close()
    parts = status_line.split()
    try:
        status = int(parts[1])
    except (IndexError, ValueError):
        return ProbeResult(False, f'Get "{url}": malformed HTTP response {status_line[:64]!r}')
    if 200 <= status < 400:
        return ProbeResult(True)
    return ProbeResult(False, f"HTTP probe failed with statuscode: {status}")


class Prober:
    """Runs one probe on its schedule and reports transitions through ``on_change(ok, message)``."""

    def __init__(self, spec: ProbeSpec, check: Check, on_change: Callable[[bool, str], None], *,
                 initially: bool, stop_on_success: bool = False,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.spec = spec
        self.check = check
        self.on_change = on_change
        self.state = initially
        self.stop_on_success = stop_on_success  # startup probes end once they pass
        self.sleep = sleep
        self.message = ""

    @property
    def aggressive(self) -> bool:
        return self.spec.period_seconds <= 0

    def _period(self) -> float:
        if self.aggressive:
            return AGGRESSIVE_READY_PERIOD if self.state else AGGRESSIVE_PERIOD
        return float(self.spec.period_seconds)

    def _timeout(self) -> float:
        if self.aggressive and not self.state:
            return max(AGGRESSIVE_TIMEOUT, float(self.spec.timeout_seconds) if self.spec.kind != "tcp" else 0)
        return float(max(1, self.spec.timeout_seconds))

    async def run(self) -> None:
        if self.spec.initial_delay_seconds > 0:
            await self.sleep(self.spec.initial_delay_seconds)
        successes = failures = 0
        while True:
            result = await self.check(self._timeout())
            if result.ok:
                successes, failures = successes + 1, 0
                # aggressive probing flips on the first success, as queue-proxy does
                need = 1 if self.aggressive else max(1, self.spec.success_threshold)
                if not self.state and successes >= need:
                    self.state = True
                    self.message = ""
                    self.on_change(True, "")
                if self.state and self.stop_on_success:
                    return
            else:
                failures, successes = failures + 1, 0
                self.message = result.message
                if self.state and failures >= max(1, self.spec.failure_threshold):
                    self.state = False
                    self.on_change(False, result.message)
                elif not self.state and failures >= max(1, self.spec.failure_threshold):
                    self.on_change(False, result.message)  # still failing: report (liveness/startup act on it)
                    failures = 0
            await self.sleep(self._period())


async def cancel_all(tasks: list[asyncio.Task[None]]) -> None:
    for t in tasks:
        t.cancel()
    for t in tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await t
