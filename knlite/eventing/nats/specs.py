"""What a NatsJetStreamChannel asks of JetStream, as JetStream's own API takes it (no nats-py needed).

The reconciler turns a channel's spec into a :class:`StreamSpec` and each subscriber into a
:class:`ConsumerSpec`; the plane hands their ``config`` — the JSON body of JetStream's
``STREAM.CREATE`` / ``CONSUMER.CREATE`` requests (snake_case, durations in nanoseconds) — to
nats-py. Specs are frozen and compare by value, so a reconcile that finds nothing changed
makes no call at all. The mapping follows eventing-natss (``dispatcher/defaults.go``):

- **stream**: the channel's subject plus ``additionalSubjects``; with no ``stream.config``
  only name and subjects are sent (the server's defaults: limits retention, file storage);
  otherwise ``retention`` (Limits|Interest|Work), ``discard`` (Old|New), ``storage``
  (File|Memory), the limits, ``maxAge``/``duplicateWindow`` (Go durations), ``replicas``,
  ``noAck``, ``placement``, ``mirror``, ``sources``;
- **consumer**: durable ``KN_SUB_{UID}``, explicit acks, ``consumerConfigTemplate``'s
  ``deliverPolicy``, ``optStartSeq``/``optStartTime``, ``filterSubject``, ``replayPolicy``,
  ``rateLimitBPS``, ``sampleFrequency``, ``maxAckPending``; a push consumer (the default)
  delivers to ``{ns}.{name}._knative_consumer.{uid}`` in the queue group of its name, a
  ``Pull`` one is fetched from in batches of ``fetchBatchSize`` (32) waiting up to
  ``fetchMaxWait`` (200ms).

One deliberate difference: eventing-natss retries a failed delivery by not acknowledging it
(``maxDeliver`` = retry + 1, ``ackWait`` = the delivery timeout), so JetStream redelivers.
knlite delivers each message with the same :func:`~knlite.eventing.delivery.dispatch` as
every other channel — retries, back-off and dead letter sink in one call — while telling
JetStream the message is still in progress, and acknowledges it afterwards. ``ackWait``
(default 30s) therefore only bounds how soon a message whose delivery was cut short by a
crash comes back, and ``maxDeliver`` (default unlimited) how often that may happen.

``config-nats`` gives the connection (:class:`Connection`): ``url`` (a comma-separated list
is a server pool) and ``connOpts`` ``maxReconnects``/``reconnectWaitMilliseconds``. A first
connection that fails is always tried again later (``retryOnFailedConnect`` is implied).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from knlite.apis import goduration
from knlite.eventing.nats import names

DEFAULT_ACK_WAIT = 30.0  # seconds (JetStream's default)
DEFAULT_FETCH_BATCH = 32  # eventing-natss FetchBatchSize
DEFAULT_FETCH_MAX_WAIT = 0.2  # seconds (FetchMaxWaitDefault)
DEFAULT_MAX_IN_FLIGHT = 256  # push consumers without maxAckPending: deliveries at once per subscriber

_RETENTION = {"Limits": "limits", "Interest": "interest", "Work": "workqueue"}
_DISCARD = {"Old": "old", "New": "new"}
_STORAGE = {"File": "file", "Memory": "memory"}
_DELIVER = {"All": "all", "Last": "last", "New": "new", "ByStartSequence": "by_start_sequence",
            "ByStartTime": "by_start_time"}
_REPLAY = {"Instant": "instant", "Original": "original"}


class SpecError(ValueError):
    """A channel spec or ``config-nats`` value JetStream cannot be given."""


def _canonical(config: Mapping[str, Any]) -> str:
    return json.dumps(config, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Connection:
    """Where and how to connect (``config-nats``); equal values share one connection."""

    servers: tuple[str, ...]
    max_reconnects: int = 5
    reconnect_wait: float = 2.0  # seconds
    connect_timeout: float = 2.0  # seconds

    def describe(self) -> str:
        """The servers without credentials, for messages."""
        out = []
        for s in self.servers:
            parts = urlsplit(s)
            out.append(f"{parts.scheme}://{parts.hostname}:{parts.port}" if parts.hostname and parts.port
                       else s.rpartition("@")[2])
        return ",".join(out)


def connection(url: str, conn_opts: Mapping[str, Any] | None = None) -> Connection:
    """``config-nats``' ``url`` and ``connOpts``; :class:`SpecError` when no URL is set."""
    servers = tuple(s.strip() for s in (url or "").split(",") if s.strip())
    if not servers:
        raise SpecError("config-nats: eventing-nats has no url")
    opts = conn_opts or {}
    max_reconnects = opts.get("maxReconnects")
    wait_ms = opts.get("reconnectWaitMilliseconds")
    return Connection(servers,
                      max_reconnects=int(max_reconnects) if isinstance(max_reconnects, int) else 5,
                      reconnect_wait=(wait_ms / 1000.0) if isinstance(wait_ms, int) and wait_ms > 0 else 2.0)


@dataclass(frozen=True, slots=True)
class StreamSpec:
    name: str
    subject: str  # the receiver's publish subject
    config_json: str  # STREAM.CREATE's body

    def config(self) -> dict[str, Any]:
        return dict(json.loads(self.config_json))


def _go_duration_ns(value: Any, field: str) -> int:
    try:
        return goduration.parse(str(value))
    except goduration.DurationError as e:
        raise SpecError(f"{field}: {e}") from None


def _positive_int(cfg: Mapping[str, Any], key: str) -> int | None:
    v = cfg.get(key)
    return v if isinstance(v, int) and not isinstance(v, bool) and v != 0 else None


def _source(src: Any, field: str) -> dict[str, Any]:
    if not isinstance(src, Mapping) or not src.get("name"):
        raise SpecError(f"{field}.name: a stream source needs a name")
    out: dict[str, Any] = {"name": str(src["name"])}
    if src.get("optStartSeq"):
        out["opt_start_seq"] = int(src["optStartSeq"])
    if src.get("optStartTime"):
        out["opt_start_time"] = str(src["optStartTime"])
    if src.get("filterSubject"):
        out["filter_subject"] = str(src["filterSubject"])
    return out


def stream_spec(namespace: str, name: str, spec: Mapping[str, Any]) -> StreamSpec:
    """The stream a channel's ``spec.stream`` asks for (``buildStreamConfig``)."""
    stream = names.stream_name(namespace, name, spec)
    subject = names.publish_subject(namespace, name)
    cfg = (spec.get("stream") or {}).get("config")
    out: dict[str, Any] = {"name": stream, "subjects": [subject]}
    if isinstance(cfg, Mapping):
        out["subjects"] += [str(s) for s in cfg.get("additionalSubjects") or []]
        out["retention"] = _RETENTION.get(cfg.get("retention") or "", "limits")
        out["discard"] = _DISCARD.get(cfg.get("discard") or "", "old")
        out["storage"] = _STORAGE.get(cfg.get("storage") or "", "file")
        for key, api in (("maxConsumers", "max_consumers"), ("maxMsgs", "max_msgs"), ("maxBytes", "max_bytes"),
                         ("maxMsgSize", "max_msg_size"), ("replicas", "num_replicas")):
            v = _positive_int(cfg, key)
            if v is not None:
                out[api] = v
        for key, api in (("maxAge", "max_age"), ("duplicateWindow", "duplicate_window")):
            if cfg.get(key):
                out[api] = _go_duration_ns(cfg[key], f"spec.stream.config.{key}")
        if cfg.get("noAck"):
            # without publish acks a sender could be told 202 for an event JetStream never stored
            raise SpecError("spec.stream.config.noAck: not supported: an event is acknowledged only once "
                            "the stream has stored it")
        placement = cfg.get("placement")
        if isinstance(placement, Mapping) and (placement.get("cluster") or placement.get("tags")):
            out["placement"] = {k: v for k, v in (("cluster", placement.get("cluster")),
                                                  ("tags", placement.get("tags"))) if v}
        if cfg.get("mirror"):
            out["mirror"] = _source(cfg["mirror"], "spec.stream.config.mirror")
        if cfg.get("sources"):
            out["sources"] = [_source(s, f"spec.stream.config.sources[{i}]") for i, s in enumerate(cfg["sources"])]
    return StreamSpec(stream, subject, _canonical(out))


@dataclass(frozen=True, slots=True)
class ConsumerSpec:
    stream: str
    name: str
    config_json: str  # CONSUMER.CREATE's body
    pull: bool
    ack_wait: float  # seconds
    fetch_batch: int = DEFAULT_FETCH_BATCH
    fetch_max_wait: float = DEFAULT_FETCH_MAX_WAIT
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT

    def config(self) -> dict[str, Any]:
        return dict(json.loads(self.config_json))

    @property
    def deliver_subject(self) -> str | None:
        return self.config().get("deliver_subject")


def consumer_spec(stream: StreamSpec, namespace: str, channel: str, subscription_uid: str,
                  template: Mapping[str, Any] | None) -> ConsumerSpec:
    """A subscriber's durable consumer from ``consumerConfigTemplate`` (``buildConsumerConfig``)."""
    t = template or {}
    name = names.consumer_name(subscription_uid)
    pull = t.get("consumerType") == "Pull"
    ack_wait_ns = _go_duration_ns(t["ackWait"], "spec.consumerConfigTemplate.ackWait") if t.get("ackWait") \
        else goduration.from_seconds(DEFAULT_ACK_WAIT)
    if ack_wait_ns <= 0:
        raise SpecError("spec.consumerConfigTemplate.ackWait: must be positive")
    max_deliver = t.get("maxDeliver")
    out: dict[str, Any] = {
        "durable_name": name,
        "ack_policy": "explicit",
        "ack_wait": ack_wait_ns,
        "max_deliver": max_deliver if isinstance(max_deliver, int) and max_deliver > 0 else -1,
        "deliver_policy": _DELIVER.get(t.get("deliverPolicy") or "", "all"),
        "replay_policy": _REPLAY.get(t.get("replayPolicy") or "", "instant"),
    }
    if not pull:
        out["deliver_subject"] = names.consumer_subject(namespace, channel, subscription_uid)
        out["deliver_group"] = name
    if t.get("optStartSeq"):
        out["opt_start_seq"] = int(t["optStartSeq"])
    if t.get("optStartTime"):
        out["opt_start_time"] = str(t["optStartTime"])
    if t.get("filterSubject"):
        out["filter_subject"] = str(t["filterSubject"])
    if t.get("rateLimitBPS"):
        out["rate_limit_bps"] = int(t["rateLimitBPS"])
    if t.get("sampleFrequency"):
        out["sample_freq"] = str(t["sampleFrequency"])
    max_ack_pending = _positive_int(t, "maxAckPending")
    if max_ack_pending is not None:
        out["max_ack_pending"] = max_ack_pending
    batch = _positive_int(t, "fetchBatchSize")
    max_wait = _go_duration_ns(t["fetchMaxWait"], "spec.consumerConfigTemplate.fetchMaxWait") \
        if t.get("fetchMaxWait") else goduration.from_seconds(DEFAULT_FETCH_MAX_WAIT)
    return ConsumerSpec(stream.name, name, _canonical(out), pull, goduration.seconds(ack_wait_ns),
                        fetch_batch=batch if batch and batch > 0 else DEFAULT_FETCH_BATCH,
                        fetch_max_wait=max(goduration.seconds(max_wait), 0.01),
                        max_in_flight=max_ack_pending if max_ack_pending and max_ack_pending > 0
                        else DEFAULT_MAX_IN_FLIGHT)
