"""Sinks in kn's notation: ``ksvc:NAME``, ``broker:NAME``, ``channel:NAME``, a bare name, a URL.

``--sink`` (and ``--sink-reply``, ``--sink-dead-letter``, ``--dl-sink``, ``--reference``) is
parsed as kn's ``parseSink``: ``PREFIX:NAME[:NAMESPACE]``, a bare ``NAME`` meaning a Knative
Service, ``http(s)://...`` a URI, and ``group/version/resource:NAME`` any other addressable.
The referenced object must exist; the destination carries the kind and apiVersion the API
reports for it. knlite also accepts ``svc:NAME`` (``service:NAME``) for a plain Kubernetes
Service as later kn releases do, since the seed's PingSource examples send to one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knlite.cli.kn.errors import ApiError, KnError
from knlite.cli.kn.resources import Resource

if TYPE_CHECKING:
    from knlite.cli.kn.client import Client

Obj = dict[str, Any]

DEFAULT_MAPPINGS: dict[str, Resource] = {
    "broker": Resource("eventing.knative.dev/v1", "brokers", "Broker"),
    "ksvc": Resource("serving.knative.dev/v1", "services", "Service"),
    "channel": Resource("messaging.knative.dev/v1", "channels", "Channel"),
    "svc": Resource("v1", "services", "Service"),
    "service": Resource("v1", "services", "Service"),
}


def parse_sink(sink: str) -> tuple[str, str, str]:
    """(prefix, name, namespace); prefix "" means a URI."""
    parts = sink.split(":", 2)
    if len(parts) == 1:
        return "ksvc", parts[0], ""
    if parts[0] in ("http", "https"):
        return "", sink, ""
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    return parts[0], parts[1], ""


def _gvr(prefix: str, mappings: dict[str, Resource]) -> Resource:
    if prefix in mappings:
        return mappings[prefix]
    idx = prefix.rfind("/")
    if idx != -1 and idx < len(prefix) - 1:
        group_version, resource = prefix[:idx], prefix[idx + 1:]
    else:
        group_version, resource = "", prefix
    if group_version.count("/") > 1:
        raise KnError(f"unexpected GroupVersion string: {group_version}")
    if not resource.endswith("s"):
        resource += "s"
    return Resource(group_version or "v1", resource.lower(), "")


def resolve_sink(client: Client, sink: str, namespace: str,
                 mappings: dict[str, Resource] | None = None) -> Obj | None:
    """The ``Destination`` for a sink flag value (None for "")."""
    if not sink:
        return None
    prefix, name, ns = parse_sink(sink)
    if prefix == "":
        return {"uri": name}
    res = _gvr(prefix, mappings or DEFAULT_MAPPINGS)
    target_ns = ns or namespace
    try:
        obj = client.get(res.api_version, res.plural, target_ns, name)
    except ApiError as e:
        if e.not_found:
            raise ApiError(e.code, e.reason, e.message, e.status,
                           hint=f"No {res.kind or res.plural} named '{name}' in namespace '{target_ns}': create it "
                                "first, or give the sink as ksvc:NAME, broker:NAME, channel:NAME, svc:NAME or a "
                                "URL.") from None
        raise
    return {"ref": {"apiVersion": obj.get("apiVersion", res.api_version), "kind": obj.get("kind", res.kind),
                    "name": (obj.get("metadata") or {}).get("name", name), "namespace": target_ns}}


def sink_to_string(sink: Obj | None) -> str:
    """kn's ``SinkToString`` (the SINK column): ``ksvc:NAME``, ``<kind>:NAME`` or the URI."""
    if not sink:
        return ""
    ref = sink.get("ref")
    if ref:
        if ref.get("kind") == "Service" and str(ref.get("apiVersion", "")).startswith("serving.knative.dev"):
            return f"ksvc:{ref.get('name', '')}"
        return f"{str(ref.get('kind', '')).lower()}:{ref.get('name', '')}"
    return str(sink.get("uri") or "")
