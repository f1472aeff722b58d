"""NATS JetStream-backed eventing: the ``NatsJetStreamChannel`` (eventing-natss).

Knative's eventing-natss runs a dispatcher next to its controller that owns, per channel, a
JetStream stream (the channel's receiver publishes into it and answers once JetStream has
acknowledged the message) and, per subscriber, a durable consumer that delivers to the
subscriber. knlite keeps that split inside the daemon and talks to an existing NATS server
(``config-nats``) with nats-py:

- :mod:`~knlite.eventing.nats.names` — stream, subject and consumer names, in one place;
- :mod:`~knlite.eventing.nats.specs` — the stream's and consumers' JetStream configuration
  from a channel's spec, and the connection settings from ``config-nats`` (pure);
- :mod:`~knlite.eventing.nats.consumer` — one durable consumer: messages in, one delivery per
  message with the subscription's retries and dead letter sink, acknowledged afterwards;
- :mod:`~knlite.eventing.nats.plane` — connections, the channel receiver and the consumers,
  driven by the reconciler.

nats-py is imported on first use, so a daemon that never meets a NATS channel does not pay
for it.
"""
