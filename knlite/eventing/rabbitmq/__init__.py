"""RabbitMQ-backed eventing: the ``RabbitMQBroker`` broker class (eventing-rabbitmq).

Knative's eventing-rabbitmq gives each broker an ingress (HTTP in, a message on the
broker's headers exchange out, answered once RabbitMQ confirmed it) and each trigger a queue
bound to that exchange plus a dispatcher (queue out to the subscriber). knlite keeps the same
split inside the daemon and talks to an existing RabbitMQ server with aio-pika:

- :mod:`~knlite.eventing.rabbitmq.names` — exchange, queue and ingress names, in one place;
- :mod:`~knlite.eventing.rabbitmq.messages` — CloudEvents ↔ AMQP messages (attributes as
  headers, which is what trigger bindings match), binding arguments of a trigger's filter,
  and the AMQP URL a broker config's connection Secret gives;
- :mod:`~knlite.eventing.rabbitmq.consumer` — one trigger's consumer: prefetch =
  parallelism, each message acknowledged after its delivery;
- :mod:`~knlite.eventing.rabbitmq.plane` — connections, the brokers' ingresses, exchanges,
  queues and the triggers' consumers, driven by the reconcilers.

aio-pika is imported on first use, so a daemon that never meets a RabbitMQ broker does not pay
for it.
"""
