"""The GitLabSource receive adapter: GitLab webhook deliveries in, CloudEvents out.

Knative's eventing-gitlab runs one receive adapter per GitLabSource, as a Knative Service
whose URL is registered as the project's webhook (``pkg/adapter/receive_adapter.go``,
``pkg/adapter/webhook.go``). knlite serves every source's adapter in-process, from the
eventing server, on a host of its own that both gateways route here:
``{name}-gitlabsource.{namespace}.{domain}`` — the URL a Knative Service of that name would
get from config-domain and config-network, plus its cluster-local twins. The reconciler
publishes each source with :meth:`GitLabReceivers.publish`.

A delivery is answered exactly as the upstream adapter answers it:

- not a POST → **400**; a secret token configured and ``X-Gitlab-Token`` not equal to it →
  **400** (``token validation failed``); ``X-Gitlab-Event`` missing or blank → **400**; an
  empty body → **400**; a body that GitLab's client library cannot parse as the event the
  header names (unknown event, malformed JSON, a note on an unknown noteable type...) →
  **400**. The body is ``could parse the webhook event: <why>``, upstream's wording.
- otherwise one CloudEvent goes to the sink: ``type`` = ``dev.knative.sources.gitlab.`` + the
  header without its trailing ``" Hook"``, lower-cased, spaces as ``_`` (``Merge Request
  Hook`` → ``merge_request``, ``Job Hook`` → ``job``); ``source`` = ``spec.projectUrl``;
  extension ``comgitlabevent`` = the raw header; ``datacontenttype: application/json``; the
  payload re-serialised as compact JSON with Go's HTML escaping; plus the ``ceOverrides``.
  Binary mode, no retries (the adapter's client has none). A sink that does not take the
  event (transport error or non-2xx) → **500** (``error handling the event: <why>``);
  success → **202** with an empty body.

One deliberate difference: upstream decodes the payload into go-gitlab's structs and encodes
those, which drops fields the structs do not know and adds zero values for the ones GitLab
did not send. knlite keeps GitLab's payload as sent (keys and values, compacted).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from knlite.apis.duck import go_json_error
from knlite.apis.sources.gitlabsource import EVENT_TYPE_PREFIX
from knlite.eventing.dataplane import DISPATCHER, EVENTING_NS
from knlite.eventing.delivery import Response, Transport, get_header
from knlite.eventing.sources import adapter
from knlite.serving.dataplane import CLUSTER_LOCAL, EXTERNAL, RevisionKey, RouteRule, Split

log = logging.getLogger(__name__)

HEADER_EVENT = "X-Gitlab-Event"
HEADER_TOKEN = "X-Gitlab-Token"
EVENT_EXTENSION = "comgitlabevent"
HOOK_SUFFIX = " Hook"
PARSE_ERROR = "could parse the webhook event"  # sic, upstream's ErrCouldNotParseWebhookEvent
HANDLE_ERROR = "error handling the event"
TEXT = {"Content-Type": "text/plain; charset=utf-8"}

# gitlab client-go ParseWebhook: X-Gitlab-Event value → the Go type the payload decodes into.
WEBHOOK_TYPES = {
    "Build Hook": "gitlab.BuildEvent",
    "Deployment Hook": "gitlab.DeploymentEvent",
    "Feature Flag Hook": "gitlab.FeatureFlagEvent",
    "Issue Hook": "gitlab.IssueEvent",
    "Confidential Issue Hook": "gitlab.IssueEvent",
    "Job Hook": "gitlab.JobEvent",
    "Member Hook": "gitlab.MemberEvent",
    "Merge Request Hook": "gitlab.MergeEvent",
    "Note Hook": "gitlab.noteEvent",
    "Confidential Note Hook": "gitlab.noteEvent",
    "Pipeline Hook": "gitlab.PipelineEvent",
    "Push Hook": "gitlab.PushEvent",
    "Release Hook": "gitlab.ReleaseEvent",
    "Resource Access Token Hook": "map[string]interface {}",
    "Service Hook": "gitlab.serviceEvent",
    "Subgroup Hook": "gitlab.SubGroupEvent",
    "Tag Push Hook": "gitlab.TagEvent",
    "Wiki Page Hook": "gitlab.WikiPageEvent",
}
_DISPATCHER_SPLIT = (Split(RevisionKey(EVENTING_NS, DISPATCHER), 100),)
_EXTERNAL_RULE = RouteRule(EVENTING_NS, DISPATCHER, _DISPATCHER_SPLIT, EXTERNAL)
_LOCAL_RULE = RouteRule(EVENTING_NS, DISPATCHER, _DISPATCHER_SPLIT, CLUSTER_LOCAL)
_NOTEABLE_TYPES = frozenset({"Commit", "MergeRequest", "Issue", "Snippet"})
_SERVICE_KINDS = frozenset({"push", "tag_push", "merge_request"})


class WebhookError(ValueError):
    """Why a delivery cannot be parsed (upstream's text, after ``could parse the webhook event: ``)."""


def event_type_suffix(header: str) -> str:
    """``gitlabEventHeaderToEventType``: ``"Merge Request Hook"`` → ``"merge_request"``; ``""`` if not a hook."""
    if not header.endswith(HOOK_SUFFIX):
        return ""
    return header[: -len(HOOK_SUFFIX)].replace(" ", "_").lower()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid character '{name[0]}' looking for beginning of value")


def _float(text: str) -> int | float:
    f = float(text)
    return int(f) if f.is_integer() and abs(f) < 1e21 else f  # Go prints 1.0 as 1


def parse_webhook(event: str, body: bytes) -> Any:
    """gitlab client-go's ``ParseWebhook(event, body)``: the payload, or :class:`WebhookError`."""
    target = WEBHOOK_TYPES.get(event)
    if target is None:
        raise WebhookError(f"unexpected event type: {event}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookError("invalid character in string literal") from None
    problem = go_json_error(text, target)
    if problem is not None:
        raise WebhookError(problem)
    try:
        payload = json.loads(text, parse_constant=_reject_constant, parse_float=_float)
    except ValueError as e:
        raise WebhookError(str(e)) from None
    if payload is None:
        payload = {}
    if event in ("Note Hook", "Confidential Note Hook"):
        kind = payload.get("object_kind")
        if kind != "note":
            raise WebhookError(f"unexpected object kind {_go_str(kind)}")
        attrs = payload.get("object_attributes")
        noteable = attrs.get("noteable_type") if isinstance(attrs, dict) else None
        if noteable not in _NOTEABLE_TYPES:
            raise WebhookError(f"unexpected noteable type {_go_str(noteable)}")
    elif event == "Resource Access Token Hook":
        if "group" not in payload and "project" not in payload:
            raise WebhookError("unexpected resource access token payload")
    elif event == "Service Hook":
        kind = payload.get("object_kind")
        if kind not in _SERVICE_KINDS:
            raise WebhookError(f"unexpected service type {_go_str(kind)}")
    return payload


def _go_str(value: Any) -> str:
    return "" if value is None else str(value)


_GO_HTML_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029"))


def go_json(value: Any) -> bytes:
    """``json.Marshal``: compact, UTF-8, with Go's HTML-safe escaping of ``<``, ``>``, ``&``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _GO_HTML_ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)  # these characters only occur inside strings
    return text.encode("utf-8")


# -- the receivers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receiver:
    """One GitLabSource's adapter, as the reconciler publishes it."""

    namespace: str
    name: str
    hosts: tuple[str, ...]  # every host it answers (external and cluster-local)
    external: tuple[str, ...]  # the subset the external gateway serves
    url: str  # the URL to register as the project hook
    secret_token: str
    event_source: str  # spec.projectUrl
    sink: str
    overrides: Mapping[str, str] = field(default_factory=dict)


def _text(status: int, message: str) -> Response:
    return Response(status, dict(TEXT), message.encode())


class GitLabReceivers:
    """Every published receive adapter, found by Host; the eventing server calls :meth:`handle`."""

    def __init__(self, transport: Transport | None = None, timeout: float | None = None) -> None:
        self.transport = transport
        self.timeout = timeout
        self._by_key: dict[tuple[str, str], Receiver] = {}
        self._by_host: dict[str, Receiver] = {}
        self._listeners: list[Callable[[], None]] = []

    # -- publication (reconciler side) ----------------------------------------------------------
    def publish(self, receiver: Receiver) -> None:
        old = self._by_key.get((receiver.namespace, receiver.name))
        if old == receiver:
            return
        self._by_key[(receiver.namespace, receiver.name)] = receiver
        self._reindex(hosts_changed=old is None or (old.hosts, old.external) != (receiver.hosts, receiver.external))

    def remove(self, namespace: str, name: str) -> None:
        if self._by_key.pop((namespace, name), None) is not None:
            self._reindex(hosts_changed=True)

    def get(self, namespace: str, name: str) -> Receiver | None:
        return self._by_key.get((namespace, name))

    def on_hosts_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _reindex(self, hosts_changed: bool) -> None:
        by_host: dict[str, Receiver] = {}
        for r in sorted(self._by_key.values(), key=lambda r: (r.namespace, r.name)):
            for h in r.hosts:
                by_host.setdefault(h.lower(), r)
        self._by_host = by_host
        if hosts_changed:
            for listener in self._listeners:
                listener()

    def host_visibility(self) -> dict[str, bool]:
        """Every host served, and whether the external gateway serves it too."""
        out: dict[str, bool] = {}
        for r in self._by_host.values():
            for h in r.hosts:
                out[h.lower()] = h in r.external
        return out

    def route_rules(self) -> dict[str, RouteRule]:
        """The hosts the gateways send to the eventing server (for ``IngressReconciler.add_hosts``):
        external ones on both listeners, cluster-local twins on the internal one only."""
        return {h: _EXTERNAL_RULE if external else _LOCAL_RULE for h, external in self.host_visibility().items()}

    def handles(self, host: str) -> bool:
        return host in self._by_host

    # -- requests (data plane side) ---------------------------------------------------------------
    async def handle(self, method: str, host: str, path: str, headers: Mapping[str, str], body: bytes) -> Response:
        receiver = self._by_host.get(host)
        if receiver is None:
            return _text(404, "no GitLabSource answers this host")
        return await self.receive(receiver, method, headers, body)

    async def receive(self, r: Receiver, method: str, headers: Mapping[str, str], body: bytes) -> Response:
        """``webhook.ServeHTTP`` of one adapter (see the module docstring)."""
        try:
            event, payload = self._parse(r, method, headers, body)
        except WebhookError as e:
            return _text(400, f"{PARSE_ERROR}: {e}")
        suffix = event_type_suffix(event)
        if not suffix:
            return _text(500, f"{HANDLE_ERROR}: invalid webhook event type {event}")
        attrs = {"specversion": "1.0", "type": EVENT_TYPE_PREFIX + suffix, "source": r.event_source,
                 EVENT_EXTENSION: event, "datacontenttype": "application/json"}
        if self.transport is None:
            return _text(500, f"{HANDLE_ERROR}: no transport")
        result = await adapter.send(self.transport, r.sink, attrs, go_json(payload), overrides=r.overrides,
                                    timeout=self.timeout)
        if not result.ok:
            log.error("gitlabsource %s/%s: event handler error: %s", r.namespace, r.name, result.error)
            return _text(500, f"{HANDLE_ERROR}: {result.error}")
        return Response(202, {}, b"")

    @staticmethod
    def _parse(r: Receiver, method: str, headers: Mapping[str, str], body: bytes) -> tuple[str, Any]:
        if method != "POST":
            raise WebhookError("invalid HTTP Method")
        if r.secret_token and not hmac.compare_digest((get_header(headers, HEADER_TOKEN) or "").encode(),
                                                      r.secret_token.encode()):
            raise WebhookError("token validation failed")
        event = get_header(headers, HEADER_EVENT) or ""
        if not event.strip():
            raise WebhookError("missing X-Gitlab-Event Header")
        if not body:
            raise WebhookError("error reading request body")
        return event, parse_webhook(event, body)
