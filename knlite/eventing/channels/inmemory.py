"""InMemoryChannel: fan-out to every subscriber, each with its own retries (``pkg/channel/fanout``).

An event accepted by an InMemoryChannel is answered 202 at once and then sent, in parallel,
to every subscriber with that subscriber's delivery policy (retries, back-off, dead letter
sink, reply), independently: a slow or failing subscriber delays no one else. Nothing is
persisted — a daemon stop loses what is in flight, exactly the guarantee Knative's IMC gives.
The event is encoded once per fan-out, not once per subscriber.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any

from knlite.eventing import cloudevents as ce
from knlite.eventing.dataplane import ChannelInfo, Subscriber
from knlite.eventing.delivery import DeliveryOptions, Features, Transport, dispatch

log = logging.getLogger(__name__)


class InMemoryDispatcher:
    def __init__(self, transport: Transport, features: Callable[[], Features]) -> None:
        self.transport = transport
        self.features = features
        self._tasks: set[asyncio.Task[Any]] = set()
        self._options: dict[tuple[str, int], DeliveryOptions] = {}

    def options(self, sub: Subscriber) -> DeliveryOptions:
        key = (sub.uid, sub.generation)
        opts = self._options.get(key)
        if opts is None:
            opts = DeliveryOptions.from_spec(sub.delivery, sub.dead_letter_uri, self.features())
            if len(self._options) > 10_000:
                self._options.clear()
            self._options[key] = opts
        return opts

    async def publish(self, channel: ChannelInfo, event: Any, headers: Mapping[str, str]) -> None:
        if not channel.subscribers:
            return
        encoded = ce.to_binary(event)
        extra = headers  # already the request's passthrough headers
        loop = asyncio.get_running_loop()
        for sub in channel.subscribers:
            if not sub.subscriber_uri:
                continue
            task = loop.create_task(dispatch(event, sub.subscriber_uri, self.options(sub), self.transport,
                                             reply=sub.reply_uri, namespace=channel.key.namespace,
                                             extra_headers=extra, encoded=encoded))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        for t in list(self._tasks):
            t.cancel()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=5)
