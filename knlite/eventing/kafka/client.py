"""Kafka connections: one producer and one admin client per bootstrap-server list.

Knative's receivers keep one producer per Kafka cluster and share it between every broker
and channel that lives there; the controller keeps a cluster admin per cluster. knlite does
the same, keyed by the bootstrap-server string, and starts each client on first use. The
producer writes with ``acks=all``: an event is answered 202 only once the cluster has it.

Consumer timeouts come from :class:`~knlite.eventing.kafka.specs.KafkaOptions`.

aiokafka is imported here and nowhere else at module level of the Kafka package.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError
from aiokafka.structs import OffsetAndMetadata, TopicPartition

from knlite.eventing.kafka.specs import KafkaOptions, TopicSpec

log = logging.getLogger(__name__)
# aiokafka narrates every group join and rebalance at INFO; knlite logs what matters itself
logging.getLogger("aiokafka").setLevel(logging.WARNING)

CLIENT_ID = "knlite"
TOPIC_ALREADY_EXISTS = 36


class KafkaUnavailable(Exception):
    """A Kafka call failed: cluster unreachable, topic missing, request refused."""


def _servers(bootstrap: str) -> list[str]:
    return [s.strip() for s in bootstrap.split(",") if s.strip()]


class KafkaClients:
    def __init__(self, options: KafkaOptions) -> None:
        self.options = options
        self._producers: dict[str, AIOKafkaProducer] = {}
        self._admins: dict[str, AIOKafkaAdminClient] = {}
        self._locks: dict[str, asyncio.Lock] = {}  # per cluster: one that is down holds up no other

    # -- producing --------------------------------------------------------------------------
    async def producer(self, bootstrap: str) -> AIOKafkaProducer:
        p = self._producers.get(bootstrap)
        if p is not None:
            return p
        async with self._locks.setdefault(bootstrap, asyncio.Lock()):
            p = self._producers.get(bootstrap)
            if p is None:
                p = AIOKafkaProducer(bootstrap_servers=_servers(bootstrap), client_id=CLIENT_ID, acks="all",
                                     request_timeout_ms=self.options.request_timeout_ms,
                                     max_request_size=4 * 1024 * 1024)
                try:
                    await p.start()
                except BaseException as e:
                    await _quietly(p.stop())
                    raise KafkaUnavailable(f"cannot connect to Kafka at {bootstrap}: {e}") from e
                self._producers[bootstrap] = p
        return p

    async def send(self, bootstrap: str, topic: str, value: bytes, key: bytes | None,
                   headers: list[tuple[str, bytes]]) -> None:
        """Produce one record and wait for the cluster's acknowledgement."""
        p = await self.producer(bootstrap)
        try:
            await p.send_and_wait(topic, value=value, key=key, headers=headers)
        except KafkaError as e:
            raise KafkaUnavailable(f"failed to produce to topic {topic}: {e}") from e

    # -- administration ------------------------------------------------------------------------
    async def admin(self, bootstrap: str) -> AIOKafkaAdminClient:
        a = self._admins.get(bootstrap)
        if a is not None:
            return a
        async with self._locks.setdefault(bootstrap, asyncio.Lock()):
            a = self._admins.get(bootstrap)
            if a is None:
                a = AIOKafkaAdminClient(bootstrap_servers=_servers(bootstrap), client_id=CLIENT_ID,
                                        request_timeout_ms=self.options.request_timeout_ms)
                try:
                    await a.start()
                except BaseException as e:
                    await _quietly(a.close())
                    raise KafkaUnavailable(f"cannot connect to Kafka at {bootstrap}: {e}") from e
                self._admins[bootstrap] = a
        return a

    async def ensure_topic(self, bootstrap: str, topic: TopicSpec) -> None:
        """``CreateTopicIfDoesntExist``: create it; an existing topic is fine as it is."""
        admin = await self.admin(bootstrap)
        try:
            resp = await admin.create_topics([NewTopic(topic.name, topic.partitions, topic.replication_factor,
                                                       topic_configs=dict(topic.config))])
        except KafkaError as e:
            raise KafkaUnavailable(str(e)) from e
        for _name, code, *rest in getattr(resp, "topic_errors", ()):
            if code not in (0, TOPIC_ALREADY_EXISTS):
                message = rest[0] if rest and rest[0] else f"error code {code}"
                raise KafkaUnavailable(f"failed to create topic {topic.name}: {message}")

    async def check_topics(self, bootstrap: str, topics: Iterable[str]) -> None:
        """``AreTopicsPresentAndValid``: each topic exists with at least one partition.

        Listed first, described only if present: a metadata request naming a missing topic
        makes a broker with ``auto.create.topics.enable`` create it.
        """
        admin = await self.admin(bootstrap)
        names = list(topics)
        try:
            existing = set(await admin.list_topics())
            missing = [n for n in names if n not in existing]
            if missing:
                raise KafkaUnavailable(f"topics {missing} do not exist")
            described = await admin.describe_topics(names)
        except KafkaError as e:
            raise KafkaUnavailable(str(e)) from e
        for d in described:
            if d.get("error_code") or not d.get("partitions"):
                raise KafkaUnavailable(f"topic {d.get('topic')} is not valid (error code {d.get('error_code')})")

    async def delete_topic(self, bootstrap: str, topic: str) -> None:
        admin = await self.admin(bootstrap)
        try:
            await admin.delete_topics([topic])
        except KafkaError as e:
            raise KafkaUnavailable(str(e)) from e

    async def init_offsets(self, bootstrap: str, group: str, topics: Iterable[str], earliest: bool = False) -> int:
        """``InitOffsets``: commit the newest (or oldest) offset of every partition the group has none for.

        Done before a subscription or trigger is reported ready, so that an event accepted
        after that point is delivered even if the group's first session closes before it
        consumed anything. Returns the number of partitions.
        """
        c = AIOKafkaConsumer(bootstrap_servers=_servers(bootstrap), group_id=group, client_id=CLIENT_ID,
                             enable_auto_commit=False, **_consumer_options(self.options))
        try:
            await c.start()
        except BaseException as e:
            await _quietly(c.stop())
            raise KafkaUnavailable(f"cannot connect to Kafka at {bootstrap}: {e}") from e
        try:
            await c.topics()  # refresh metadata
            tps: list[TopicPartition] = []
            for topic in topics:
                parts = c.partitions_for_topic(topic)
                if not parts:
                    raise KafkaUnavailable(f"topic {topic} does not exist")
                tps.extend(TopicPartition(topic, p) for p in sorted(parts))
            c.assign(tps)
            missing = [tp for tp in tps if await c.committed(tp) is None]
            if missing:
                positions = await (c.beginning_offsets(missing) if earliest else c.end_offsets(missing))
                await c.commit({tp: OffsetAndMetadata(off, "") for tp, off in positions.items()})
                log.info("consumer group %s: initialised offsets of %d partitions", group, len(missing))
            return len(tps)
        except KafkaError as e:
            raise KafkaUnavailable(str(e)) from e
        finally:
            await _quietly(c.stop())

    def consumer(self, bootstrap: str, group: str, earliest: bool) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(bootstrap_servers=_servers(bootstrap), group_id=group, client_id=CLIENT_ID,
                                enable_auto_commit=False, auto_offset_reset="earliest" if earliest else "latest",
                                max_poll_records=500, fetch_max_wait_ms=self.options.fetch_max_wait_ms,
                                **_consumer_options(self.options))

    async def close(self) -> None:
        clients = [p.stop() for p in self._producers.values()] + [a.close() for a in self._admins.values()]
        self._producers.clear()
        self._admins.clear()
        for c in clients:
            await _quietly(c)


def _consumer_options(o: KafkaOptions) -> dict[str, Any]:
    return {"session_timeout_ms": o.session_timeout_ms, "heartbeat_interval_ms": o.heartbeat_interval_ms,
            "request_timeout_ms": max(o.request_timeout_ms, o.session_timeout_ms + 5000)}


async def _quietly(aw: Any) -> None:
    try:
        await aw
    except Exception:  # closing a client that never connected
        log.debug("closing a Kafka client failed", exc_info=True)
