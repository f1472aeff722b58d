"""A minimal HTTP/1.1 server for the sample apps: asyncio protocol + httptools parser.

The samples stand in for Knative's Go sample images, whose processes start in
milliseconds; a Python framework (aiohttp's server alone takes ~0.5 s to import here) would
turn every cold start into a slow one. This server is what the samples need and no more:
keep-alive, pipelined requests answered in order, request bodies, fixed-length responses,
handlers that are plain or async functions, Go-style log lines, and a graceful stop on
SIGTERM (stop accepting, finish requests in flight, exit 0) as a kubelet expects.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Awaitable, Callable

import httptools


class Request:
    __slots__ = ("body", "headers", "method", "path", "query")

    def __init__(self, method: str, path: str, query: dict[str, str], headers: list[tuple[str, str]],
                 body: bytes) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body

    def header(self, name: str, default: str = "") -> str:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return default


# (status, headers, body)
Response = tuple[int, list[tuple[str, str]], bytes]
Handler = Callable[[Request], "Response | Awaitable[Response]"]

_REASONS = {200: "OK", 202: "Accepted", 204: "No Content", 400: "Bad Request", 404: "Not Found",
            405: "Method Not Allowed", 413: "Request Entity Too Large", 500: "Internal Server Error",
            503: "Service Unavailable"}
_DAYS = (b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun")
_MONTHS = (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec")
_date_cache: tuple[int, bytes] = (0, b"")
_log_cache: tuple[int, str] = (0, "")


def _date() -> bytes:
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        t = time.gmtime(now)
        _date_cache = (now, b"%s, %02d %s %d %02d:%02d:%02d GMT" % (
            _DAYS[t.tm_wday], t.tm_mday, _MONTHS[t.tm_mon - 1], t.tm_year, t.tm_hour, t.tm_min, t.tm_sec))
    return _date_cache[1]


_HEX = frozenset(b"0123456789abcdefABCDEF")


def _unquote(value: bytes) -> str:
    value = value.replace(b"+", b" ")
    if b"%" not in value:
        return value.decode("utf-8", "replace")
    parts = value.split(b"%")
    out = bytearray(parts[0])
    for part in parts[1:]:
        if len(part) >= 2 and part[0] in _HEX and part[1] in _HEX:
            out.append(int(part[:2], 16))
            out += part[2:]
        else:
            out += b"%" + part
    return out.decode("utf-8", "replace")


def parse_query(query: bytes) -> dict[str, str]:
    """``a=1&b=2`` → ``{"a": "1", "b": "2"}`` (first value wins; urllib.parse costs start-up time)."""
    out: dict[str, str] = {}
    for pair in query.split(b"&"):
        if pair:
            k, _, v = pair.partition(b"=")
            out.setdefault(_unquote(k), _unquote(v))
    return out


def log(message: str) -> None:
    """A line like Go's ``log.Print``: ``2006/01/02 15:04:05 message`` on stderr, unbuffered."""
    global _log_cache
    now = int(time.time())
    if _log_cache[0] != now:
        _log_cache = (now, time.strftime("%Y/%m/%d %H:%M:%S", time.localtime(now)))
    os.write(2, f"{_log_cache[1]} {message}\n".encode())


def text(body: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Response:
    return status, [("Content-Type", content_type)], body.encode()


class _Server:
    def __init__(self, max_body: int) -> None:
        self.max_body = max_body  # bytes of a request body kept for the handler; 0 = read and discard
        self.connections: set[_Connection] = set()
        self.in_flight = 0
        self.closing = False


class _Connection(asyncio.Protocol):
    def __init__(self, handler: Handler, server: _Server) -> None:
        self.handler = handler
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.url = b""
        self.headers: list[tuple[str, str]] = []
        self.body: list[bytes] = []
        self.body_size = 0
        self.queue: deque[tuple[Request | None, bool]] = deque()  # None: the body was too large
        self.busy = False
        self.pending: asyncio.Future[None] | None = None

    # -- asyncio.Protocol ----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # (uvloop's transports are not asyncio.Transport)
        self.server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.connections.discard(self)
        self.transport = None

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._write_error(400, "upgrades are not supported")
        except httptools.HttpParserError:
            self._write_error(400, "malformed request")

    # -- httptools callbacks -------------------------------------------------------------------
    def on_message_begin(self) -> None:
        self.url = b""
        self.headers = []
        self.body = []
        self.body_size = 0

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_body(self, body: bytes) -> None:
        # helloworld never looks at bodies: a 1 GiB upload through the gateway must not land in memory
        if self.server.max_body and self.body_size + len(body) <= self.server.max_body:
            self.body.append(body)
        self.body_size += len(body)

    def on_message_complete(self) -> None:
        url = httptools.parse_url(self.url)
        path = url.path.decode("latin-1") if url.path else "/"
        query = parse_query(url.query) if url.query else {}
        method = self.parser.get_method().decode()
        if self.server.max_body and self.body_size > self.server.max_body:
            self.queue.append((None, False))
        else:
            self.queue.append((Request(method, path, query, self.headers, b"".join(self.body)),
                               self.parser.should_keep_alive()))
        if not self.busy:
            self._next()

    # -- dispatch ------------------------------------------------------------------------------
    def _next(self) -> None:
        while self.queue and not self.busy and self.transport is not None:
            req, keep_alive = self.queue.popleft()
            if req is None:
                self._write(text("request body too large\n", 413), keep_alive=False)
                return
            try:
                result = self.handler(req)
            except Exception as e:  # a sample's bug must not kill the connection silently
                log(f"error: {e!r}")
                result = text("internal error\n", 500)
            if inspect.isawaitable(result):
                self.busy = True
                self.server.in_flight += 1
                self.pending = asyncio.ensure_future(self._finish(result, keep_alive))
                return
            assert not isinstance(result, Awaitable)
            self._write(result, keep_alive)

    async def _finish(self, pending: Awaitable[Response], keep_alive: bool) -> None:
        try:
            result = await pending
        except Exception as e:
            log(f"error: {e!r}")
            result = text("internal error\n", 500)
        finally:
            self.server.in_flight -= 1
        self.busy = False
        self._write(result, keep_alive)
        self._next()

    def _write(self, result: Response, keep_alive: bool) -> None:
        if self.transport is None:
            return
        status, headers, body = result
        keep_alive = keep_alive and not self.server.closing
        head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}".encode(), b"Date: " + _date(),
                f"Content-Length: {len(body)}".encode()]
        head.extend(f"{k}: {v}".encode("latin-1") for k, v in headers)
        if not keep_alive:
            head.append(b"Connection: close")
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        if not keep_alive:
            self.transport.close()

    def _write_error(self, status: int, message: str) -> None:
        self._write(text(message + "\n", status), keep_alive=False)

    def close_if_idle(self) -> None:
        if not self.busy and not self.queue and self.transport is not None:
            self.transport.close()


def port() -> int:
    value = os.environ.get("PORT") or "8080"
    try:
        return int(value)
    except ValueError:
        sys.exit(f"invalid PORT {value!r}")


async def serve(handler: Handler, listen_port: int, host: str = "127.0.0.1", grace: float = 30.0,
                max_body: int = 16 << 20) -> None:
    """Serve until SIGTERM/SIGINT, then drain requests in flight (at most ``grace`` seconds).

    Request bodies up to ``max_body`` bytes reach the handler (larger ones get 413); with
    ``max_body=0`` bodies are read and discarded.
    """
    loop = asyncio.get_running_loop()
    state = _Server(max_body)
    server = await loop.create_server(lambda: _Connection(handler, state), host, listen_port, backlog=1024,
                                      reuse_address=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    state.closing = True
    server.close()
    deadline = loop.time() + grace
    while state.in_flight and loop.time() < deadline:
        await asyncio.sleep(0.05)
    for conn in list(state.connections):
        conn.close_if_idle()


def wait_for_signal() -> None:
    """Block until SIGTERM/SIGINT (for samples that do not listen)."""
    sigs = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    signal.sigwait(sigs)
