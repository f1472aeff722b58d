"""The eventing data plane's HTTP endpoints: broker ingress, broker filter, channel receivers.

These are Knative's ``broker-ingress``, ``broker-filter`` and ``imc-dispatcher`` receivers,
with their answers (``pkg/broker/ingress``, ``pkg/broker/filter``, ``pkg/channel``):

* ingress ``POST /{ns}/{broker}``: validate, stamp ``knativearrivaltime``, count down
  ``knativebrokerttl`` (the reply-loop guard), forward once to the trigger channel, answer
  with the channel's status (202); 404 for an unknown broker, 405 for other methods;
* filter ``POST /triggers/{ns}/{trigger}/{uid}``: strip the TTL, apply the trigger's filter
  (no match → 200, nothing delivered), deliver once to the subscriber and turn its answer
  into the dispatcher's (same status; a reply event gets the TTL back; a non-event body
  → 502);
* channel ``POST`` to a channel's host: validate, hand to the channel's backend, 202.

Each handler is an ``async`` function from (method, path, headers, body) to a
:class:`~knlite.eventing.delivery.Response`, so the same code serves real HTTP requests (the
eventing server) and in-process hops (the dispatcher's transport) alike.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from knlite.eventing import cloudevents as ce
from knlite.eventing.dataplane import ChannelInfo, EventingState
from knlite.eventing.delivery import (
    ErrorSource,
    Response,
    Transport,
    TransportError,
    filter_error_body,
    passthrough_headers,
)

log = logging.getLogger(__name__)

TTL_EXTENSION = "knativebrokerttl"
ARRIVAL_EXTENSION = "knativearrivaltime"
MAX_TTL = 255
ALLOW = {"Allow": "POST, OPTIONS"}
WEBHOOK = {"WebHook-Allowed-Origin": "*", "WebHook-Allowed-Rate": "*", **ALLOW}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}


class ChannelBackend(Protocol):
    """A channel implementation's data plane: accept an event for a channel.

    ``publish`` returns once the channel has taken the event (for durable backends: once it
    is durably written), raising :class:`ChannelUnavailable` if it cannot take it.
    """

    async def publish(self, channel: ChannelInfo, event: Any, headers: Mapping[str, str]) -> None:
        """``headers``: the passthrough headers of the request that brought the event."""


class ChannelUnavailable(Exception):
    """The channel cannot take the event now; ``status`` is what its receiver answers (500, or 503)."""

    def __init__(self, message: str, status: int = 500) -> None:
        super().__init__(message)
        self.status = status


HostHandler = Callable[[str, str, Mapping[str, str], bytes], Awaitable[Response]]


def _text(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return Response(status, {**TEXT, **(headers or {})}, (message + "\n").encode() if message else b"")


def _now_rfc3339nano() -> str:
    """Go's RFC3339Nano in UTC: trailing zeros of the fraction (and a bare dot) omitted."""
    t = datetime.now(UTC)
    frac = f"{t.microsecond:06d}".rstrip("0")
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"


def _ttl(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        return None


class EventingHandlers:
    def __init__(self, state: EventingState, backends: Mapping[str, ChannelBackend], transport: Transport,
                 on_event: Callable[[str, str, str, Any], None] | None = None) -> None:
        self.state = state
        self.backends = backends
        self.transport = transport
        self.on_event = on_event  # (kind "Broker"|"InMemoryChannel", namespace, name, event): EventType registry
        # receivers of other hosts (e.g. the Kafka broker's ingress): (method, path, headers, body) → response
        self.hosts: dict[str, HostHandler] = {}

    # -- broker ingress --------------------------------------------------------------------
    async def broker_ingress(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Response:
        if method == "OPTIONS":
            return Response(200, WEBHOOK)
        if method != "POST":
            return _text(405, "method not allowed", ALLOW)
        if path == "/":
            return _text(404, "not found", ALLOW)
        parts = path.rstrip("/").split("/")
        if len(parts) != 3 or parts[0] != "":
            return _text(400, f"malformed path: {path}", ALLOW)
        ns, name = parts[1], parts[2]
        try:
            event = ce.parse(headers, body)
        except ce.EventError as e:
            return _text(400, str(e), ALLOW)
        broker = self.state.brokers.get((ns, name))
        if broker is None:
            return _text(404, f'broker "{ns}/{name}" not found', ALLOW)
        ce.set_extension(event, ARRIVAL_EXTENSION, _now_rfc3339nano())
        ttl = _ttl(ce.get_attr(event, TTL_EXTENSION))
        ttl = MAX_TTL if ttl is None else max(ttl - 1, 0)
        if ttl <= 0:
            return _text(400, f"dropped event: {TTL_EXTENSION} reached 0", ALLOW)
        ce.set_extension(event, TTL_EXTENSION, ttl)
        if not broker.channel_url:
            return _text(400, f'broker "{ns}/{name}" has no channel address', ALLOW)
        passthrough = passthrough_headers(headers)
        local = self._local_channel(broker.channel_url)
        if local is not None:  # the trigger channel lives here: hand the event over, no re-encoding
            resp = await self._publish(local, event, passthrough)
        else:
            out_headers, out_body = ce.to_binary(event)
            out_headers.update(passthrough)
            out_headers["Prefer"] = "reply"
            try:
                resp = await self.transport.send(broker.channel_url, out_headers, out_body, None)
            except TransportError as e:
                return _text(500, str(e), ALLOW)
        if self.on_event is not None:
            self.on_event("Broker", ns, name, event)
        return Response(resp.status, ALLOW, b"")

    # -- broker filter -----------------------------------------------------------------------
    async def broker_filter(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Response:
        if method != "POST":
            return _text(405, "method not allowed")
        parts = path.rstrip("/").split("/")
        if len(parts) != 5 or parts[1] != "triggers":
            return _text(400, f"invalid path: {path}")
        ns, name, uid = parts[2], parts[3], parts[4]
        trigger = self.state.triggers.get((ns, name))
        if trigger is None or trigger.uid != uid:
            return _text(400, f'trigger "{ns}/{name}" with uid {uid} not found')
        try:
            event = ce.parse(headers, body)
        except ce.EventError as e:
            return _text(400, str(e))
        attrs = ce.attributes(event)
        if TTL_EXTENSION not in attrs:
            return _text(400, f"event has no {TTL_EXTENSION}")
        ttl = attrs[TTL_EXTENSION]
        ce.set_extension(event, TTL_EXTENSION, None)  # the filter strips the TTL before delivering
        attrs.pop(TTL_EXTENSION, None)
        if not trigger.matches(attrs):
            return Response(200, {}, b"")
        if not trigger.subscriber_uri:
            return _text(400, "trigger has no subscriber URI")
        out_headers, out_body = ce.to_binary(event)
        out_headers.update(passthrough_headers(headers))
        out_headers["Kn-Namespace"] = ns
        out_headers["Prefer"] = "reply"
        try:
            resp = await self.transport.send(trigger.subscriber_uri, out_headers, out_body, None)
        except TransportError as e:
            # Knative's filter answers 500 without its error envelope: the dead letter gets no error extensions
            return _text(500, str(e))
        passthrough = passthrough_headers(resp.headers)
        if not 200 <= resp.status < 300:
            return Response(resp.status, {"Content-Type": "application/json", **passthrough},
                            filter_error_body(trigger.subscriber_uri, resp.body),
                            ErrorSource(trigger.subscriber_uri, resp.body))
        if ce.is_event_response(resp.headers, resp.body):
            try:
                reply = ce.parse(resp.headers, resp.body)
            except ce.EventError as e:
                return _text(502, f"failed to parse the subscriber's reply: {e}")
            ce.set_extension(reply, TTL_EXTENSION, ttl)
            reply_headers, reply_body = ce.to_binary(reply)
            return Response(resp.status, {**passthrough, **reply_headers}, reply_body)
        if resp.body:
            return _text(502, "a response MUST be empty or a valid CloudEvent")
        return Response(resp.status, passthrough, b"")

    # -- channel receiver -------------------------------------------------------------------
    async def channel(self, method: str, host: str, path: str, headers: Mapping[str, str],
                      body: bytes) -> Response:
        receiver = self.hosts.get(host)
        if receiver is not None:
            return await receiver(method, path, headers, body)
        if method == "OPTIONS":
            return Response(200, WEBHOOK)
        if method != "POST":
            return _text(405, "method not allowed", ALLOW)
        key = self.state.channel_hosts.get(host)
        if path not in ("", "/"):
            parts = path.rstrip("/").split("/")
            if len(parts) != 3:
                return _text(400, f"unable to parse channel from path {path}")
            key = next((k for k in self.state.channels if k.namespace == parts[1] and k.name == parts[2]), None)
        info = self.state.channels.get(key) if key is not None else None
        if info is None:
            return _text(404, f"channel for host {host} not found")
        try:
            event = ce.parse(headers, body)
        except ce.EventError as e:
            return _text(400, str(e))
        return await self._publish(info, event, passthrough_headers(headers))

    def _local_channel(self, url: str) -> ChannelInfo | None:
        host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        key = self.state.channel_hosts.get(host)
        return self.state.channels.get(key) if key is not None else None

    async def _publish(self, info: ChannelInfo, event: Any, passthrough: Mapping[str, str]) -> Response:
        backend = self.backends.get(info.key.kind)
        if backend is None:
            return _text(500, f"no data plane for channel kind {info.key.kind}")
        try:
            await backend.publish(info, event, passthrough)
        except ChannelUnavailable as e:
            return _text(e.status, str(e))
        if self.on_event is not None:
            self.on_event(info.key.kind, info.key.namespace, info.key.name, event)
        return Response(202, ALLOW, b"")
