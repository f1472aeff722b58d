"""The ``eventing.knative.dev`` kinds: Broker, Trigger, EventType (and RabbitmqBrokerConfig)."""

from __future__ import annotations

from knlite.apis.eventing import broker, eventtype, rabbitmqbrokerconfig, trigger
from knlite.apis.registry import Registry


def register(reg: Registry) -> None:
    for module in (broker, trigger, eventtype, rabbitmqbrokerconfig):
        reg.register(module.resource_type())
