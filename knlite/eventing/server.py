"""The eventing server: the HTTP face of the broker ingress, broker filter and channels.

One small HTTP/1.1 server on a loopback port behind the internal gateway, which routes the
eventing hosts (``broker-ingress.knative-eventing.svc.cluster.local``, the filter, every
channel's ``{name}-kn-channel`` host) to it. Requests are dispatched by Host to
:class:`~knlite.eventing.handlers.EventingHandlers`. It is built on the same minimal
asyncio + httptools server as the sample apps rather than aiohttp's, because every event
crosses it: the framework's per-request cost would halve the broker's throughput. Bodies
over 3 MiB are refused with 413.
"""

from __future__ import annotations

import asyncio

from multidict import CIMultiDict

from knlite.eventing.handlers import EventingHandlers
from knlite.eventing.sources.gitlab import GitLabReceivers
from knlite.eventing.transport import FILTER_HOSTS, INGRESS_HOSTS
from knlite.samples import _http

MAX_EVENT = 3 * 1024 * 1024


class EventingServer:
    def __init__(self, handlers: EventingHandlers, sources: GitLabReceivers | None = None) -> None:
        self.handlers = handlers
        self.sources = sources
        self.port = 0
        self._server: asyncio.Server | None = None
        self._state = _http._Server(MAX_EVENT)

    async def _handle(self, request: _http.Request) -> _http.Response:
        headers = CIMultiDict(request.headers)
        host = headers.get("Host", "").split(":")[0].lower()
        h = self.handlers
        if host in INGRESS_HOSTS:
            resp = await h.broker_ingress(request.method, request.path, headers, request.body)
        elif host in FILTER_HOSTS:
            resp = await h.broker_filter(request.method, request.path, headers, request.body)
        elif self.sources is not None and self.sources.handles(host):
            resp = await self.sources.handle(request.method, host, request.path, headers, request.body)
        else:
            resp = await h.channel(request.method, host, request.path, headers, request.body)
        return resp.status, list(resp.headers.items()), resp.body

    async def start(self, host: str = "127.0.0.1") -> int:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _http._Connection(self._handle, self._state), host, 0,
                                                backlog=1024)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._state.closing = True
            self._server.close()
            for conn in list(self._state.connections):
                conn.close_if_idle()
