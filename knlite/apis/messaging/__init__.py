"""The ``messaging.knative.dev`` kinds: Channel, InMemoryChannel, Subscription and the backend channels."""

from __future__ import annotations

from knlite.apis.messaging import channel, inmemorychannel, kafkachannel, natsjetstreamchannel, subscription
from knlite.apis.registry import Registry


def register(reg: Registry) -> None:
    for module in (channel, inmemorychannel, subscription, kafkachannel, natsjetstreamchannel):
        reg.register(module.resource_type())
