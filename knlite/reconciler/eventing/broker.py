"""Broker and Trigger reconcilers for the channel-based broker (``MTChannelBasedBroker``).

A Broker (``pkg/reconciler/broker``) gets a trigger channel, ``{broker}-kne-trigger``, of
the kind ``config-br-default-channel`` names (or the ConfigMap its ``spec.config`` points
at), with the Broker's delivery; its address is the shared ingress
``http://broker-ingress.knative-eventing.svc.cluster.local/{ns}/{name}`` and its status
annotations name the channel, as the seed's walkthrough shows. A Trigger
(``pkg/reconciler/broker/trigger``) becomes a Subscription to that channel whose subscriber is
the broker filter (``/triggers/{ns}/{trigger}/{uid}``) and whose reply is the Broker, so replies
come back in through the ingress. The filter itself runs in the data plane from the compiled
filter and resolved subscriber URI published here.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.apis import kmeta
from knlite.apis.duck import ADDRESSABLE, OIDC_IDENTITY_CREATED
from knlite.apis.eventing import broker as broker_api
from knlite.apis.eventing import trigger as trigger_api
from knlite.apis.messaging import is_channel_kind
from knlite.apis.serving import lifecycle
from knlite.config.parse import parse_broker_channel
from knlite.config.types import ConfigView
from knlite.eventing.dataplane import (
    BROKER_FILTER_HOST,
    BROKER_INGRESS_HOST,
    BrokerInfo,
    EventingState,
    TriggerInfo,
)
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.channel import resolve_dead_letter
from knlite.reconciler.eventing.resolver import ResolveError, Resolver
from knlite.reconciler.eventing.trigger_base import TriggerReconcilerBase

Obj = dict[str, Any]
EVENTING = "eventing.knative.dev"
MESSAGING = "messaging.knative.dev"


def ingress_url(namespace: str, name: str) -> str:
    return f"http://{BROKER_INGRESS_HOST}/{namespace}/{name}"


def filter_url(namespace: str, trigger: str, uid: str) -> str:
    return f"http://{BROKER_FILTER_HOST}/triggers/{namespace}/{trigger}/{uid}"


class BrokerReconciler(Reconciler):
    name = "broker"

    def __init__(self, client: Client, state: EventingState, resolver: Resolver,
                 config: Callable[[], ConfigView]) -> None:
        super().__init__()
        self.client = client
        self.state = state
        self.resolver = resolver
        self.config = config
        self.brokers = client.rt(EVENTING, "Broker")
        self.gk = self.brokers.group_kind
        self.watches = [Watch(rt.group_kind, owner_mapper("Broker", EVENTING)) for rt in client.core.registry
                        if is_channel_kind(rt)]
        self.watches.append(Watch("ConfigMap", self._brokers_using_config))

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.brokers)]

    def _brokers_using_config(self, cm: Obj) -> list[Key]:
        ns, name = cm["metadata"].get("namespace", ""), cm["metadata"]["name"]
        out = []
        for b in self.client.list(self.brokers):
            ref = (b.get("spec") or {}).get("config") or {}
            if ref.get("kind") == "ConfigMap" and ref.get("name") == name and (ref.get("namespace") or
                                                                             b["metadata"]["namespace"]) == ns:
                out.append(Key(b["metadata"]["namespace"], b["metadata"]["name"]))
        return out

    def reconcile(self, key: Key) -> float | None:
        b = self.client.peek(self.brokers, key.namespace, key.name)
        if b is None or b["metadata"].get("deletionTimestamp"):
            self.state.remove_broker(key.namespace, key.name)
            return None
        if broker_api.broker_class(b) != broker_api.MT_CHANNEL_BROKER:
            return None  # another class's reconciler owns it
        status = copy.deepcopy(b.get("status") or {})
        cs = broker_api.CONDITIONS
        m = cs.manage(status)
        m.initialize()
        status["observedGeneration"] = b["metadata"].get("generation", 1)
        spec = b.get("spec") or {}
        resolve_dead_letter(self.resolver, spec.get("delivery"), key.namespace, status, cs)
        template, problem = self._template(b)
        channel = None
        if template is None:
            m.mark_false(broker_api.TRIGGER_CHANNEL_READY, "ChannelTemplateFailed",
                         f"Error on setting up the ChannelTemplate: {problem}")
        else:
            channel = self._reconcile_channel(b, template, m)
        annotations = status.setdefault("annotations", {})
        address = ((channel or {}).get("status") or {}).get("address", {}).get("url")
        if channel is not None and address:
            annotations[broker_api.CHANNEL_ADDRESS_ANNOTATION] = address
            annotations[broker_api.CHANNEL_API_VERSION_ANNOTATION] = channel["apiVersion"]
            annotations[broker_api.CHANNEL_KIND_ANNOTATION] = channel["kind"]
            annotations[broker_api.CHANNEL_NAME_ANNOTATION] = channel["metadata"]["name"]
            if lifecycle.is_ready(channel):
                m.mark_true(broker_api.TRIGGER_CHANNEL_READY)
            else:
                m.mark_false(broker_api.TRIGGER_CHANNEL_READY, "ChannelNotReady",
                             "trigger Channel is not ready: " + ((lifecycle.condition(channel) or {}).get("message")
                                                                 or "not ready"))
        elif channel is not None:
            m.mark_false(broker_api.TRIGGER_CHANNEL_READY, "NoAddress", "Channel does not have an address.")
        if not annotations:
            status.pop("annotations", None)
        m.mark_true(broker_api.INGRESS_READY)
        m.mark_true(broker_api.FILTER_READY)
        status["address"] = {"name": "http", "url": ingress_url(key.namespace, key.name)}
        m.mark_true(ADDRESSABLE)
        self.client.update_status(self.brokers, b, status)
        ready = m.is_happy()
        self.state.publish_broker(BrokerInfo(key.namespace, key.name, broker_api.MT_CHANNEL_BROKER,
                                             annotations.get(broker_api.CHANNEL_ADDRESS_ANNOTATION, ""), ready,
                                             b["metadata"].get("uid", "")))
        return None

    def _template(self, b: Obj) -> tuple[Obj | None, str]:
        ref = (b.get("spec") or {}).get("config") or {}
        if ref.get("kind") not in (None, "", "ConfigMap"):
            return None, f"broker.spec.config has unsupported kind {ref.get('kind')}"
        ns = ref.get("namespace") or b["metadata"]["namespace"]
        name = ref.get("name") or ""
        if not name:
            return self.config().br_channel.template.to_dict(), ""
        cm = self.client.peek(self.client.rt("", "ConfigMap"), ns, name)
        if cm is None:
            return None, f'configmap "{name}" not found'
        try:
            return parse_broker_channel(cm.get("data") or {}).template.to_dict(), ""
        except Exception as e:  # the ConfigMap's own validation message
            return None, str(e)

    def _reconcile_channel(self, b: Obj, template: Obj, m: Any) -> Obj | None:
        api_version, kind = template.get("apiVersion", ""), template.get("kind", "")
        rt = self.client.core.registry.by_kind(api_version.rpartition("/")[0], kind)
        if rt is None:
            m.mark_false(broker_api.TRIGGER_CHANNEL_READY, "ChannelTemplateFailed",
                         f"Error on setting up the ChannelTemplate: unknown channel kind {kind}")
            return None
        ns, name = b["metadata"]["namespace"], kmeta.child_name(b["metadata"]["name"], "-kne-trigger")
        spec = copy.deepcopy(template.get("spec") or {})
        if (b.get("spec") or {}).get("delivery"):
            spec["delivery"] = copy.deepcopy(b["spec"]["delivery"])
        existing = self.client.peek(rt, ns, name)
        if existing is None:
            return self.client.create(rt, {
                "apiVersion": api_version, "kind": kind,
                "metadata": {"name": name, "namespace": ns,
                             "labels": {"eventing.knative.dev/broker": b["metadata"]["name"],
                                        "eventing.knative.dev/brokerEverything": "true"},
                             "annotations": {"eventing.knative.dev/scope": "cluster"},
                             "ownerReferences": [kmeta.owner_reference(b)]},
                "spec": spec})
        current = existing.get("spec") or {}
        if current.get("delivery") != spec.get("delivery"):
            new = copy.deepcopy(existing)
            if spec.get("delivery"):
                new.setdefault("spec", {})["delivery"] = spec["delivery"]
            else:
                new.setdefault("spec", {}).pop("delivery", None)
            return self.client.update(rt, new)
        return existing


class TriggerReconciler(TriggerReconcilerBase):
    name = "trigger"

    def __init__(self, client: Client, state: EventingState, resolver: Resolver,
                 config: Callable[[], ConfigView]) -> None:
        super().__init__(client)
        self.state = state
        self.resolver = resolver
        self.config = config
        self.subscriptions = client.rt(MESSAGING, "Subscription")
        self.watches.append(Watch(self.subscriptions.group_kind, owner_mapper("Trigger", EVENTING)))

    def reconcile(self, key: Key) -> float | None:
        t = self.client.peek(self.triggers, key.namespace, key.name)
        if t is None or t["metadata"].get("deletionTimestamp"):
            self.state.remove_trigger(key.namespace, key.name)
            return None
        spec = t.get("spec") or {}
        status = copy.deepcopy(t.get("status") or {})
        cs = trigger_api.CONDITIONS
        m = cs.manage(status)
        m.initialize()
        status["observedGeneration"] = t["metadata"].get("generation", 1)
        m.mark_true(OIDC_IDENTITY_CREATED, "authentication.oidc feature disabled", "")
        broker_name = spec.get("broker", "")
        b = self.client.peek(self.brokers, key.namespace, broker_name)
        if b is None:
            m.mark_false(trigger_api.BROKER_READY, "BrokerDoesNotExist", f'Broker "{broker_name}" does not exist')
            self.state.remove_trigger(key.namespace, key.name)
            self.client.update_status(self.triggers, t, status)
            return None
        if broker_api.broker_class(b) != broker_api.MT_CHANNEL_BROKER:
            return None  # another class's reconciler owns its triggers
        if not lifecycle.is_ready(b):
            ready = lifecycle.condition(b) or {}
            m.mark_false(trigger_api.BROKER_READY, ready.get("reason") or "BrokerNotReady",
                         ready.get("message") or f'Broker "{broker_name}" is not ready')
            self.client.update_status(self.triggers, t, status)
            return None
        m.mark_true(trigger_api.BROKER_READY)
        self._dependency(t, m)
        try:
            subscriber_uri = self.resolver.resolve(spec.get("subscriber"), key.namespace)
            status["subscriberUri"] = subscriber_uri
            m.mark_true(trigger_api.SUBSCRIBER_RESOLVED)
        except ResolveError as e:
            status.pop("subscriberUri", None)
            m.mark_false(trigger_api.SUBSCRIBER_RESOLVED, "Unable to get the Subscriber's URI", str(e))
            self.state.remove_trigger(key.namespace, key.name)
            self.client.update_status(self.triggers, t, status)
            return None
        if (spec.get("delivery") or {}).get("deadLetterSink"):
            resolve_dead_letter(self.resolver, spec["delivery"], key.namespace, status, cs)
        elif (b.get("status") or {}).get("deadLetterSinkUri"):
            status["deadLetterSinkUri"] = b["status"]["deadLetterSinkUri"]
            m.mark_true("DeadLetterSinkResolved")
        else:
            resolve_dead_letter(self.resolver, None, key.namespace, status, cs)
        sub = self._reconcile_subscription(t, b)
        if sub is not None and lifecycle.is_ready(sub):
            m.mark_true(trigger_api.SUBSCRIPTION_READY)
        else:
            ready = lifecycle.condition(sub or {}) or {}
            m.mark_unknown(trigger_api.SUBSCRIPTION_READY, ready.get("reason") or "SubscriptionNotReady",
                           ready.get("message") or "Subscription is not ready")
        from knlite.eventing.filters import compile_filter

        new_filters = self.config().eventing_features.enabled("new-trigger-filters")
        self.state.publish_trigger(TriggerInfo(key.namespace, key.name, t["metadata"]["uid"], broker_name,
                                               subscriber_uri, compile_filter(spec, new_filters)))
        self.client.update_status(self.triggers, t, status)
        return None

    def _dependency(self, t: Obj, m: Any) -> None:
        raw = (t["metadata"].get("annotations") or {}).get(trigger_api.DEPENDENCY_ANNOTATION)
        if not raw:
            m.mark_true(trigger_api.DEPENDENCY_READY)
            return
        import json

        try:
            ref = json.loads(raw)
        except ValueError:
            m.mark_false(trigger_api.DEPENDENCY_READY, "DependencyDoesNotExist", "invalid dependency annotation")
            return
        rt = self.client.core.registry.by_kind(str(ref.get("apiVersion", "")).rpartition("/")[0], ref.get("kind", ""))
        dep = self.client.peek(rt, t["metadata"]["namespace"], ref.get("name", "")) if rt else None
        if dep is None:
            m.mark_false(trigger_api.DEPENDENCY_READY, "DependencyDoesNotExist",
                         f"Dependency does not exist: {ref.get('kind')} {ref.get('name')}")
        elif lifecycle.is_ready(dep):
            m.mark_true(trigger_api.DEPENDENCY_READY)
        else:
            ready = lifecycle.condition(dep) or {}
            m.mark_unknown(trigger_api.DEPENDENCY_READY, ready.get("reason") or "DependencyNotReady",
                           ready.get("message") or "Dependency is not ready")

    def _reconcile_subscription(self, t: Obj, b: Obj) -> Obj | None:
        ns, name, uid = t["metadata"]["namespace"], t["metadata"]["name"], t["metadata"]["uid"]
        ann = (b.get("status") or {}).get("annotations") or {}
        if not ann.get(broker_api.CHANNEL_NAME_ANNOTATION):
            return None
        sub_name = kmeta.child_name(f"{b['metadata']['name']}-{name}-", uid)
        delivery = (t.get("spec") or {}).get("delivery") or (b.get("spec") or {}).get("delivery")
        spec: Obj = {
            "channel": {"apiVersion": ann[broker_api.CHANNEL_API_VERSION_ANNOTATION],
                        "kind": ann[broker_api.CHANNEL_KIND_ANNOTATION],
                        "name": ann[broker_api.CHANNEL_NAME_ANNOTATION]},
            "subscriber": {"uri": filter_url(ns, name, uid)},
            "reply": {"ref": {"apiVersion": f"{EVENTING}/v1", "kind": "Broker", "name": b["metadata"]["name"],
                              "namespace": ns}},
        }
        if delivery:
            spec["delivery"] = copy.deepcopy(delivery)
        existing = self.client.peek(self.subscriptions, ns, sub_name)
        if existing is None:
            return self.client.create(self.subscriptions, {
                "apiVersion": f"{MESSAGING}/v1", "kind": "Subscription",
                "metadata": {"name": sub_name, "namespace": ns,
                             "labels": {"eventing.knative.dev/broker": b["metadata"]["name"],
                                        "eventing.knative.dev/trigger": name},
                             "ownerReferences": [kmeta.owner_reference(t)]},
                "spec": spec})
        want = {k: v for k, v in spec.items() if k != "channel"}
        have = {k: v for k, v in (existing.get("spec") or {}).items() if k != "channel"}
        if want == have:
            return existing
        new = copy.deepcopy(existing)
        new["spec"] = dict(new.get("spec") or {}, **want)
        if not delivery:
            new["spec"].pop("delivery", None)
        return self.client.update(self.subscriptions, new)
