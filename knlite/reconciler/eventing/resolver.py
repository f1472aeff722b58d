"""Destination resolution: a ``ref`` and/or ``uri`` to the URL events are sent to.

Knative's ``resolver.URIResolver`` (knative.dev/pkg) turns a Destination into a URL: a
``ref`` resolves to its referent's ``status.address.url`` (a plain Kubernetes Service to
``http://{name}.{ns}.svc.cluster.local``), a ``uri`` alone must be absolute, and ``ref``
plus ``uri`` resolves the (relative) ``uri`` against the referent's URL. Every eventing
reconciler — Subscriptions, Triggers, sources, flows — resolves sinks through this one class,
and the failure messages users see in status come from here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlparse

from knlite.reconciler.client import Client

Obj = dict[str, Any]


class ResolveError(Exception):
    pass


def _ref_text(ref: Obj, namespace: str) -> str:
    return (f"&{{Kind:{ref.get('kind', '')} Namespace:{ref.get('namespace') or namespace} "
            f"Name:{ref.get('name', '')} APIVersion:{ref.get('apiVersion', '')} Group: Address:<nil>}}")


class Resolver:
    def __init__(self, client: Client) -> None:
        self.client = client

    def url_of_ref(self, ref: Obj, namespace: str) -> str:
        ns = ref.get("namespace") or namespace
        name = ref.get("name", "")
        api_version = ref.get("apiVersion", "")
        group = api_version.rpartition("/")[0]
        kind = ref.get("kind", "")
        if group == "" and kind == "Service":
            if self.client.peek(self.client.rt("", "Service"), ns, name) is None:
                raise ResolveError(f'failed to get ref {_ref_text(ref, namespace)}: services "{name}" not found')
            return f"http://{name}.{ns}.svc.cluster.local"
        rt = self.client.core.registry.by_kind(group, kind)
        if rt is None:
            raise ResolveError(f"failed to get lister for {kind}.{group}: the server does not know the kind "
                               f"{api_version} {kind}")
        obj = self.client.peek(rt, ns, name)
        if obj is None:
            raise ResolveError(f'failed to get ref {_ref_text(ref, namespace)}: {rt.group_resource} "{name}" '
                               "not found")
        status = obj.get("status") or {}
        url = (status.get("address") or {}).get("url")
        wanted = ref.get("address")
        if wanted:
            for a in status.get("addresses") or []:
                if a.get("name") == wanted:
                    url = a.get("url")
                    break
        if not url:
            raise ResolveError(f"address not set for {_ref_text(ref, namespace)}")
        return str(url)

    def resolve(self, destination: Obj | None, namespace: str) -> str:
        """The URL of a Destination; raises :class:`ResolveError` with the reason."""
        if not destination:
            raise ResolveError("destination missing")
        ref = destination.get("ref")
        uri = destination.get("uri")
        if ref:
            base = self.url_of_ref(ref, namespace)
            if uri:
                if urlparse(uri).scheme:
                    raise ResolveError(f"URI is not a relative URL: {uri}")
                return urljoin(base, uri)  # RFC 3986 reference resolution, as Go's URL.ResolveReference
            return base
        if uri:
            parsed = urlparse(uri)
            if not parsed.scheme or not parsed.netloc:
                raise ResolveError(f"URI is not absolute (both scheme and host should be non-empty): {uri!r}")
            return str(uri)
        raise ResolveError("ref and uri are both empty")
