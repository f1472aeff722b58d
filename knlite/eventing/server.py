"""The eventing server: the HTTP face of the broker ingress, broker filter and channels.

One small aiohttp server on a loopback port behind the internal gateway, which routes the
eventing hosts (``broker-ingress.knative-eventing.svc.cluster.local``, the filter, every
channel's ``{name}-kn-channel`` host) to it. Requests are dispatched by Host to
:class:`~knlite.eventing.handlers.EventingHandlers`; bodies over 3 MiB are refused with 413.
"""

from __future__ import annotations

from aiohttp import web

from knlite.eventing.handlers import EventingHandlers
from knlite.eventing.transport import FILTER_HOSTS, INGRESS_HOSTS

MAX_EVENT = 3 * 1024 * 1024


class EventingServer:
    def __init__(self, handlers: EventingHandlers) -> None:
        self.handlers = handlers
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        host = request.headers.get("Host", "").split(":")[0].lower()
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="request entity too large\n")
        h = self.handlers
        headers = request.headers
        if host in INGRESS_HOSTS:
            resp = await h.broker_ingress(request.method, request.path, headers, body)
        elif host in FILTER_HOSTS:
            resp = await h.broker_filter(request.method, request.path, headers, body)
        else:
            resp = await h.channel(request.method, host, request.path, headers, body)
        out = web.Response(status=resp.status, body=resp.body)
        for k, v in resp.headers.items():
            out.headers[k] = v
        return out

    async def start(self, host: str = "127.0.0.1") -> int:
        app = web.Application(client_max_size=MAX_EVENT)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, 0)
        await site.start()
        sockets = getattr(site._server, "sockets", None)  # the port bound for port 0
        assert sockets
        self.port = int(sockets[0].getsockname()[1])
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
