"""Kafka-backed eventing: KafkaChannel, the ``Kafka`` broker class and KafkaSource.

Knative's eventing-kafka-broker runs a receiver (HTTP in, Kafka records out) and a
dispatcher (consumer groups out to HTTP) next to its controller. knlite keeps the same split
inside the daemon and talks to an existing Kafka cluster with aiokafka:

- :mod:`~knlite.eventing.kafka.names` — topic, consumer-group and host names, in one place;
- :mod:`~knlite.eventing.kafka.records` — CloudEvents ↔ Kafka records (binary and structured
  content modes, the KafkaSource wrapping of plain records, key deserialisation);
- :mod:`~knlite.eventing.kafka.client` — producers and admin calls per bootstrap-server list;
- :mod:`~knlite.eventing.kafka.consumer` — one consumer group member with ordered or
  unordered delivery and at-least-once offset commits;
- :mod:`~knlite.eventing.kafka.plane` — the receivers (channel and broker ingress) and the
  consumer groups of subscriptions, triggers and sources, driven by the reconcilers.

aiokafka is imported on first use, so a daemon that never meets a Kafka resource does not pay
for it.
"""
