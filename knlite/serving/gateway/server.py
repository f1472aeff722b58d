"""The gateway: knlite's ingress, the Envoy/Kourier of a Knative cluster, on two listeners.

The external listener answers the hosts of ``state.routes.external``
(``{svc}.{ns}.{domain}``, tag hosts, DomainMapping hosts); the internal one answers
``state.routes.internal`` (the cluster-local names and a twin of every external rule), and
also accepts absolute-form request targets because instances reach it as their HTTP proxy.
Each request is routed by Host to a weighted choice of revisions and forwarded to one of the
chosen revision's ready instances; see :mod:`.exchange` for the request path.

Why protocol level: every request to a Knative Service crosses this hop, so its cost is the
platform's overhead. On this 2-core machine aiohttp's client and server used as a proxy cost
~320 µs of CPU per request — ten times nginx's ~23 µs — while a splice proxy written on
asyncio Protocols with httptools (uvloop in the daemon) costs ~37 µs. So the hop is written
as the latter: parse the request, rewrite its head on the raw header list, and forward body
and response bytes over pooled keep-alive connections without building request objects.
``bench/gateway.py`` measures it against nginx and against the instance itself.

The gateway never reads the store: it reads the snapshots in :class:`DataPlaneState` on
every request, which reconcilers swap as a whole.
"""

from __future__ import annotations

import asyncio
import logging

from knlite.serving.dataplane import ActivationHook, DataPlaneState, RevisionKey, RouteRule
from knlite.serving.gateway import _http
from knlite.serving.gateway.backend import RevisionBackend
from knlite.serving.gateway.exchange import ClientConnection

log = logging.getLogger(__name__)

TICK_SECONDS = 0.1  # how often request deadlines are checked (timeouts are in whole seconds)
SWEEP_TICKS = 50  # every 5 s: age idle upstream connections, retire unused backends
IDLE_SWEEPS = 6  # pooled connections idle this many sweeps (~30 s) are closed
_CACHE_MAX = 4096

_Route = tuple[str, RouteRule | None, RevisionBackend | None]
_HostCache = dict[bytes | None, _Route]


class Gateway:
    """External and internal HTTP listeners routing by Host to revisions' instances.

    ``on_cold`` is called (once per held request) when a request finds its revision with no
    ready instance; the request then waits for ``state.endpoints`` to report one, up to the
    revision's timeout.
    """

    def __init__(self, state: DataPlaneState, on_cold: ActivationHook | None = None) -> None:
        self.state = state
        self.on_cold = on_cold
        self.backends: dict[RevisionKey, RevisionBackend] = {}
        self.clients: set[ClientConnection] = set()
        self.epoch = 0
        self.external_port = 0
        self.internal_port = 0
        self.loop: asyncio.AbstractEventLoop = None  # type: ignore[assignment]  # set by start()
        # Host header bytes → (host key, rule) for the routing table in ``routes``
        self.routes: object = None
        self.hosts: tuple[_HostCache, _HostCache] = ({}, {})  # [internal]: external, internal listener
        self._servers: list[asyncio.Server] = []
        self._ticker: asyncio.TimerHandle | None = None
        self._ticks = 0
        self._forwarding: dict[tuple[bytes, bytes | None, bytes | None, bool], bytes] = {}
        self._subscribed = False
        self._running = False

    async def start(self, host: str, external_port: int, internal_port: int) -> None:
        """Listen on both ports (0 picks a free one; the bound ports are then in
        ``external_port`` and ``internal_port``)."""
        self.loop = asyncio.get_running_loop()
        self._running = True
        try:
            ext = await self.loop.create_server(lambda: ClientConnection(self, False), host, external_port,
                                                backlog=1024, reuse_address=True)
            self._servers.append(ext)
            internal = await self.loop.create_server(lambda: ClientConnection(self, True), host, internal_port,
                                                     backlog=1024, reuse_address=True)
            self._servers.append(internal)
        except BaseException:
            await self.stop()
            raise
        self.external_port = ext.sockets[0].getsockname()[1]
        self.internal_port = internal.sockets[0].getsockname()[1]
        if not self._subscribed:
            self.state.endpoints.subscribe(self._on_endpoints)
            self._subscribed = True
        self._ticker = self.loop.call_later(TICK_SECONDS, self._tick)
        log.info("gateway listening on %s:%d (external) and %s:%d (internal)",
                 host, self.external_port, host, self.internal_port)

    async def stop(self) -> None:
        """Stop listening, close every client and upstream connection."""
        self._running = False
        for server in self._servers:
            server.close()
        for client in list(self.clients):
            client.close()
        for backend in self.backends.values():
            backend.close()
        self.backends.clear()
        self.hosts = ({}, {})
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        for server in self._servers:
            await server.wait_closed()
        self._servers.clear()

    # -- used by the request path ---------------------------------------------------------------
    def backend(self, key: RevisionKey) -> RevisionBackend:
        """The revision's backend (capacity, load balancing, connection pools), made on first use."""
        backend = self.backends.get(key)
        if backend is None:
            backend = self.backends[key] = RevisionBackend(key)
            backend.update(self.state.endpoints.get(key))
        return backend

    def reset_routes(self) -> None:
        """A new routing table was published: forget the hosts resolved against the old one."""
        self.routes = self.state.routes
        self.hosts = ({}, {})

    def resolve(self, raw: bytes | None, internal: bool) -> _Route:
        """The route for a Host header (None: no Host), remembered until the table changes:
        the host key, the rule, and the backend when the rule has a single target."""
        cache = self.hosts[internal]
        if len(cache) >= _CACHE_MAX:
            cache.clear()
        routes = self.state.routes
        key = _http.host_key(raw) if raw is not None else ""
        rule = (routes.internal if internal else routes.external).get(key)
        backend = self.backend(rule.splits[0].revision) if rule is not None and len(rule.splits) == 1 else None
        entry = cache[raw] = (key, rule, backend)
        return entry

    def forwarding(self, xff: bytes, xfp: bytes | None, xfh: bytes | None, forwarded: bool) -> bytes:
        """The forwarding header lines for a request that came with some of its own."""
        key = (xff, xfp, xfh, forwarded)
        lines = self._forwarding.get(key)
        if lines is None:
            if len(self._forwarding) >= _CACHE_MAX:
                self._forwarding.clear()
            lines = self._forwarding[key] = _http.forwarding_lines(xff, xfp, xfh, forwarded)
        return lines

    # -- housekeeping ---------------------------------------------------------------------------
    def _on_endpoints(self, key: RevisionKey) -> None:
        backend = self.backends.get(key)
        if backend is not None and self._running:
            backend.update(self.state.endpoints.get(key))

    def _tick(self) -> None:
        """Request deadlines, checked for all connections at once: cheaper than a timer armed
        and cancelled per request, and precise enough for timeouts given in seconds."""
        self._ticker = self.loop.call_later(TICK_SECONDS, self._tick)
        now = self.loop.time()
        due = [c for c in self.clients if 0.0 < c.deadline <= now]
        for client in due:
            try:
                client.expired(now)
            except Exception:
                log.exception("gateway: ending an expired request failed")
                client.close()
        self._ticks += 1
        if self._ticks % SWEEP_TICKS == 0:
            try:
                self._sweep()
            except Exception:
                log.exception("gateway: sweep failed")

    def _sweep(self) -> None:
        self.epoch += 1
        revisions = self.state.revisions
        endpoints = self.state.endpoints
        retired = False
        for key, backend in list(self.backends.items()):
            if key not in revisions and not backend.in_flight and not backend.waiting and not endpoints.get(key):
                backend.close()
                del self.backends[key]
                retired = True
            else:
                backend.expire_idle(self.epoch - IDLE_SWEEPS)
        if retired:  # resolved hosts may refer to a retired backend
            self.reset_routes()
