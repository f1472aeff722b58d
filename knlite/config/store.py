"""The live, parsed configuration: one immutable :class:`ConfigView` that edits of the ConfigMaps
swap atomically.

Knative's controllers hold their ConfigMaps in a ``configmap.UntypedStore``: each update is
parsed once; a value that does not parse is logged and the previous one stays in force; readers
take a cheap snapshot per reconcile. ConfigStore does the same for knlite's planes: the daemon
feeds it every ConfigMap change it sees in the object store, reconcilers and data planes read
:meth:`ConfigStore.view` (a frozen dataclass, safe to keep for the whole reconcile) and
:meth:`ConfigStore.subscribe` to re-reconcile when a ConfigMap they depend on changes.

:meth:`ConfigStore.validate` is the config webhook (``config.webhook.serving.knative.dev`` and its
eventing twin): it runs the same parser and returns the message a rejected edit gets. Knative's
eventing webhook only checks tracing, logging, leader-election and sugar and lets a broken
config-br-defaults, default-ch-webhook, config-features or config-ping-defaults through to fail
in the controllers' logs; knlite rejects those at admission too, so the mistake is visible where
it is made.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from knlite.config import parse
from knlite.config.defaults import EXAMPLE_CHECKSUM_ANNOTATION, EXAMPLE_KEY, example_checksum
from knlite.config.parse import ConfigError
from knlite.config.types import EVENTING_NS, SERVING_NS, ConfigView

log = logging.getLogger(__name__)

Callback = Callable[[str, str], None]


@dataclass(frozen=True)
class _Kind:
    parser: Callable[[Mapping[str, str]], Any]
    view_field: str | None = None  # the ConfigView attribute it feeds; None = only via get()
    default: Callable[[], Any] | None = None  # value when the ConfigMap is absent


_KNOWN: dict[tuple[str, str], _Kind] = {
    (SERVING_NS, "config-autoscaler"): _Kind(parse.parse_autoscaler, "autoscaler"),
    (SERVING_NS, "config-defaults"): _Kind(parse.parse_defaults, "defaults"),
    (SERVING_NS, "config-deployment"): _Kind(parse.parse_deployment, "deployment"),
    (SERVING_NS, "config-domain"): _Kind(parse.parse_domain, "domain"),
    (SERVING_NS, "config-features"): _Kind(parse.parse_features, "features"),
    (SERVING_NS, "config-gc"): _Kind(parse.parse_gc, "gc"),
    (SERVING_NS, "config-network"): _Kind(parse.parse_network, "network"),
    (EVENTING_NS, "config-br-default-channel"): _Kind(parse.parse_broker_channel, "br_channel"),
    (EVENTING_NS, "config-br-defaults"): _Kind(parse.parse_br_defaults, "br_defaults"),
    (EVENTING_NS, "config-features"): _Kind(parse.parse_eventing_features, "eventing_features"),
    (EVENTING_NS, "config-ping-defaults"): _Kind(parse.parse_ping_defaults, "ping"),
    (EVENTING_NS, "config-sugar"): _Kind(parse.parse_sugar, "sugar"),
    (EVENTING_NS, "default-ch-webhook"): _Kind(parse.parse_ch_defaults, "ch_defaults"),
    (EVENTING_NS, "kafka-broker-config"): _Kind(
        partial(parse.parse_kafka_broker, strict=False), "kafka_broker"
    ),
    (EVENTING_NS, "kafka-channel-config"): _Kind(parse.parse_kafka_channel, "kafka_channel"),
    (EVENTING_NS, "config-nats"): _Kind(parse.parse_nats, default=parse.NatsConfig),
    (EVENTING_NS, "config-natjsm-channel"): _Kind(parse.parse_broker_channel, default=lambda: None),
}
for _ns in (SERVING_NS, EVENTING_NS):
    _KNOWN[(_ns, "config-leader-election")] = _Kind(parse.parse_leader_election)
    _KNOWN[(_ns, "config-logging")] = _Kind(parse.parse_logging)
    _KNOWN[(_ns, "config-observability")] = _Kind(parse.parse_observability)
    _KNOWN[(_ns, "config-tracing")] = _Kind(parse.parse_tracing)

_VIEW_DEFAULTS = ConfigView()


def _default(key: tuple[str, str]) -> Any:
    kind = _KNOWN[key]
    if kind.view_field is not None:
        return getattr(_VIEW_DEFAULTS, kind.view_field)
    return kind.default() if kind.default is not None else kind.parser({})


def is_known(namespace: str, name: str) -> bool:
    return (namespace, name) in _KNOWN


def check(
    namespace: str, name: str, data: Mapping[str, str], annotations: Mapping[str, str] | None = None
) -> Any:
    """Parse a known ConfigMap as the webhook does; raises ConfigError. Unknown ones → None."""
    kind = _KNOWN.get((namespace, name))
    if kind is None:
        return None
    example = data.get(EXAMPLE_KEY)
    checksum = (annotations or {}).get(EXAMPLE_CHECKSUM_ANNOTATION)
    if example is not None and checksum is not None and checksum != example_checksum(example):
        raise ConfigError(
            f'the update modifies a key in "{EXAMPLE_KEY}" which is probably not what you want. Instead, '
            'copy the respective setting to the top-level of the ConfigMap, directly below "data"'
        )
    return kind.parser(data)


class ConfigStore:
    """The current parsed configuration of every ConfigMap knlite understands."""

    def __init__(self, configmaps: Iterable[Mapping[str, Any]] = ()) -> None:
        self._lock = threading.Lock()
        self._values: dict[tuple[str, str], Any] = {key: _default(key) for key in _KNOWN}
        self._view = _VIEW_DEFAULTS
        self._callbacks: list[Callback] = []
        for cm in configmaps:
            meta = cm.get("metadata") or {}
            self.update(meta.get("namespace", ""), meta.get("name", ""), cm.get("data") or {})

    def view(self) -> ConfigView:
        """The current snapshot; immutable, so a reconciler can keep it for a whole pass."""
        return self._view

    def get(self, namespace: str, name: str) -> Any:
        """The parsed value of one known ConfigMap (e.g. ``parse.TracingConfig``), else None."""
        return self._values.get((namespace, name))

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(namespace, name)`` after a ConfigMap's parsed value changes; returns
        a function that unsubscribes."""
        with self._lock:
            self._callbacks.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return unsubscribe

    def validate(
        self, namespace: str, name: str, data: Mapping[str, str], annotations: Mapping[str, str] | None = None
    ) -> str | None:
        """The config webhook: the error message for invalid data, None if fine or unknown."""
        try:
            check(namespace, name, data, annotations)
        except ConfigError as e:
            return str(e)
        return None

    def update(self, namespace: str, name: str, data: Mapping[str, str]) -> str | None:
        """Re-parse one ConfigMap. Invalid data keeps the previous value (logged); the error
        message is returned. Unknown ConfigMaps are ignored."""
        key = (namespace, name)
        kind = _KNOWN.get(key)
        if kind is None:
            return None
        try:
            value = kind.parser({k: str(v) for k, v in data.items()})
        except ConfigError as e:
            log.error(
                "ConfigMap %s/%s is invalid, keeping the previous configuration: %s", namespace, name, e
            )
            return str(e)
        self._set(key, value)
        return None

    def delete(self, namespace: str, name: str) -> None:
        """A deleted ConfigMap falls back to Knative's code defaults."""
        if (namespace, name) in _KNOWN:
            self._set((namespace, name), _default((namespace, name)))

    def _set(self, key: tuple[str, str], value: Any) -> None:
        with self._lock:
            if self._values[key] == value:
                return
            self._values[key] = value
            field = _KNOWN[key].view_field
            if field is not None:
                self._view = dataclasses.replace(self._view, **{field: value})
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(*key)
            except Exception:
                log.exception("ConfigMap change callback failed for %s/%s", *key)
