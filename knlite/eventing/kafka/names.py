"""Names of everything Kafka-backed eventing creates, from one place (eventing-kafka-broker).

- KafkaChannel topic ``knative-messaging-kafka.{ns}.{name}``; one consumer group per
  subscriber, ``kafka.{ns}.{channel}.{subscription uid}`` (``channel.consumerGroup``);
- Kafka broker topic ``knative-broker-{ns}-{name}`` (``config-kafka-features``'
  ``brokers.topic.template``), unless ``kafka.eventing.knative.dev/external.topic`` names
  one; trigger consumer group ``knative-trigger-{ns}-{name}``, kept in the trigger's status
  annotation ``group.id``;
- the Kafka broker's address ``http://kafka-broker-ingress.knative-eventing.svc.cluster.local/{ns}/{name}``
  (``control-plane/pkg/receiver/address.go``).
"""

from __future__ import annotations

from knlite.apis.duck import iso8601_seconds

EVENTING_NS = "knative-eventing"
BROKER_INGRESS_HOST = f"kafka-broker-ingress.{EVENTING_NS}.svc.cluster.local"
BROKER_INGRESS_HOSTS = (BROKER_INGRESS_HOST, f"kafka-broker-ingress.{EVENTING_NS}.svc",
                        f"kafka-broker-ingress.{EVENTING_NS}")

# Annotations.
EXTERNAL_TOPIC_ANNOTATION = "kafka.eventing.knative.dev/external.topic"  # on a Broker
DELIVERY_ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order"  # on a Trigger
TOPIC_STATUS_ANNOTATION = "default.topic"  # status.annotations of a Broker or KafkaChannel
GROUP_ID_STATUS_ANNOTATION = "group.id"  # status.annotations of a Trigger

# Where the data planes keep their contract in Knative; named in condition reasons.
BROKER_CONTRACT = f"{EVENTING_NS}/kafka-broker-brokers-triggers"
CHANNEL_CONTRACT = f"{EVENTING_NS}/kafka-channel-channels-subscriptions"
SOURCE_CONTRACT = f"{EVENTING_NS}/kafka-source-dispatcher"

ORDERED, UNORDERED = "ordered", "unordered"


def channel_topic(namespace: str, name: str) -> str:
    return f"knative-messaging-kafka.{namespace}.{name}"


def channel_group(namespace: str, channel: str, subscription_uid: str) -> str:
    return f"kafka.{namespace}.{channel}.{subscription_uid}"


def broker_topic(namespace: str, name: str) -> str:
    return f"knative-broker-{namespace}-{name}"


def trigger_group(namespace: str, name: str) -> str:
    return f"knative-trigger-{namespace}-{name}"


def broker_url(namespace: str, name: str) -> str:
    return f"http://{BROKER_INGRESS_HOST}/{namespace}/{name}"


def bootstrap_list(servers: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``a:9092, b:9092`` (or a list of such strings, as KafkaSource has) → ``("a:9092", "b:9092")``."""
    items = [servers] if isinstance(servers, str) else list(servers)
    return tuple(s.strip() for item in items for s in str(item).split(",") if s.strip())


def retention_ms(duration: str) -> int:
    """A KafkaChannel's ``retentionDuration`` (ISO-8601) as the topic's ``retention.ms``."""
    return round(iso8601_seconds(duration) * 1000)


def delivery_order(value: str | None) -> str:
    """A trigger's ``delivery.order`` annotation: unordered when absent; raises ValueError otherwise."""
    if value is None:
        return UNORDERED
    if value in (ORDERED, UNORDERED):
        return value
    raise ValueError(f"invalid annotation {DELIVERY_ORDER_ANNOTATION} value: {value}. "
                     f'Allowed values [ "{ORDERED}" | "{UNORDERED}" ]')
