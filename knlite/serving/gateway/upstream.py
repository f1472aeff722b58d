"""One keep-alive connection from the gateway to an instance.

Responses are passed through unchanged (as queue-proxy does), so the bytes an instance sends
are written to the client as they arrive, and the response parser only watches them go by to
find where the response ends: then the connection goes back to its pool (or is closed when
the instance asked for that, or the response was close-delimited). Only the end of the
message is reported by the parser, one callback per response. llhttp cannot be told that
a response answers a HEAD request, so for those a parser that stops at the end of the
header block is swapped in for the one response.

Flow control is symmetric: while this connection's write buffer is full the client is not
read, and while the client's write buffer is full this connection is not read.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httptools

from knlite.serving.gateway.backend import UpstreamPool

if TYPE_CHECKING:
    from knlite.serving.gateway.exchange import ClientConnection


class UpstreamConnection(asyncio.Protocol):
    __slots__ = (
        "client",
        "closed",
        "done",
        "epoch",
        "head",
        "keep_alive",
        "parser",
        "pool",
        "reading_paused",
        "reused",
        "transport",
        "tunnel",
        "write_paused",
    )

    def __init__(self, pool: UpstreamPool) -> None:
        self.pool = pool
        self.transport: asyncio.Transport = None  # type: ignore[assignment]  # set by connection_made
        self.parser = httptools.HttpResponseParser(self)
        self.client: ClientConnection | None = None
        self.closed = False
        self.reused = False  # taken from the pool (may have been closed by the app meanwhile)
        self.head = False  # the current request is HEAD
        self.done = False  # the current response is complete
        self.keep_alive = False  # ... and allows the connection to be reused
        self.epoch = 0
        self.reading_paused = False
        self.write_paused = False
        self.tunnel = False  # after 101 Switching Protocols: bytes both ways, no parsing

    # -- asyncio.Protocol -----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        client = self.client
        if client is None:  # unsolicited bytes on an idle connection: not reusable
            self.close()
            return
        if not client.started or client.idle:
            client.response_started()
        if not client.closed:
            client.transport.write(data)
        if self.tunnel:
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self.parser.get_status_code() == 101:
                self.tunnel = True
                client.upgraded()
                return
            self.done = True  # an upgrade answer without 101: treat it as the end
        except httptools.HttpParserError:
            client.upstream_lost(self, None, broken=True)
            self.close()
            return
        if self.done:
            self.done = False
            client.response_complete(self)

    def eof_received(self) -> bool:
        self.closed = True  # the transport closes itself now: not reusable, write nothing more
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        client = self.client
        if client is not None:
            self.client = None
            client.upstream_lost(self, exc)
        else:
            self.pool.discard(self)

    def pause_writing(self) -> None:
        self.write_paused = True
        if self.client is not None:
            self.client.pause_reading()

    def resume_writing(self) -> None:
        self.write_paused = False
        if self.client is not None:
            self.client.resume_reading()

    # -- httptools callback ---------------------------------------------------------------------
    def on_message_complete(self) -> None:
        if self.parser.get_status_code() >= 200:  # 1xx are interim: the response goes on
            self.keep_alive = self.parser.should_keep_alive()
            self.done = True

    # -- gateway side ---------------------------------------------------------------------------
    def attach(self, client: ClientConnection, head: bool) -> None:
        self.client = client
        if head:
            self.head = True
            self.parser = httptools.HttpResponseParser(_HeadResponse(self))

    def detach(self) -> None:
        """The response is complete: ready for the pool."""
        self.client = None
        if self.head:
            self.head = False
            self.parser = httptools.HttpResponseParser(self)
        if self.reading_paused:
            self.reading_paused = False
            if not self.closed:
                self.transport.resume_reading()

    def pause_reading(self) -> None:
        if not self.reading_paused and not self.closed:
            self.reading_paused = True
            self.transport.pause_reading()

    def resume_reading(self) -> None:
        if self.reading_paused and not self.closed:
            self.reading_paused = False
            self.transport.resume_reading()

    def write(self, data: bytes) -> None:
        if not self.closed:
            self.transport.write(data)

    def close(self) -> None:
        self.closed = True
        self.client = None
        if self.transport is not None:
            self.transport.close()

    def abort(self) -> None:
        self.closed = True
        self.client = None
        if self.transport is not None:
            self.transport.abort()


class _HeadResponse:
    """Parser callbacks for the answer to a HEAD request: it ends with its header block."""

    __slots__ = ("conn",)

    def __init__(self, conn: UpstreamConnection) -> None:
        self.conn = conn

    def on_headers_complete(self) -> None:
        conn = self.conn
        if conn.parser.get_status_code() >= 200:
            conn.keep_alive = conn.parser.should_keep_alive()
            conn.done = True
