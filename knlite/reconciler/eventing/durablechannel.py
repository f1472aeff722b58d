"""SqliteChannel → its log and cursors in the durable channel data plane, and its status.

The status and address are InMemoryChannel's (same Channelable duck, same conditions), so
this reconciler is InMemoryChannel's with one addition: besides publishing the channel's host
and subscribers to the eventing state, it hands them to the
:class:`~knlite.eventing.channels.durable.DurableDispatcher`, which opens the channel's log,
starts a cursor per new subscriber and applies the retention settings; a deleted channel's
log is deleted. Listing every SqliteChannel (at start and on resync) also deletes the logs of
channels that no longer exist.
"""

from __future__ import annotations

from knlite.apis.messaging import sqlitechannel as api
from knlite.eventing.channels.durable import DurableDispatcher
from knlite.eventing.dataplane import ChannelInfo, ChannelKey, EventingState
from knlite.reconciler.base import Key
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.channel import InMemoryChannelReconciler
from knlite.reconciler.eventing.resolver import Resolver


class SqliteChannelReconciler(InMemoryChannelReconciler):
    name = "sqlitechannel"
    group, kind = api.GROUP, api.KIND

    def __init__(self, client: Client, state: EventingState, resolver: Resolver,
                 dispatcher: DurableDispatcher) -> None:
        super().__init__(client, state, resolver)
        self.dispatcher = dispatcher

    def all_keys(self) -> list[Key]:
        channels = self.client.list(self.imcs)
        self.dispatcher.retain(o["metadata"].get("uid", "") for o in channels)
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in channels]

    def publish(self, info: ChannelInfo) -> None:
        self.dispatcher.update(info)  # the log first: the channel's host must not answer before it
        super().publish(info)

    def unpublish(self, key: ChannelKey) -> None:
        super().unpublish(key)
        self.dispatcher.remove(key)
