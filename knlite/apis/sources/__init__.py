"""The ``sources.knative.dev`` kinds: PingSource, ContainerSource, ApiServerSource, SinkBinding,
GitLabSource and KafkaSource."""

from __future__ import annotations

from knlite.apis.registry import Registry
from knlite.apis.sources import (
    apiserversource,
    containersource,
    gitlabsource,
    kafkasource,
    pingsource,
    sinkbinding,
)


def register(reg: Registry) -> None:
    for module in (pingsource, containersource, apiserversource, sinkbinding, gitlabsource, kafkasource):
        reg.register(module.resource_type())
