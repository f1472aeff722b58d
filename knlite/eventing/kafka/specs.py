"""Plain descriptions of Kafka things to create or run (no aiokafka needed to build them).

Reconcilers build these and hand them to :class:`~knlite.eventing.kafka.plane.KafkaPlane`;
equal specs mean "nothing to change", so a reconcile that finds the world as it wants it
does no Kafka call at all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KafkaOptions:
    """Client settings (``knlite up --kafka-session-timeout-ms``, ``--kafka-heartbeat-interval-ms``,
    ``--kafka-fetch-max-wait-ms``).

    Kafka refuses sessions shorter than its ``group.min.session.timeout.ms`` (6 s by
    default), so the defaults are aiokafka's 10 s and 3 s; a broker that allows shorter ones
    (a test broker) makes group joins after a restart much faster. A fetch returns as soon as
    a record arrives on Kafka itself, but some Kafka-protocol brokers hold every fetch for
    the full wait, which then adds to each event's latency: 100 ms (not Kafka's 500) bounds
    that at the cost of a few idle polls per second.
    """

    session_timeout_ms: int = 10_000
    heartbeat_interval_ms: int = 3_000
    fetch_max_wait_ms: int = 100
    request_timeout_ms: int = 15_000


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    config: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """What identifies a consumer group member: changing any of it restarts the member."""

    bootstrap: str
    topics: tuple[str, ...]
    group_id: str
    ordered: bool
    earliest: bool = False  # where a group without committed offsets starts
