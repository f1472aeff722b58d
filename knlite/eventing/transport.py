"""How the dispatcher reaches a URL: in-process for eventing hosts, the gateway for the rest.

Knative's dispatchers speak HTTP to everything. knlite keeps the HTTP semantics but skips
the loopback hop where both ends live in the daemon: a delivery to the broker ingress, the
broker filter or a channel's address calls the same handler the eventing server would.
Cluster-local names (``*.svc.cluster.local`` and friends) go through the internal gateway, so
a sink that is a Knative Service gets the gateway's routing, breakers and scale-from-zero;
any other URL is sent as is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from knlite.eventing.dataplane import BROKER_FILTER_HOST, BROKER_INGRESS_HOST
from knlite.eventing.delivery import Response, Transport, TransportError

if TYPE_CHECKING:
    from knlite.eventing.handlers import EventingHandlers

INGRESS_HOSTS = frozenset({BROKER_INGRESS_HOST, "broker-ingress.knative-eventing.svc", "broker-ingress.knative-eventing"})
FILTER_HOSTS = frozenset({BROKER_FILTER_HOST, "broker-filter.knative-eventing.svc", "broker-filter.knative-eventing"})


def is_cluster_local(host: str) -> bool:
    return host.endswith((".svc.cluster.local", ".svc")) or host.count(".") == 1


class LocalTransport:
    def __init__(self, http: Transport, gateway_port: int) -> None:
        self.http = http
        self.gateway_port = gateway_port
        self.handlers: EventingHandlers | None = None

    async def send(self, url: str, headers: Mapping[str, str], body: bytes, timeout: float | None) -> Response:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        path = parts.path or "/"
        h = self.handlers
        if h is not None:
            call = None
            if host in INGRESS_HOSTS:
                call = h.broker_ingress("POST", path, headers, body)
            elif host in FILTER_HOSTS:
                call = h.broker_filter("POST", path, headers, body)
            elif host in h.state.channel_hosts or host in h.hosts:
                call = h.channel("POST", host, path, headers, body)
            if call is not None:
                try:
                    return await asyncio.wait_for(call, timeout) if timeout else await call
                except TimeoutError as e:
                    raise TransportError(
                        f'Post "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
                    ) from e
        if is_cluster_local(host):
            target = f"http://127.0.0.1:{self.gateway_port}{path}" + (f"?{parts.query}" if parts.query else "")
            fwd = dict(headers)
            fwd["Host"] = parts.netloc
            try:
                return await self.http.send(target, fwd, body, timeout)
            except TransportError as e:
                raise TransportError(str(e).replace(target, url)) from e
        return await self.http.send(url, headers, body, timeout)
