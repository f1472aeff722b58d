"""NatsJetStreamChannel → a JetStream stream, a receiver and one durable consumer per subscriber.

eventing-natss's controller and dispatcher reconcilers, as one (``pkg/channel/jetstream``):
the channel's address is the IMC one, ``http://{name}-kn-channel.{ns}.svc.cluster.local``,
published to the eventing data plane at once, so that a POST answers 503 with the reason
while the stream is not there yet; the stream (``KN_{NS}__{NAME}`` or
``spec.stream.overrideName``) is created on the server ``config-nats`` names, in the
background; each ``spec.subscribers`` entry becomes a durable consumer ``KN_SUB_{UID}``,
reported ready in ``status.subscribers`` once it is bound. A change of ``config-nats``
re-reconciles every channel. Deleting the channel stops its consumers and deletes its
stream; a subscriber that leaves gets its consumer deleted.

Conditions (eventing-natss's set): ``StreamReady`` (Unknown while the stream is being
created, False with the server's error or a spec JetStream cannot take), ``DispatcherReady``
(the data plane runs in the daemon), ``ServiceReady``, ``EndpointsReady``,
``ChannelServiceReady``, ``Addressable``, plus ``DeadLetterSinkResolved`` as for every
Channelable.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.apis.duck import ADDRESSABLE
from knlite.apis.messaging import natsjetstreamchannel as api
from knlite.config.parse import NatsConfig
from knlite.eventing.dataplane import EVENTING_NS, ChannelInfo, ChannelKey, EventingState, Subscriber
from knlite.eventing.nats import specs
from knlite.eventing.nats.plane import NatsPlane, Route
from knlite.reconciler.base import Key, Reconciler
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.channel import channel_hosts, channel_url, resolve_dead_letter, subscribers_of
from knlite.reconciler.eventing.resolver import Resolver

Obj = dict[str, Any]
KIND = api.KIND
RETRY_AFTER = 5.0
CONFIG = "config-nats"



def owner_prefix(namespace: str, name: str) -> str:
    return f"{KIND}/{namespace}/{name}/"


class NatsJetStreamChannelReconciler(Reconciler):
    name = "natsjetstreamchannel"
    configs = ((EVENTING_NS, CONFIG),)

    def __init__(self, client: Client, state: EventingState, resolver: Resolver,
                 config: Callable[[], NatsConfig | None], nats: NatsPlane) -> None:
        super().__init__()
        self.client = client
        self.state = state
        self.resolver = resolver
        self.config = config
        self.nats = nats
        self.channels = client.rt(api.GROUP, KIND)
        self.gk = self.channels.group_kind

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.channels)]

    def _gone(self, ckey: ChannelKey) -> None:
        self.state.remove_channel(ckey)
        for owner in self.nats.consumers(owner_prefix(ckey.namespace, ckey.name)):
            self.nats.remove_consumer(owner, delete=False)  # the stream goes, and its consumers with it
        route = self.nats.channels.pop(ckey, None)
        self.nats.problems.pop(ckey, None)
        if route is not None:
            self.nats.delete_stream(route.connection, route.stream)

    def reconcile(self, key: Key) -> float | None:
        ckey = ChannelKey(key.namespace, key.name, KIND)
        ch = self.client.peek(self.channels, key.namespace, key.name)
        if ch is None or ch["metadata"].get("deletionTimestamp"):
            self._gone(ckey)
            return None
        spec = ch.get("spec") or {}
        subscribers = subscribers_of(spec)
        self.state.publish_channel(ChannelInfo(ckey, channel_hosts(key.name, key.namespace), subscribers, spec,
                                               ch["metadata"].get("uid", "")))
        status = copy.deepcopy(ch.get("status") or {})
        m = api.CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = ch["metadata"].get("generation", 1)
        for ctype in (api.SERVICE_READY, api.ENDPOINTS_READY, api.CHANNEL_SERVICE_READY, api.DISPATCHER_READY):
            m.mark_true(ctype)
        status["address"] = {"name": "http", "url": channel_url(key.name, key.namespace)}
        m.mark_true(ADDRESSABLE)
        resolve_dead_letter(self.resolver, spec.get("delivery"), key.namespace, status, api.CONDITIONS)
        again = self._reconcile(key, ckey, spec, subscribers, status, m)
        if not status.get("subscribers"):
            status.pop("subscribers", None)
        self.client.update_status(self.channels, ch, status)
        return again

    def _reconcile(self, key: Key, ckey: ChannelKey, spec: Obj, subscribers: tuple[Subscriber, ...], status: Obj,
                   m: Any) -> float | None:
        cfg = self.config() or NatsConfig()
        try:
            conn = specs.connection(cfg.url, cfg.conn_opts)
            stream = specs.stream_spec(key.namespace, key.name, spec)
            consumers = [(sub, specs.consumer_spec(stream, key.namespace, key.name, sub.uid,
                                                   spec.get("consumerConfigTemplate")))
                         for sub in subscribers]
        except specs.SpecError as e:
            self.nats.route(ckey, None, str(e))
            m.mark_false(api.STREAM_READY, "InvalidStreamConfig", str(e))
            status["subscribers"] = self._not_ready(subscribers, str(e))
            return None
        outcome = self.nats.ensure_stream(conn, stream, lambda: self.enqueue(key, 0.0))
        if outcome is None:
            m.mark_unknown(api.STREAM_READY, "StreamNotReady", f"creating JetStream stream {stream.name}")
            status["subscribers"] = self._not_ready(subscribers, "the stream is not ready")
            return None
        if not outcome.ok:
            self.nats.route(ckey, None, outcome.error)
            hint = ""
            if cfg.auth or cfg.tls:
                hint = (" (config-nats auth and tls are not used by knlite yet: give the credentials in the url, "
                        "nats://user:password@host:4222)")
            m.mark_false(api.STREAM_READY, "DispatcherCreateStreamFailed",
                         f"Failed to create JetStream stream {stream.name}: {outcome.error}{hint}")
            status["subscribers"] = self._not_ready(subscribers, "the stream is not ready")
            return RETRY_AFTER
        m.mark_true(api.STREAM_READY)
        self.nats.route(ckey, Route(conn, stream.name, stream.subject))
        status["subscribers"] = self._consumers(key, conn, consumers)
        return None

    @staticmethod
    def _not_ready(subscribers: tuple[Subscriber, ...], message: str) -> list[Obj]:
        return [{"uid": s.uid, "observedGeneration": s.generation, "ready": "False", "message": message}
                for s in subscribers]

    def _consumers(self, key: Key, conn: specs.Connection,
                   consumers: list[tuple[Subscriber, specs.ConsumerSpec]]) -> list[Obj]:
        prefix = owner_prefix(key.namespace, key.name)
        out, wanted = [], set()
        for sub, cspec in consumers:
            owner = prefix + sub.uid
            wanted.add(owner)
            state = self.nats.apply_consumer(owner, conn, cspec, self.nats.subscriber_handler(key.namespace, sub),
                                             lambda: self.enqueue(key, 0.0))
            entry: Obj = {"uid": sub.uid, "observedGeneration": sub.generation,
                          "ready": "True" if state.ready else "False"}
            if not state.ready:
                entry["message"] = state.error or "creating the JetStream consumer"
            out.append(entry)
        for owner in set(self.nats.consumers(prefix)) - wanted:
            self.nats.remove_consumer(owner)
        return out
