"""CloudEvents ↔ AMQP messages, trigger bindings and connection URLs, as eventing-rabbitmq has them.

**Messages** (``pkg/rabbit/message.go``): an event travels in binary mode — its data as the
body, ``content-type`` and every context attribute and extension as an AMQP header under its
own name (``type``, ``source``, ``id``, ``myext``, no ``ce-`` prefix), persistent, with the
event id as message id. Headers are what a headers exchange routes on, so a trigger's binding
can select events by attribute on the server. Reading one back accepts ``ce-``-prefixed
names too, ignores ``x-*`` and trace headers, and also takes a structured-mode body
(``application/cloudevents+json``). One difference: upstream writes ``time`` even for an event
without one (Go's zero time); knlite writes only what the event has.

**Bindings** (``reconcileBinding``): ``x-match: all``, ``x-knative-trigger: {trigger}`` (RabbitMQ
ignores ``x-`` arguments when matching) and the trigger's legacy ``filter.attributes``. Only
attributes a header can be compared with verbatim go into the binding: a value ``""`` (Knative's
"present and non-empty") and the attributes Knative derives (``time`` in Go's format,
``datamediatype``, ``schemaurl``, ``datacontenttype``) are left out, and the dispatcher applies
the whole filter again with :func:`~knlite.eventing.filters.compile_attributes`, so matching is
exactly Knative's. RabbitMQ brokers support only the legacy filter (``spec.filters`` is ignored).

**Connection URL** (``rabbit.Service.RabbitMQURL``): a connection Secret's ``uri`` (or
``connection_string``, as the RabbitMQ cluster operator's ``{name}-default-user`` Secret has)
may be a full ``amqp://``/``amqps://`` URL; otherwise it is upstream's management address
(``[https://]host[:port]``) and the AMQP URL is built from its host, ``port`` (default 5672),
``username`` and ``password`` (``host`` works as well as ``uri``). The broker config's
``vhost`` becomes the URL's path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from knlite.eventing import cloudevents as ce
from knlite.eventing.rabbitmq.names import TRIGGER_BINDING_KEY

STRUCTURED = "application/cloudevents+json"
_SKIPPED_HEADERS = frozenset({"traceparent", "tracestate"})
_NOT_BINDABLE = frozenset({"time", "datamediatype", "schemaurl", "datacontenttype", "datacontentencoding"})


class SpecError(ValueError):
    """A broker config or Secret that does not give a usable RabbitMQ connection."""


# -- messages ----------------------------------------------------------------------------------------------


def to_message(event: Any) -> tuple[dict[str, Any], bytes, str | None]:
    """(headers, body, content type) of the AMQP message carrying ``event``."""
    binary, body = ce.to_binary(event)
    headers: dict[str, Any] = {}
    for key, value in ce.attributes(event).items():
        if value is None or key == "datacontenttype":
            continue
        if type(value) in (str, int, bool) and key != "time":
            headers[key] = value
        else:  # a timestamp or another typed value: its canonical string, as the HTTP binding writes it
            headers[key] = binary.get("ce-" + key, str(value))
    content_type = binary.get("content-type")
    if content_type is not None:
        headers["content-type"] = content_type
    return headers, body, content_type


def _header_text(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    if value is True or value is False:
        return "true" if value else "false"
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:
        return ce.normalize_time(isoformat())
    return str(value)


def from_message(headers: Mapping[str, Any] | None, body: bytes, content_type: str | None = None) -> Any:
    """The event an AMQP message carries; raises ce.EventError if it carries none."""
    attrs: dict[str, str] = {}
    for key, value in (headers or {}).items():
        k = key.lower()
        if k in _SKIPPED_HEADERS or k.startswith("x-") or value is None:
            continue
        attrs[k.removeprefix("ce-")] = _header_text(value)
    ct = attrs.pop("content-type", None) or content_type
    if "specversion" in attrs:
        if ct:
            attrs["datacontenttype"] = ct
        http_headers, _ = ce.encode_binary(attrs, None)
        return ce.parse(http_headers, body)
    if ct and ct.split(";", 1)[0].strip().lower() == STRUCTURED:
        return ce.parse({"content-type": ct}, body)
    raise ce.EventError("not a CloudEvent: no specversion header and no structured-mode content type")


# -- bindings ------------------------------------------------------------------------------------------------


def binding_arguments(trigger: str, filter_attributes: Mapping[str, Any] | None) -> dict[str, Any]:
    """The arguments binding a trigger's queue to its broker's exchange."""
    args: dict[str, Any] = {"x-match": "all", TRIGGER_BINDING_KEY: trigger}
    for key, value in (filter_attributes or {}).items():
        k = str(key)
        if value not in (None, "") and k not in _NOT_BINDABLE:
            args[k] = str(value)
    return args


# -- connection URLs -----------------------------------------------------------------------------------------


def amqp_url(data: Mapping[str, str], vhost: str | None = None) -> str:
    """The AMQP URL a connection Secret's (decoded) data gives, with ``vhost`` as its path."""
    uri = (data.get("uri") or data.get("connection_string") or data.get("host") or "").strip()
    if not uri:
        raise SpecError("rabbit Secret missing key uri")
    username, password = data.get("username"), data.get("password")
    lower = uri.lower()
    if lower.startswith(("amqp://", "amqps://")):
        parts = urlsplit(uri)
        netloc = parts.netloc
        if "@" not in netloc and username and password:
            netloc = f"{quote(username, safe='')}:{quote(password, safe='')}@{netloc}"
        path = parts.path if parts.path not in ("", "/") else "/"
    else:
        if not password:
            raise SpecError("rabbit Secret missing key password")
        if not username:
            raise SpecError("rabbit Secret missing key username")
        scheme = "amqps" if lower.startswith("https") else "amqp"
        host = uri.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        if not host:
            raise SpecError(f"rabbit Secret: no host in uri {uri!r}")
        port = (data.get("port") or "5672").strip()
        netloc = f"{quote(username, safe='')}:{quote(password, safe='')}@{host}:{port}"
        parts = urlsplit(f"{scheme}://{host}")
        path = "/"
    if vhost:
        path = "/" + quote(vhost, safe="")
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def redact(url: str) -> str:
    """``url`` without its password, for status messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
