"""The eventing plane: reconcilers, channel data planes and the eventing server, wired up.

Knative Eventing's controller, broker ingress/filter and the in-memory channel dispatcher
become one unit here. Reconcilers publish into :class:`~knlite.eventing.dataplane.EventingState`;
the eventing server answers the cluster-local eventing hosts, which the serving plane's
internal gateway routes to it; deliveries go out through :class:`LocalTransport` (in-process
for eventing hosts, through the gateway for services).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from knlite.eventing.channels.durable import DurableDispatcher
from knlite.eventing.channels.inmemory import InMemoryDispatcher
from knlite.eventing.dataplane import DISPATCHER, EVENTING_NS, EventingState
from knlite.eventing.handlers import EventingHandlers
from knlite.eventing.httpclient import FastTransport
from knlite.eventing.kafka import names as kafka_names
from knlite.eventing.kafka.plane import KafkaPlane
from knlite.eventing.kafka.specs import KafkaOptions
from knlite.eventing.nats.plane import NatsPlane
from knlite.eventing.rabbitmq.plane import RabbitPlane
from knlite.eventing.server import EventingServer
from knlite.eventing.sources.apiserver import ApiServerAdapters
from knlite.eventing.sources.gitlab import GitLabReceivers
from knlite.eventing.sources.gitlab_api import HookSyncer
from knlite.eventing.sources.ping import PingScheduler
from knlite.eventing.transport import FILTER_HOSTS, INGRESS_HOSTS, LocalTransport
from knlite.reconciler.base import Manager
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.apiserversource import ApiServerSourceReconciler
from knlite.reconciler.eventing.broker import BrokerReconciler, TriggerReconciler
from knlite.reconciler.eventing.channel import ChannelReconciler, InMemoryChannelReconciler
from knlite.reconciler.eventing.containersource import ContainerSourceReconciler
from knlite.reconciler.eventing.durablechannel import SqliteChannelReconciler
from knlite.reconciler.eventing.flows import ParallelReconciler, SequenceReconciler
from knlite.reconciler.eventing.gitlab import GitLabSourceReconciler
from knlite.reconciler.eventing.kafkabroker import KafkaBrokerReconciler, KafkaTriggerReconciler
from knlite.reconciler.eventing.kafkachannel import KafkaChannelReconciler
from knlite.reconciler.eventing.kafkasource import KafkaSourceReconciler
from knlite.reconciler.eventing.natschannel import NatsJetStreamChannelReconciler
from knlite.reconciler.eventing.ping import PingSourceReconciler
from knlite.reconciler.eventing.rabbitmqbroker import RabbitMQBrokerReconciler, RabbitMQTriggerReconciler
from knlite.reconciler.eventing.resolver import Resolver
from knlite.reconciler.eventing.sinkbinding import SinkBindingReconciler
from knlite.reconciler.eventing.subscription import SubscriptionReconciler
from knlite.reconciler.eventing.sugar import EventTypeRegistrar, SugarReconciler
from knlite.serving.dataplane import CLUSTER_LOCAL, Instance, RevisionKey, RouteRule, Split

if TYPE_CHECKING:
    from knlite.daemon import Daemon

log = logging.getLogger(__name__)

CONTROLLER = "system:serviceaccount:knative-eventing:eventing-controller"
DISPATCHER_KEY = RevisionKey(EVENTING_NS, DISPATCHER)


class EventingPlane:
    def __init__(self, daemon: Daemon) -> None:
        self.daemon = daemon
        self.state = EventingState()
        self.http = FastTransport()
        self.transport = LocalTransport(self.http, daemon.settings.internal_port)
        features = lambda: daemon.configs.view().eventing_features  # noqa: E731
        self.imc = InMemoryDispatcher(self.transport, features)
        self.durable = DurableDispatcher(daemon.settings.channels_dir, self.transport, features)
        settings = daemon.settings
        self.kafka = KafkaPlane(self.transport, features, KafkaOptions(
            settings.kafka_session_timeout_ms, settings.kafka_heartbeat_interval_ms, settings.kafka_fetch_max_wait_ms))
        self.nats = NatsPlane(self.transport, features)
        self.handlers = EventingHandlers(self.state, {"InMemoryChannel": self.imc, "SqliteChannel": self.durable,
                                                      "KafkaChannel": self.kafka, "NatsJetStreamChannel": self.nats},
                                         self.transport)
        self.rabbit = RabbitPlane(self.transport, features, self.handlers.hosts)
        self.handlers.hosts.update(dict.fromkeys(kafka_names.BROKER_INGRESS_HOSTS, self.kafka.broker_ingress))
        self.transport.handlers = self.handlers
        self.ping = PingScheduler.in_state_dir(self.transport, daemon.settings.state_dir)
        self.gitlab = GitLabReceivers(self.transport)
        self.gitlab_hooks = HookSyncer()
        self.server = EventingServer(self.handlers, self.gitlab)
        self.client = Client(daemon.core, CONTROLLER)
        self.resolver = Resolver(self.client)
        view = daemon.configs.view
        self.manager = Manager()
        for r in (
            InMemoryChannelReconciler(self.client, self.state, self.resolver),
            SqliteChannelReconciler(self.client, self.state, self.resolver, self.durable),
            ChannelReconciler(self.client, self.resolver),
            SubscriptionReconciler(self.client, self.resolver),
            BrokerReconciler(self.client, self.state, self.resolver, view),
            TriggerReconciler(self.client, self.state, self.resolver, view),
            SugarReconciler(self.client, view),
            SequenceReconciler(self.client),
            ParallelReconciler(self.client),
            ContainerSourceReconciler(self.client),
            PingSourceReconciler(self.client, self.resolver, self.ping),
            GitLabSourceReconciler(self.client, self.resolver, self.gitlab, self.gitlab_hooks, view),
        ):
            self.manager.add(r)
        self.apiserver_adapters = ApiServerAdapters(self.transport, daemon.core.registry)
        self.manager.add(ApiServerSourceReconciler(self.client, self.resolver, self.apiserver_adapters,
                                                   daemon.settings.api_url))
        self.sinkbindings = SinkBindingReconciler(self.client, self.resolver)
        self.manager.add(self.sinkbindings)
        daemon.core.mutators.append(self.sinkbindings.webhook.mutate)
        nats_config = lambda: daemon.configs.get(EVENTING_NS, "config-nats")  # noqa: E731
        for er in (KafkaChannelReconciler(self.client, self.state, self.resolver, view, self.kafka),
                   KafkaBrokerReconciler(self.client, self.resolver, self.kafka),
                   KafkaTriggerReconciler(self.client, self.resolver, view, self.kafka),
                   KafkaSourceReconciler(self.client, self.resolver, view, self.kafka),
                   NatsJetStreamChannelReconciler(self.client, self.state, self.resolver, nats_config, self.nats),
                   RabbitMQBrokerReconciler(self.client, self.resolver, self.rabbit),
                   RabbitMQTriggerReconciler(self.client, self.resolver, view, self.rabbit)):
            self.manager.add(er)
        self.handlers.on_event = self.kafka.on_event = self.rabbit.on_event = EventTypeRegistrar(
            self.client, self.state, view)

    def _hosts(self) -> dict[str, RouteRule]:
        """The cluster-local hosts the internal gateway sends to the eventing server."""
        rule = RouteRule(EVENTING_NS, DISPATCHER, (Split(DISPATCHER_KEY, 100),), CLUSTER_LOCAL)
        hosts: dict[str, RouteRule] = {h: rule for h in INGRESS_HOSTS | FILTER_HOSTS}
        for h in (*self.state.channel_hosts, *self.handlers.hosts):
            hosts[h] = rule
        return hosts

    async def start(self) -> None:
        d = self.daemon
        port = await self.server.start()
        d.on_stop(self.server.stop)
        serving: Any = d.serving
        serving.state.endpoints.set(DISPATCHER_KEY, (Instance(DISPATCHER, "127.0.0.1", port),))
        serving.ingress.add_hosts(self._hosts)
        self.state.on_hosts_change(serving.ingress.republish)
        serving.ingress.add_hosts(self.gitlab.route_rules)
        self.gitlab.on_hosts_change(serving.ingress.republish)
        d.store.add_listener(self.manager.on_event)
        d.store.add_listener(self.apiserver_adapters.on_event)
        d.on_stop(self.apiserver_adapters.stop)
        await self.durable.start()
        self.manager.start()
        d.on_stop(self.manager.stop)
        d.on_stop(self.imc.stop)
        d.on_stop(self.http.close)
        d.on_stop(self.durable.stop)  # before the transport closes: a cut delivery must not count as done
        d.on_stop(self.kafka.stop)  # likewise: a cut delivery's offset must not be committed
        d.on_stop(self.nats.stop)  # likewise: a cut delivery must not be acknowledged
        d.on_stop(self.rabbit.stop)
        self.rabbit.on_hosts_change(serving.ingress.republish)
        self.ping.start()
        d.on_stop(self.ping.stop)
        d.on_stop(self.gitlab_hooks.stop)
        log.info("eventing data plane on 127.0.0.1:%d", port)
