"""CloudEvents ↔ JetStream messages, as eventing-natss writes them.

The channel receiver stores an event in structured mode: the JSON envelope as the payload,
``content-type: application/cloudevents+json`` and ``Nats-Msg-Id`` set to the event's source
and id (what identifies a CloudEvent), so JetStream drops a re-sent copy within the stream's
duplicate window (two minutes by default) but keeps distinct events that share an id.
The request's passthrough headers (``x-request-id``, ``knative-*``, …) travel along as
message headers, so the dispatcher can pass them on as the in-memory channel does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from knlite.eventing import cloudevents as ce
from knlite.eventing.delivery import passthrough_headers

MSG_ID_HEADER = "Nats-Msg-Id"
CONTENT_TYPE = "application/cloudevents+json"


def to_message(event: Any, passthrough: Mapping[str, str]) -> tuple[dict[str, str], bytes]:
    """(headers, payload) of the message that stores ``event``."""
    _, payload = ce.to_structured(event)
    headers = dict(passthrough)
    headers["content-type"] = CONTENT_TYPE
    eid = ce.get_attr(event, "id")
    if eid:
        headers[MSG_ID_HEADER] = f"{ce.get_attr(event, 'source') or ''} {eid}"
    return headers, payload


def from_message(headers: Mapping[str, str] | None, payload: bytes) -> tuple[Any, dict[str, str]]:
    """The event a message stores and the passthrough headers it carries; raises ce.EventError."""
    h = dict(headers or {})
    h.setdefault("content-type", CONTENT_TYPE)
    return ce.parse(h, payload), passthrough_headers(h)
