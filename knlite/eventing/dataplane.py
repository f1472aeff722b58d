"""What the eventing reconcilers publish for the eventing data plane.

As on the serving side, reconcilers never sit in the event path: they resolve sinks, compute
delivery policies and compile trigger filters, then publish immutable snapshots here; the
broker ingress, the channel receivers and the dispatchers read them per event without
touching the store. Channels are keyed by (namespace, name, kind) and also reachable by the
host of their address, which is how a POST to ``http://{ch}-kn-channel.{ns}.svc.cluster.local``
finds its channel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

BROKER_INGRESS_HOST = "broker-ingress.knative-eventing.svc.cluster.local"
BROKER_FILTER_HOST = "broker-filter.knative-eventing.svc.cluster.local"
EVENTING_NS = "knative-eventing"
DISPATCHER = "eventing-dispatcher"  # the pseudo-revision the gateway routes eventing hosts to


@dataclass(frozen=True)
class ChannelKey:
    namespace: str
    name: str
    kind: str = "InMemoryChannel"

    def __str__(self) -> str:
        return f"{self.kind}/{self.namespace}/{self.name}"


@dataclass(frozen=True)
class Subscriber:
    """One entry of a channel's ``spec.subscribers``, resolved."""

    uid: str
    generation: int
    subscriber_uri: str | None
    reply_uri: str | None
    dead_letter_uri: str | None
    delivery: Mapping[str, Any] | None


@dataclass(frozen=True)
class ChannelInfo:
    key: ChannelKey
    hosts: tuple[str, ...]
    subscribers: tuple[Subscriber, ...] = ()
    spec: Mapping[str, Any] = field(default_factory=dict)  # the channel's spec (backend settings)
    uid: str = ""


@dataclass(frozen=True)
class BrokerInfo:
    namespace: str
    name: str
    broker_class: str
    channel_url: str  # knative.dev/channelAddress
    ready: bool
    uid: str = ""


@dataclass(frozen=True)
class TriggerInfo:
    namespace: str
    name: str
    uid: str
    broker: str
    subscriber_uri: str
    matches: Callable[[Mapping[str, Any]], bool]


class EventingState:
    def __init__(self) -> None:
        self.channels: dict[ChannelKey, ChannelInfo] = {}
        self.channel_hosts: dict[str, ChannelKey] = {}
        self.brokers: dict[tuple[str, str], BrokerInfo] = {}
        self.triggers: dict[tuple[str, str], TriggerInfo] = {}
        self._listeners: list[Callable[[], None]] = []

    def on_hosts_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _hosts_changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    def publish_channel(self, info: ChannelInfo) -> None:
        old = self.channels.get(info.key)
        channels = dict(self.channels)
        channels[info.key] = info
        self.channels = channels
        if old is None or old.hosts != info.hosts:
            hosts = {h: k for h, k in self.channel_hosts.items() if k != info.key}
            for h in info.hosts:
                hosts[h] = info.key
            self.channel_hosts = hosts
            self._hosts_changed()

    def remove_channel(self, key: ChannelKey) -> None:
        if key not in self.channels:
            return
        channels = dict(self.channels)
        del channels[key]
        self.channels = channels
        self.channel_hosts = {h: k for h, k in self.channel_hosts.items() if k != key}
        self._hosts_changed()

    def publish_broker(self, info: BrokerInfo) -> None:
        brokers = dict(self.brokers)
        brokers[(info.namespace, info.name)] = info
        self.brokers = brokers

    def remove_broker(self, namespace: str, name: str) -> None:
        if (namespace, name) in self.brokers:
            brokers = dict(self.brokers)
            del brokers[(namespace, name)]
            self.brokers = brokers

    def publish_trigger(self, info: TriggerInfo) -> None:
        triggers = dict(self.triggers)
        triggers[(info.namespace, info.name)] = info
        self.triggers = triggers

    def remove_trigger(self, namespace: str, name: str) -> None:
        if (namespace, name) in self.triggers:
            triggers = dict(self.triggers)
            del triggers[(namespace, name)]
            self.triggers = triggers
