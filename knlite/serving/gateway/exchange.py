"""One client connection to a gateway listener, and the request/response exchange on it.

The hot path is a chain of callbacks with no coroutine and no task: the client's bytes
are parsed by httptools; when the header block is complete the Host picks a route, the
route picks a revision, the revision's backend picks an instance, and a pooled keep-alive
connection to that instance gets the rewritten request head in the same event-loop turn
(flushed once per read, together with any body bytes that came with it). Request bodies
are forwarded as they are parsed — re-chunked when the client sent them chunked — and the
instance's response bytes go back to the client untouched. Only the rare paths — opening
a new upstream connection, holding a request until a revision has a ready instance — run
as a task.

Request headers are edited on the raw list as they arrive: hop-by-hop headers
(``Connection``, ``Keep-Alive``, ``Proxy-Connection``) and the ingress's
``Knative-Serving-Revision``/``-Namespace`` are dropped, ``X-Forwarded-For`` gets the peer
appended, ``X-Forwarded-Proto`` is set when absent, and queue-proxy's ``Forwarded`` shim is
added when absent. A route's ``rewrite_host`` replaces Host (DomainMapping).

Keep-alive holds on both sides. A client that pipelines requests gets its first answer and
then a closed connection (never a mixed-up response). Errors use queue-proxy's wording:
``504 request timeout`` when nothing was written before the revision's ``timeoutSeconds``
(or ``responseStartTimeoutSeconds``), ``502`` with the dial/read error when the instance
refused or dropped the connection (once retried on a fresh connection when a pooled one
turns out to be dead before any response byte), ``503`` for a revision that failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

import httptools

from knlite.serving.dataplane import RevisionKey
from knlite.serving.gateway import _http
from knlite.serving.gateway._http import CRLF, SPECIAL, VERSIONS
from knlite.serving.gateway.backend import RevisionBackend, Slot
from knlite.serving.gateway.upstream import UpstreamConnection

if TYPE_CHECKING:
    from knlite.serving.gateway.server import Gateway

log = logging.getLogger(__name__)

BUFFER_MAX = 64 * 1024  # request bytes held while no upstream connection is attached
REPLAY_MAX = 64 * 1024  # request bytes kept for a retry on a fresh connection
DRAIN_MAX = 1024 * 1024  # body bytes read and dropped after an early answer, before closing
HOLD_POLL = 0.5  # how often a held request re-checks whether its revision failed
DEFAULT_TIMEOUT = 300.0  # a revision the gateway has no config for yet

_COLON = b": "
_SP = b" "
_HOST = b"Host: "
_XFF = b"X-Forwarded-For: "
_XFP = b"X-Forwarded-Proto: http\r\n"
_FWD = b"Forwarded: "
_UPGRADE = b"Connection: Upgrade\r\n"
_LAST_CHUNK = b"0\r\n\r\n"


class _Pipelined(Exception):
    """A second request arrived before the first was answered."""


class ClientConnection(asyncio.Protocol):
    __slots__ = (
        "_active",
        "_backend",
        "_body_pending",
        "_chunked",
        "_closed",
        "_deadline",
        "_draining",
        "_fwd",
        "_gw",
        "_has_body",
        "_hdrs",
        "_head",
        "_host",
        "_idle",
        "_internal",
        "_keep_alive",
        "_last_write",
        "_loop",
        "_out",
        "_out_size",
        "_parser",
        "_peer",
        "_pipelined",
        "_reading_paused",
        "_retried",
        "_sent",
        "_sent_size",
        "_slot",
        "_started",
        "_state",
        "_task",
        "_timer",
        "_transport",
        "_upgrade",
        "_upgraded",
        "_upstream",
        "_url",
        "_writing_paused",
        "_xff",
        "_xfh",
        "_xfp",
    )

    def __init__(self, gateway: Gateway, internal: bool) -> None:
        self._gw = gateway
        self._state = gateway.state
        self._loop = gateway.loop
        self._internal = internal
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._peer = b""
        self._closed = False
        self._reading_paused = False
        self._writing_paused = False
        self._pipelined = False
        self._upgraded = False
        # per request
        self._active = False
        self._url = b""
        self._hdrs: list[bytes] = []
        self._host: bytes | None = None
        self._xff: bytes | None = None
        self._xfp: bytes | None = None
        self._xfh: bytes | None = None
        self._fwd = False
        self._chunked = False
        self._has_body = False
        self._upgrade = False
        self._body_pending = False
        self._head = False
        self._keep_alive = True
        self._out: list[bytes] = []
        self._out_size = 0
        self._sent: list[bytes] | None = None
        self._sent_size = 0
        self._upstream: UpstreamConnection | None = None
        self._backend: RevisionBackend | None = None
        self._slot: Slot | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._started = False
        self._retried = False
        self._draining = -1  # >= 0: bytes dropped so far after an early answer
        self._deadline = 0.0
        self._idle = 0.0
        self._last_write = 0.0

    # -- asyncio.Protocol -----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        peer = transport.get_extra_info("peername")
        self._peer = str(peer[0]).encode() if peer else b""
        self._gw.clients.add(self)

    def data_received(self, data: bytes) -> None:
        if self._upgraded:  # after an Upgrade request the parser is done: bytes go through
            if self._upstream is not None:
                self._upstream.write(data)
            else:
                self._out.append(data)
                self._out_size += len(data)
                if self._out_size > BUFFER_MAX:
                    self.pause_reading()
            return
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade as exc:
            self._upgraded = True
            if not self._active:  # the Upgrade request was already answered (an error)
                self.close()
                return
            rest = data[exc.args[0]:]
            if rest:
                self._out.append(rest)
                self._out_size += len(rest)
        except httptools.HttpParserError as exc:
            self._bad_request(exc)
        if self._upstream is not None:
            if self._out:
                self._flush()
        elif self._out_size > BUFFER_MAX:
            self.pause_reading()

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self._gw.clients.discard(self)
        if self._active:
            self._release(abort=False)

    def pause_writing(self) -> None:
        self._writing_paused = True
        if self._upstream is not None:
            self._upstream.pause_reading()

    def resume_writing(self) -> None:
        self._writing_paused = False
        if self._upstream is not None:
            self._upstream.resume_reading()

    # -- request parsing (httptools callbacks) --------------------------------------------------
    def on_message_begin(self) -> None:
        if self._active:
            self._pipelined = True
            raise _Pipelined
        self._url = b""
        self._hdrs = []
        self._host = self._xff = self._xfp = self._xfh = None
        self._fwd = self._chunked = self._has_body = self._upgrade = False

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        kind = SPECIAL.get(name.lower())
        if kind is None:
            self._hdrs += (name, _COLON, value, CRLF)
        elif kind == _http.H_HOST:
            if self._host is None:
                self._host = value
        elif kind == _http.H_XFF:
            self._xff = value if self._xff is None else self._xff + b", " + value
        elif kind == _http.H_CL:
            self._hdrs += (name, _COLON, value, CRLF)
            if value.strip() != b"0":
                self._has_body = True
        elif kind == _http.H_TE:
            self._hdrs += (name, _COLON, value, CRLF)
            if b"chunked" in value.lower():
                self._chunked = self._has_body = True
        elif kind == _http.H_XFP:
            self._hdrs += (name, _COLON, value, CRLF)
            self._xfp = value
        elif kind == _http.H_FORWARDED:
            self._hdrs += (name, _COLON, value, CRLF)
            self._fwd = True
        elif kind == _http.H_XFH:
            self._hdrs += (name, _COLON, value, CRLF)
            self._xfh = value
        elif kind == _http.H_CONNECTION and b"upgrade" in value.lower():
            self._upgrade = True  # hop-by-hop headers are dropped, but an upgrade is kept
        # H_DROP: not forwarded

    def on_headers_complete(self) -> None:
        parser = self._parser
        self._active = True
        self._started = self._retried = False
        self._keep_alive = parser.should_keep_alive()
        self._body_pending = self._has_body
        method = parser.get_method()
        self._head = method == b"HEAD"
        url = self._url
        host = self._host
        if url[:1] == b"/" or url == b"*":
            target = url
        elif method == b"CONNECT":
            self._fail(405, "CONNECT is not supported")
            return
        else:  # absolute-form, as HTTP proxy clients send it: the URL's authority wins
            try:
                parsed = httptools.parse_url(url)
            except httptools.HttpParserInvalidURLError:
                self._fail(400, f"malformed request target {url.decode('latin-1')!r}")
                return
            host = parsed.host or b""
            if parsed.port:
                host += b":%d" % parsed.port
            self._host = host
            target = parsed.path or b"/"
            if parsed.query is not None:
                target += b"?" + parsed.query
        gw = self._gw
        key = gw.host_key(host) if host is not None else ""
        routes = self._state.routes
        rule = (routes.internal if self._internal else routes.external).get(key)
        if rule is None:
            self._fail(404, f'no route for host "{key}"')
            return
        rev = rule.pick()
        if rev is None:
            self._fail(503, f'no revision serves host "{key}"')
            return
        if rule.rewrite_host:
            host = rule.rewrite_host.encode()

        # the request head for the instance
        out = [method, _SP, target, VERSIONS.get(parser.get_http_version()) or b" HTTP/1.1\r\n"]
        if host is not None:
            out += (_HOST, host, CRLF)
        out += self._hdrs
        xff = self._peer if self._xff is None else self._xff + b", " + self._peer
        out += (_XFF, xff, CRLF)
        if self._xfp is None:
            out.append(_XFP)
        if not self._fwd:
            out += (_FWD, gw.forwarded(xff, self._xfh, self._xfp or b"http"), CRLF)
        if self._upgrade:
            out.append(_UPGRADE)
        out.append(CRLF)
        self._out = [b"".join(out)]
        self._out_size = 0

        backend = gw.backends.get(rev) or gw.backend(rev)
        self._backend = backend
        self._arm_timer(rev)
        instances = self._state.endpoints.get(rev)
        slot = backend.acquire(instances) if instances else None
        if slot is not None:
            self._slot = slot
            conn = slot.pool.take()
            if conn is not None:
                conn.reused = True
                self._attach(conn)
            else:
                self._task = self._loop.create_task(self._connect(slot))
            return
        config = self._state.revisions.get(rev)
        if config is not None and config.failed_reason:
            self._fail(503, _failed_text(config.failed_reason, config.failed_message))
            return
        self._task = self._loop.create_task(self._hold(rev, backend))

    def on_body(self, body: bytes) -> None:
        if self._draining >= 0:
            self._draining += len(body)
            if self._draining > DRAIN_MAX:
                self.close()
            return
        if self._chunked:
            self._out += (b"%x\r\n" % len(body), body, CRLF)
        else:
            self._out.append(body)
        self._out_size += len(body)

    def on_message_complete(self) -> None:
        if not self._body_pending:
            return
        self._body_pending = False
        if self._draining >= 0:
            self.close()
        elif self._chunked:
            self._out.append(_LAST_CHUNK)

    # -- upstream side --------------------------------------------------------------------------
    def _attach(self, conn: UpstreamConnection) -> None:
        self._upstream = conn
        conn.attach(self, self._head)
        self._sent = [] if conn.reused and not self._retried else None
        self._sent_size = 0
        if self._writing_paused:
            conn.pause_reading()

    def _flush(self) -> None:
        out = self._out
        data = out[0] if len(out) == 1 else b"".join(out)
        self._out = []
        self._out_size = 0
        sent = self._sent
        if sent is not None:
            self._sent_size += len(data)
            if self._sent_size <= REPLAY_MAX:
                sent.append(data)
            else:
                self._sent = None
        self._upstream.write(data)  # type: ignore[union-attr]

    async def _connect(self, slot: Slot) -> None:
        pool = slot.pool
        try:
            _, conn = await self._loop.create_connection(lambda: UpstreamConnection(pool), pool.host, pool.port)
        except OSError as exc:
            self._task = None
            self._fail(502, _http.dial_error(pool.host, pool.port, exc))
            return
        self._task = None
        if self._closed or self._slot is not slot:  # the request ended meanwhile: keep it warm
            pool.put(conn, self._gw.epoch)
            return
        self._attach(conn)
        if self._out:
            self._flush()
        if self._reading_paused and not conn.write_paused:
            self.resume_reading()

    async def _hold(self, rev: RevisionKey, backend: RevisionBackend) -> None:
        """Wait for a ready instance of ``rev`` (scale from zero); the request's timer ends
        the wait with 504, a revision that fails meanwhile with 503."""
        gw = self._gw
        if gw.on_cold is not None:
            try:
                gw.on_cold(rev)
            except Exception:
                log.exception("activation hook failed for %s", rev)
        endpoints = self._state.endpoints
        while True:
            instances = endpoints.get(rev)
            if instances:
                # the maintenance sweep may have retired an unused backend meanwhile
                backend = self._backend = gw.backends.get(rev) or gw.backend(rev)
                slot = backend.acquire(instances)
                if slot is not None:
                    break
            config = self._state.revisions.get(rev)
            if config is not None and config.failed_reason:
                self._task = None
                self._fail(503, _failed_text(config.failed_reason, config.failed_message))
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(endpoints.wait_ready(rev), HOLD_POLL)
        self._slot = slot
        conn = slot.pool.take()
        if conn is None:
            await self._connect(slot)
            return
        self._task = None
        conn.reused = True
        self._attach(conn)
        if self._out:
            self._flush()
        if self._reading_paused and not conn.write_paused:
            self.resume_reading()

    def response_data(self, data: bytes) -> None:
        if not self._started:
            self._started = True
            self._sent = None
            if self._timer is not None and not self._idle:
                self._timer.cancel()
                self._timer = None
        if self._idle:
            self._last_write = self._loop.time()
        if not self._closed:
            self._transport.write(data)  # type: ignore[union-attr]

    def response_complete(self, conn: UpstreamConnection, keep_alive: bool) -> None:
        """The instance finished its response: give the connection back, go on with the next
        request (or close)."""
        self._upstream = None
        conn.detach()
        if keep_alive and not self._body_pending and not conn.closed:
            conn.pool.put(conn, self._gw.epoch)
        else:
            conn.close()
        self._release(abort=False)
        self._end(keep_alive)

    def upstream_lost(self, conn: UpstreamConnection, exc: BaseException | None, broken: bool = False) -> None:
        if conn is not self._upstream:
            return
        self._upstream = None
        if self._started:  # close-delimited end, or cut short: the client sees the close either way
            self._release(abort=False)
            self.close()
            return
        slot = self._slot
        if conn.reused and not self._retried and self._sent is not None and not broken and slot is not None:
            self._retried = True
            self._out[:0] = self._sent
            self._sent = None
            self._task = self._loop.create_task(self._connect(slot))
            return
        pool = conn.pool
        self._fail(502, _http.read_error(pool.host, pool.port, exc))

    def upgraded(self) -> None:
        """The instance answered 101: from now on bytes flow both ways unparsed."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # -- flow control ---------------------------------------------------------------------------
    def pause_reading(self) -> None:
        if not self._reading_paused and not self._closed:
            self._reading_paused = True
            self._transport.pause_reading()  # type: ignore[union-attr]

    def resume_reading(self) -> None:
        if self._reading_paused and not self._closed:
            self._reading_paused = False
            self._transport.resume_reading()  # type: ignore[union-attr]

    # -- ending an exchange ---------------------------------------------------------------------
    def _arm_timer(self, rev: RevisionKey) -> None:
        config = self._state.revisions.get(rev)
        if config is None:
            timeout, self._idle = DEFAULT_TIMEOUT, 0.0
        else:
            timeout = float(config.timeout_seconds)
            start = config.response_start_timeout_seconds
            if start and (not timeout or start < timeout):
                timeout = float(start)
            self._idle = float(config.idle_timeout_seconds)
        now = self._loop.time()
        self._deadline = now + timeout if timeout > 0 else 0.0
        when = self._deadline
        if self._idle:
            self._last_write = now
            when = min(when, now + self._idle) if when else now + self._idle
        self._timer = self._loop.call_at(when, self._on_timer) if when else None

    def _on_timer(self) -> None:
        self._timer = None
        now = self._loop.time()
        if not self._started and self._deadline and now >= self._deadline:
            self._fail(504, "request timeout")
            return
        if self._idle:
            if now - self._last_write >= self._idle:
                if self._started:
                    self._release(abort=True)
                    self.close()
                else:
                    self._fail(504, "request timeout")
                return
            when = self._last_write + self._idle
            if not self._started and self._deadline:
                when = min(when, self._deadline)
            self._timer = self._loop.call_at(when, self._on_timer)

    def _release(self, abort: bool) -> None:
        """Let go of everything the current exchange holds (not the client connection)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._task is not None:
            self._task.cancel()
            self._task = None
        conn = self._upstream
        if conn is not None:
            self._upstream = None
            if abort:
                conn.abort()
            else:
                conn.close()
        slot = self._slot
        if slot is not None:
            self._slot = None
            self._backend.release(slot)  # type: ignore[union-attr]

    def _fail(self, status: int, text: str) -> None:
        """Answer the current request with an error of the gateway's own."""
        self._release(abort=True)
        if self._closed:
            return
        if self._started:  # part of a response is out: only closing can signal the failure
            self.close()
            return
        self._started = True
        close = not self._keep_alive or self._body_pending or self._pipelined or self._upgraded
        self._transport.write(_http.response(status, text, close=close, head=self._head))  # type: ignore[union-attr]
        self._end(not close)

    def _end(self, keep_alive: bool) -> None:
        if self._closed:
            return
        if self._body_pending:  # answered before the body was read: read it off, then close
            self._draining = 0
            self._out = []
            self._out_size = 0
            self.resume_reading()
            return
        if keep_alive and self._keep_alive and not self._pipelined and not self._upgraded:
            self._active = False
            self._out = []
            self._out_size = 0
            if self._reading_paused:
                self.resume_reading()
        else:
            self.close()

    def _bad_request(self, exc: Exception) -> None:
        if self._pipelined:  # answer the first request, then close
            self.pause_reading()
            if not self._active:
                self.close()
            return
        if self._active:
            self._release(abort=True)
            self.close()
            return
        if not self._closed:
            self._started = True
            self._keep_alive = False
            self._transport.write(_http.response(400, f"malformed HTTP request: {exc}", close=True))  # type: ignore[union-attr]
            self.close()

    def close(self) -> None:
        if not self._closed and self._transport is not None:
            self._closed = True
            self._transport.close()
            self._gw.clients.discard(self)
            if self._active:
                self._release(abort=False)


def _failed_text(reason: str, message: str) -> str:
    return f"{reason}: {message}" if message else reason
