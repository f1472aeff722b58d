"""One keep-alive connection from the gateway to an instance.

Responses are passed through unchanged (as queue-proxy does), so the bytes an instance sends
are written to the client as they arrive, and the response parser only watches them go by to
find where the response ends: then the connection goes back to its pool (or is closed when
the instance asked for that, or the response was close-delimited). llhttp cannot be told
that a response answers a HEAD request, so for those the end of the header block is the end
of the response and the parser is replaced.

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
        "parser",
        "pool",
        "reading_paused",
        "responded",
        "reused",
        "status",
        "transport",
        "tunnel",
        "write_paused",
    )

    def __init__(self, pool: UpstreamPool) -> None:
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.client: ClientConnection | None = None
        self.closed = False
        self.reused = False  # taken from the pool (may have been closed by the app meanwhile)
        self.head = False  # the current request is HEAD
        self.responded = False  # a byte of the current response arrived
        self.done = False
        self.status = 0
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
        self.responded = True
        client.response_data(data)
        if self.tunnel:
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self.status == 101:
                self.tunnel = True
                client.upgraded()
                return
            self.done = True  # an upgrade answer without 101: treat as the end
        except httptools.HttpParserError:
            client.upstream_lost(self, None, broken=True)
            self.close()
            return
        if self.done:
            self.done = False
            keep_alive = self.parser.should_keep_alive()
            if self.head:
                self.parser = httptools.HttpResponseParser(self)
            client.response_complete(self, keep_alive)

    def eof_received(self) -> bool:
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

    # -- httptools callbacks --------------------------------------------------------------------
    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        self.status = status
        if self.head and status >= 200:
            self.done = True

    def on_message_complete(self) -> None:
        if self.status >= 200 and not self.head:
            self.done = True

    # -- gateway side ---------------------------------------------------------------------------
    def attach(self, client: ClientConnection, head: bool) -> None:
        self.client = client
        self.head = head
        self.responded = False
        self.status = 0

    def detach(self) -> None:
        self.client = None
        if self.reading_paused and self.transport is not None:
            self.reading_paused = False
            self.transport.resume_reading()

    def pause_reading(self) -> None:
        if not self.reading_paused and self.transport is not None:
            self.reading_paused = True
            self.transport.pause_reading()

    def resume_reading(self) -> None:
        if self.reading_paused and self.transport is not None:
            self.reading_paused = False
            self.transport.resume_reading()

    def write(self, data: bytes) -> None:
        if self.transport is not None:
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
