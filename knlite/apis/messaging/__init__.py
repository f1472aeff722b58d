"""The messaging kinds: Channel, InMemoryChannel, Subscription and the backend channels.

Channel implementations live in ``messaging.knative.dev`` (Knative's and its extensions')
and ``messaging.knlite.dev`` (knlite's own, e.g. SqliteChannel); :func:`is_channel_kind` is
how controllers recognise one whatever its group.
"""

from __future__ import annotations

from knlite.apis.messaging import (
    channel,
    inmemorychannel,
    kafkachannel,
    natsjetstreamchannel,
    sqlitechannel,
    subscription,
)
from knlite.apis.registry import Registry, ResourceType

CHANNEL_GROUPS = ("messaging.knative.dev", "messaging.knlite.dev")


def is_channel_kind(rt: ResourceType) -> bool:
    """A channel kind: the generic ``Channel`` or an implementation (``*Channel`` in a messaging group)."""
    return rt.group in CHANNEL_GROUPS and rt.kind.endswith("Channel")


def register(reg: Registry) -> None:
    for module in (channel, inmemorychannel, subscription, kafkachannel, natsjetstreamchannel, sqlitechannel):
        reg.register(module.resource_type())
