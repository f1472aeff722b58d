"""A small HTTP/1.1 client for event delivery: pooled keep-alive connections, httptools parsing.

Every event the dispatcher delivers is one POST; with aiohttp's client the request/response
machinery cost more CPU per event than everything else in the broker path together
(measured in bench/eventing.py). Deliveries need very little of it — a POST with a small
body, the status, headers and body of the answer, a per-attempt timeout, keep-alive — so this
module does just that at the protocol level, as the gateway does for requests. It implements
:class:`~knlite.eventing.delivery.Transport` with the same Go-like error texts as
:class:`~knlite.eventing.delivery.HttpTransport`: a refused connection, a reset and a timeout
are :class:`~knlite.eventing.delivery.TransportError`; redirects are not followed.

At most :data:`MAX_CONNS` connections are open to one host:port (Knative's dispatcher keeps
100 idle per host). A delivery that finds them all busy waits for the next one to come free
(its timeout runs meanwhile) instead of opening another: ingress accepts events faster than a
slow subscriber takes them, and opening a connection per waiting event costs both sides far
more than the wait, then leaves a crowd of connections to close again.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlsplit

import httptools
from multidict import CIMultiDict

from knlite.eventing.delivery import Response, TransportError

MAX_CONNS = 100  # connections open (busy or idle) per host:port


class _Exchange:
    __slots__ = ("body", "done", "headers", "status")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.status = 0
        self.headers: CIMultiDict[str] = CIMultiDict()
        self.body: list[bytes] = []
        self.done: asyncio.Future[None] = loop.create_future()


class _Connection(asyncio.Protocol):
    def __init__(self, pool: _Pool) -> None:
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.exchange: _Exchange | None = None
        self.closed = False
        self.keep_alive = True
        self._name = b""

    # -- protocol ----------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        ex = self.exchange
        if ex is not None and not ex.done.done():
            ex.done.set_exception(ConnectionResetError("connection reset by peer") if exc is None else exc)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as e:
            ex = self.exchange
            if ex is not None and not ex.done.done():
                ex.done.set_exception(e)
            self.close()

    # -- httptools callbacks -----------------------------------------------------------------
    def on_status(self, status: bytes) -> None:
        if self.exchange is not None:
            self.exchange.status = self.parser.get_status_code()

    def on_header(self, name: bytes, value: bytes) -> None:
        if self.exchange is not None:
            self.exchange.headers.add(name.decode("latin-1"), value.decode("latin-1"))

    def on_body(self, body: bytes) -> None:
        if self.exchange is not None:
            self.exchange.body.append(body)

    def on_message_complete(self) -> None:
        self.keep_alive = self.parser.should_keep_alive()
        ex = self.exchange
        if ex is not None and not ex.done.done():
            ex.done.set_result(None)

    # -- use -----------------------------------------------------------------------------------
    def start(self, request: bytes, loop: asyncio.AbstractEventLoop) -> _Exchange:
        ex = self.exchange = _Exchange(loop)
        assert self.transport is not None
        self.transport.write(request)
        return ex

    def close(self) -> None:
        if not self.closed and self.transport is not None:
            self.closed = True
            self.transport.close()


class _Pool:
    """The connections to one host:port: idle ones, how many are open, and who waits for one."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.idle: list[_Connection] = []
        self.open = 0  # connections open or being opened, idle ones included
        self.waiters: deque[asyncio.Future[_Connection | None]] = deque()

    async def acquire(self, loop: asyncio.AbstractEventLoop) -> tuple[_Connection, bool]:
        """A connection for one exchange, and whether it was used before."""
        while self.idle:
            conn = self.idle.pop()
            if not conn.closed:
                return conn, True
            self.open -= 1
        if self.open < MAX_CONNS:
            self.open += 1
        else:
            waiter: asyncio.Future[_Connection | None] = loop.create_future()
            self.waiters.append(waiter)
            try:
                handed = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self.release(waiter.result())  # handed over just as the wait was cancelled
                raise
            if handed is not None:
                return handed, True
            # handed a free slot (release counted it): open a connection in it
        try:
            _, conn = await loop.create_connection(lambda: _Connection(self), self.host, self.port)
        except BaseException:
            self.release(None)
            raise
        return conn, False

    def release(self, conn: _Connection | None) -> None:
        """Give back a finished connection, or the slot of one that was closed (None)."""
        if conn is not None and (conn.closed or not conn.keep_alive):
            conn.close()
            conn = None
        if conn is None:
            self.open -= 1
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                if conn is None:
                    self.open += 1  # the waiter opens a connection in the freed slot
                waiter.set_result(conn)
                return
        if conn is not None:
            self.idle.append(conn)


@lru_cache(maxsize=4096)
def _target(url: str) -> tuple[str, int, bytes, bytes]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"unsupported URL {url!r}")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.hostname, parts.port or 80, path.encode(), parts.netloc.encode()


class FastTransport:
    """:class:`~knlite.eventing.delivery.Transport` over pooled protocol-level connections."""

    def __init__(self) -> None:
        self._pools: dict[tuple[str, int], _Pool] = {}

    async def send(self, url: str, headers: Mapping[str, str], body: bytes, timeout: float | None) -> Response:
        try:
            host, port, path, netloc = _target(url)
        except ValueError as e:
            raise TransportError(f'Post "{url}": {e}') from e
        head = [b"POST ", path, b" HTTP/1.1\r\n"]
        has_host = False
        for k, v in headers.items():
            lk = k.lower()
            if lk in ("content-length", "connection", "transfer-encoding"):
                continue
            if lk == "host":
                has_host = True
            head.append(f"{k}: {v}\r\n".encode("latin-1", "replace"))
        if not has_host:
            head.append(b"Host: " + netloc + b"\r\n")
        head.append(b"Content-Length: %d\r\n\r\n" % len(body))
        request = b"".join(head) + body
        try:
            if timeout:
                return await asyncio.wait_for(self._roundtrip(host, port, request), timeout)
            return await self._roundtrip(host, port, request)
        except TimeoutError as e:
            raise TransportError(
                f'Post "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)') from e
        except ConnectionRefusedError as e:
            raise TransportError(f'Post "{url}": dial tcp {host}:{port}: connect: connection refused') from e
        except (OSError, httptools.HttpParserError) as e:
            raise TransportError(f'Post "{url}": {e}') from e

    async def _roundtrip(self, host: str, port: int, request: bytes) -> Response:
        loop = asyncio.get_running_loop()
        pool = self._pools.get((host, port))
        if pool is None:
            pool = self._pools[(host, port)] = _Pool(host, port)
        for attempt in (0, 1):
            conn, reused = await pool.acquire(loop)
            ex = conn.start(request, loop)
            try:
                await ex.done
            except (ConnectionResetError, BrokenPipeError):
                conn.close()
                pool.release(None)
                if reused and attempt == 0 and not ex.status:
                    continue  # a stale keep-alive connection: try once more on a fresh one
                raise
            except BaseException:
                conn.close()
                pool.release(None)
                raise
            conn.exchange = None
            pool.release(conn)
            return Response(ex.status, ex.headers, b"".join(ex.body))
        raise ConnectionResetError("connection reset by peer")  # pragma: no cover - loop always returns

    async def close(self) -> None:
        for pool in self._pools.values():
            for conn in pool.idle:
                conn.close()
            pool.idle.clear()
