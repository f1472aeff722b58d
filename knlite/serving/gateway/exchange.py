"""One client connection to a gateway listener, and the request/response exchange on it.

The hot path is a chain of callbacks with no coroutine and no task: the client's bytes are
parsed by httptools; when the header block is complete the Host picks a route, the route
picks a revision, the revision's backend picks an instance, and a pooled keep-alive
connection to that instance gets the rewritten request head in the same event-loop turn
(one write per read, together with any body bytes that came with it). Request bodies are
forwarded as they are parsed — re-chunked when the client sent them chunked — and the
instance's response bytes go back to the client untouched. Only the rare paths — opening a
new upstream connection, holding a request until a revision has a ready instance — run as
a task. Everything per request is kept small on purpose (see :mod:`.server`): hosts are
resolved once per routing table, the revision's config is read once per revisions table,
deadlines are checked by the gateway's ticker rather than a timer per request.

Request headers are edited on the raw list as they arrive: hop-by-hop headers
(``Connection``, ``Keep-Alive``, ``Proxy-Connection``) and the ingress's
``Knative-Serving-Revision``/``-Namespace`` are dropped, ``X-Forwarded-For`` gets the peer
appended, ``X-Forwarded-Proto`` is set when absent, and queue-proxy's ``Forwarded`` shim is
added when absent. A route's ``rewrite_host`` replaces Host (DomainMapping).

Keep-alive holds on both sides. A client that pipelines requests gets its first answer and
then a closed connection (never a mixed-up response). Errors use queue-proxy's wording:
``504 request timeout`` when nothing was written before the revision's ``timeoutSeconds``
(or ``responseStartTimeoutSeconds``), ``502`` with the dial/read error when the instance
refused or dropped the connection, ``503`` for a revision that failed. A pooled connection
that turns out to be closed before any response byte is retried once on a fresh one: an
instance closes an idle keep-alive connection whenever it likes, and one that had read the
request would have answered it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import httptools

from knlite.serving.dataplane import RevisionKey
from knlite.serving.gateway import _http
from knlite.serving.gateway._http import CRLF, SPECIAL
from knlite.serving.gateway.backend import QUEUE_FULL, RevisionBackend, Slot
from knlite.serving.gateway.upstream import UpstreamConnection

if TYPE_CHECKING:
    from knlite.serving.gateway.server import Gateway

log = logging.getLogger(__name__)

BUFFER_MAX = 64 * 1024  # request bytes held while no upstream connection is attached
REPLAY_MAX = 64 * 1024  # request bytes kept for a retry on a fresh connection
DRAIN_MAX = 1024 * 1024  # body bytes read and dropped after an early answer, before closing
HOLD_POLL = 0.5  # how often a held request re-checks whether its revision failed

_COLON = b": "
_UPGRADE = b"Connection: Upgrade\r\n"
_LAST_CHUNK = b"0\r\n\r\n"
_HEAD_WITH_HOST = b"%s %s HTTP/%s\r\nHost: %s\r\n%s%s\r\n"
_HEAD_NO_HOST = b"%s %s HTTP/%s\r\n%s%s\r\n"

# which special request headers were seen (bits of ClientConnection._seen)
_XFF = 1
_XFP = 2
_XFH = 4
_FWD = 8
_FORWARDING = _XFF | _XFP | _XFH | _FWD
_BODY = 16
_CHUNKED = 32
_UPGRADING = 64


class _Pipelined(Exception):
    """A second request arrived before the first was answered."""


class ClientConnection(asyncio.Protocol):
    __slots__ = (
        "_active",
        "_backend",
        "_body_pending",
        "_chunked",
        "_draining",
        "_first_byte_deadline",
        "_forwarding",
        "_gw",
        "_hdrs",
        "_head",
        "_host",
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
        "_replay",
        "_retried",
        "_seen",
        "_slot",
        "_state",
        "_task",
        "_upgraded",
        "_upstream",
        "_url",
        "_version",
        "_writing_paused",
        "_xff",
        "_xfh",
        "_xfp",
        "closed",
        "deadline",
        "idle",
        "started",
        "transport",
    )

    def __init__(self, gateway: Gateway, internal: bool) -> None:
        self._gw = gateway
        self._state = gateway.state
        self._loop = gateway.loop
        self._internal = internal
        self._parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport = None  # type: ignore[assignment]  # set by connection_made
        self.closed = False
        self._peer = b""
        self._forwarding = b""  # the X-Forwarded-*/Forwarded lines for a request that has none
        self._version: bytes | None = None  # the client's HTTP version, once known
        self._reading_paused = False
        self._writing_paused = False
        self._pipelined = False
        self._upgraded = False
        # the request being parsed
        self._url = b""
        self._hdrs: list[bytes] = []
        self._host: bytes | None = None
        self._seen = 0
        self._xff = self._xfp = self._xfh = b""
        # the exchange in progress
        self._active = False
        self._body_pending = False
        self._chunked = False
        self._head = False
        self._keep_alive = True
        self._out: list[bytes] = []  # request bytes not yet written upstream
        self._out_size = 0
        self._replay: bytes | None = None  # request bytes written so far, for a retry
        self._upstream: UpstreamConnection | None = None
        self._backend: RevisionBackend | None = None
        self._slot: Slot | None = None
        self._task: asyncio.Task[None] | None = None
        self.started = False  # a response byte was written to the client
        self._retried = False
        self._draining = -1  # >= 0: body bytes dropped so far after an early answer
        self.deadline = 0.0  # when the gateway's ticker must call expired(); 0 = never
        self._first_byte_deadline = 0.0
        self.idle = 0.0  # the revision's idle timeout, when it has one
        self._last_write = 0.0

    # -- asyncio.Protocol -----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        peer = transport.get_extra_info("peername")
        self._peer = str(peer[0]).encode() if peer else b""
        self._forwarding = _http.forwarding_lines(self._peer, None, None, False)
        self._gw.clients.add(self)

    def data_received(self, data: bytes) -> None:
        if self._upgraded:  # after an Upgrade request the parser is done: bytes go through
            self._out.append(data)
            self._out_size += len(data)
        else:
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
        out = self._out
        if out:
            conn = self._upstream
            if conn is not None:
                data = out[0] if len(out) == 1 else b"".join(out)
                self._out = []
                self._out_size = 0
                replay = self._replay
                if replay is not None:
                    self._replay = replay + data if len(replay) + len(data) <= REPLAY_MAX else None
                if not conn.closed:
                    conn.transport.write(data)
            elif self._out_size > BUFFER_MAX:
                self.pause_reading()

    def eof_received(self) -> bool:
        if self._active and not self.started and not self._body_pending:
            self._keep_alive = False  # half-closed after a whole request: still answer it
            return True
        self.closed = True  # the transport closes itself now; write nothing more
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
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
    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        kind = SPECIAL.get(name.lower())
        if kind is None:
            self._hdrs += (name, _COLON, value, CRLF)
        elif kind == _http.H_HOST:
            if self._host is None:
                self._host = value
        elif kind == _http.H_CONNECTION:  # hop-by-hop: dropped, but an upgrade is kept
            if b"upgrade" in value.lower():
                self._seen |= _UPGRADING
        elif kind == _http.H_XFF:
            self._xff = self._xff + b", " + value if self._seen & _XFF else value
            self._seen |= _XFF
        elif kind != _http.H_DROP:
            self._hdrs += (name, _COLON, value, CRLF)
            if kind == _http.H_CL:
                if value.strip() != b"0":
                    self._seen |= _BODY
            elif kind == _http.H_TE:
                if b"chunked" in value.lower():
                    self._seen |= _BODY | _CHUNKED
            elif kind == _http.H_XFP:
                self._xfp = value
                self._seen |= _XFP
            elif kind == _http.H_XFH:
                self._xfh = value
                self._seen |= _XFH
            elif kind == _http.H_FORWARDED:
                self._seen |= _FWD

    def on_headers_complete(self) -> None:
        if self._active:  # pipelined: the first request is still being answered
            self._pipelined = True
            raise _Pipelined
        parser = self._parser
        # take the parsed request, leave the fields ready for the next one
        url, host, hdrs, seen = self._url, self._host, self._hdrs, self._seen
        self._url = b""
        self._host = None
        self._hdrs = []
        self._seen = 0

        self._active = True
        self.started = False
        self._retried = False
        self._keep_alive = parser.should_keep_alive()
        self._body_pending = bool(seen & _BODY)
        self._chunked = bool(seen & _CHUNKED)
        method = parser.get_method()
        self._head = method == b"HEAD"
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
            target = parsed.path or b"/"
            if parsed.query is not None:
                target += b"?" + parsed.query

        gw = self._gw
        state = self._state
        if state.routes is not gw.routes:
            gw.reset_routes()
        name, rule, backend = gw.hosts[self._internal].get(host) or gw.resolve(host, self._internal)
        if rule is None:
            self._fail(404, f'no route for host "{name}"')
            return
        if backend is None:  # a split: one weighted choice per request (a single target is cached)
            rev = rule.pick()
            if rev is None:
                self._fail(503, f'no revision serves host "{name}"')
                return
            backend = gw.backends.get(rev) or gw.backend(rev)
        if rule.rewrite_host:
            host = rule.rewrite_host.encode()

        # the request head for the instance
        version = self._version
        if version is None:
            version = self._version = parser.get_http_version().encode()
        if seen & _FORWARDING:
            xff = self._xff + b", " + self._peer if seen & _XFF else self._peer
            forwarding = gw.forwarding(xff, self._xfp if seen & _XFP else None, self._xfh if seen & _XFH else None,
                                       bool(seen & _FWD))
        else:
            forwarding = self._forwarding
        if seen & _UPGRADING:
            forwarding += _UPGRADE
        if host is not None:
            head = _HEAD_WITH_HOST % (method, target, version, host, b"".join(hdrs), forwarding)
        else:
            head = _HEAD_NO_HOST % (method, target, version, b"".join(hdrs), forwarding)
        self._out = [head]
        self._out_size = 0

        self._backend = backend
        revisions = state.revisions
        if backend.revisions is not revisions:
            backend.revisions = revisions
            backend.configure(revisions.get(backend.key))
        timeout = backend.timeout
        idle = self.idle = backend.idle_timeout
        if timeout > 0 or idle:
            now = self._loop.time()
            self._first_byte_deadline = deadline = now + timeout if timeout > 0 else 0.0
            if idle:
                self._last_write = now
                deadline = min(deadline, now + idle) if deadline else now + idle
            self.deadline = deadline

        slot = backend.acquire()
        if slot is not None:
            self._slot = slot
            conn = slot.pool.take()
            if conn is not None:
                conn.reused = True
                self._attach(conn)
            else:
                self._task = self._loop.create_task(self._connect(slot))
        elif backend.failed:
            self._fail(503, backend.failed)
        elif backend.queue_full():
            self._fail(503, QUEUE_FULL)
        else:
            self._task = self._loop.create_task(self._hold(backend.key))

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
        self._replay = b"" if conn.reused and not self._retried else None
        if self._writing_paused:
            conn.pause_reading()

    def _send_pending(self, conn: UpstreamConnection) -> None:
        """After attaching outside of data_received: write what was held, read on."""
        out = self._out
        if out:
            data = b"".join(out)
            self._out = []
            self._out_size = 0
            if self._replay is not None:
                self._replay = data if len(data) <= REPLAY_MAX else None
            conn.write(data)
        if self._reading_paused and not conn.write_paused:
            self.resume_reading()

    async def _connect(self, slot: Slot) -> None:
        pool = slot.pool
        try:
            _, conn = await self._loop.create_connection(lambda: UpstreamConnection(pool), pool.host, pool.port)
        except OSError as exc:
            self._task = None
            self._fail(502, _http.dial_error(pool.host, pool.port, exc))
            return
        self._task = None
        if self.closed or self._slot is not slot:  # the request ended meanwhile: keep it warm
            pool.put(conn, self._gw.epoch)
            return
        self._attach(conn)
        self._send_pending(conn)

    async def _hold(self, rev: RevisionKey) -> None:
        """Wait for a ready instance of ``rev`` (scale from zero) or a free slot. The gateway's
        ticker ends the wait with 504 at the request's deadline; a revision that fails
        meanwhile ends it with 503. (The backend hears of new instances from the gateway's
        subscription to ``state.endpoints``, the same news ``Endpoints.wait_ready`` gives.)"""
        gw = self._gw
        if gw.on_cold is not None and not self._backend.instances:  # type: ignore[union-attr]
            try:
                gw.on_cold(rev)
            except Exception:
                log.exception("activation hook failed for %s", rev)
        state = self._state
        while True:
            # (the backend may have been retired while unused: get it anew each time)
            backend = self._backend = gw.backends.get(rev) or gw.backend(rev)
            slot = backend.acquire()
            if slot is not None:
                break
            revisions = state.revisions
            if backend.revisions is not revisions:
                backend.revisions = revisions
                backend.configure(revisions.get(rev))
            if backend.failed:
                self._task = None
                self._fail(503, backend.failed)
                return
            await backend.wait(HOLD_POLL)
        self._slot = slot
        conn = slot.pool.take()
        if conn is None:
            await self._connect(slot)
            return
        self._task = None
        conn.reused = True
        self._attach(conn)
        self._send_pending(conn)

    def response_started(self) -> None:
        """A response byte is about to be written (called for every write when the revision
        has an idle timeout)."""
        if not self.started:
            self.started = True
            self._replay = None
            if not self.idle:
                self.deadline = 0.0
                return
        self._last_write = self._loop.time()

    def response_complete(self, conn: UpstreamConnection) -> None:
        """The instance finished its response: give the connection back, go on with the next
        request (or close)."""
        self._upstream = None
        conn.detach()
        keep_alive = conn.keep_alive
        if keep_alive and not self._body_pending and not conn.closed:
            conn.pool.put(conn, self._gw.epoch)
        else:
            conn.close()
        self.deadline = 0.0
        slot = self._slot
        if slot is not None:
            self._slot = None
            self._backend.release(slot)  # type: ignore[union-attr]
        if keep_alive and self._keep_alive and not (self._body_pending or self._pipelined or self._upgraded
                                                    or self.closed):
            self._active = False  # ready for the next request (the common case of _end)
            if self._reading_paused:
                self.resume_reading()
        else:
            self._end(keep_alive)

    def upstream_lost(self, conn: UpstreamConnection, exc: BaseException | None, broken: bool = False) -> None:
        if conn is not self._upstream:
            return
        self._upstream = None
        if self.started:  # close-delimited end, or cut short: the client sees the close either way
            self._release(abort=False)
            self.close()
            return
        slot = self._slot
        if conn.reused and not self._retried and self._replay is not None and not broken and slot is not None:
            self._retried = True
            self._out.insert(0, self._replay)
            self._out_size += len(self._replay)
            self._replay = None
            self._task = self._loop.create_task(self._connect(slot))
            return
        pool = conn.pool
        self._fail(502, _http.read_error(pool.host, pool.port, exc))

    def upgraded(self) -> None:
        """The instance answered 101: from now on bytes flow both ways unparsed."""
        self.deadline = 0.0
        self.idle = 0.0
        if self._out and self._upstream is not None:
            self._send_pending(self._upstream)

    # -- flow control ---------------------------------------------------------------------------
    def pause_reading(self) -> None:
        if not self._reading_paused and not self.closed:
            self._reading_paused = True
            self.transport.pause_reading()

    def resume_reading(self) -> None:
        if self._reading_paused and not self.closed:
            self._reading_paused = False
            self.transport.resume_reading()

    # -- ending an exchange ---------------------------------------------------------------------
    def expired(self, now: float) -> None:
        """Called by the gateway's ticker once ``deadline`` has passed."""
        self.deadline = 0.0
        if not self._active:
            return
        first_byte = self._first_byte_deadline
        if not self.started and first_byte and now >= first_byte:
            self._fail(504, "request timeout")
            return
        if self.idle:
            if now - self._last_write >= self.idle:
                if self.started:  # idle mid-response: nothing can be said any more, cut it
                    self._release(abort=True)
                    self.close()
                else:
                    self._fail(504, "request timeout")
                return
            deadline = self._last_write + self.idle
            if not self.started and first_byte:
                deadline = min(deadline, first_byte)
            self.deadline = deadline
        elif not self.started:
            self.deadline = first_byte

    def _release(self, abort: bool) -> None:
        """Let go of everything the current exchange holds (not the client connection)."""
        self.deadline = 0.0
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
        if self.closed:
            return
        if self.started:  # part of a response is out: only closing can signal the failure
            self.close()
            return
        self.started = True
        close = not self._keep_alive or self._body_pending or self._pipelined or self._upgraded
        self.transport.write(_http.response(status, text, close=close, head=self._head))
        self._end(not close)

    def _end(self, keep_alive: bool) -> None:
        if self.closed:
            return
        if self._body_pending:  # answered before the body was read: read it off, then close
            self._draining = 0
            self._out = []
            self._out_size = 0
            self.resume_reading()
        elif keep_alive and self._keep_alive and not self._pipelined and not self._upgraded:
            self._active = False
            if self._out:
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
        if isinstance(exc, httptools.HttpParserCallbackError):  # a bug of ours, not the client's
            log.error("gateway: request handling failed", exc_info=exc.__context__ or exc)
        if self._active:
            self._release(abort=True)
            self.close()
            return
        if not self.closed:
            self.started = True
            self._keep_alive = False
            self.transport.write(_http.response(400, f"malformed HTTP request: {exc}", close=True))
            self.close()

    def close(self) -> None:
        if not self.closed and self.transport is not None:
            self.closed = True
            self.transport.close()
            self._gw.clients.discard(self)
            if self._active:
                self._release(abort=False)
