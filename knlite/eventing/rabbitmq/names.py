"""Names of what a RabbitMQ broker creates, from one place (eventing-rabbitmq ``pkg/rabbitmqnaming``).

- the broker's headers exchange ``b.{ns}.{name}.{broker uid}`` (``kmeta.ChildName``, so at
  most 63 characters);
- a trigger's queue ``{ns}.{trigger}.{broker uid}``, bound to that exchange with the trigger's
  filter and ``x-knative-trigger: {trigger}``;
- the broker's ingress ``{broker}-broker-ingress`` in the broker's namespace, so its address
  is ``http://{broker}-broker-ingress.{ns}.svc.cluster.local`` (path ``/``).
"""

from __future__ import annotations

from knlite.apis import kmeta

TRIGGER_BINDING_KEY = "x-knative-trigger"


def exchange_name(namespace: str, broker: str, broker_uid: str) -> str:
    return kmeta.child_name(f"b.{namespace}.{broker}.", broker_uid)


def queue_name(namespace: str, trigger: str, broker_uid: str) -> str:
    return f"{namespace}.{trigger}.{broker_uid}"


def ingress_hosts(namespace: str, broker: str) -> tuple[str, ...]:
    base = f"{broker}-broker-ingress.{namespace}"
    return f"{base}.svc.cluster.local", f"{base}.svc", base


def ingress_url(namespace: str, broker: str) -> str:
    return f"http://{ingress_hosts(namespace, broker)[0]}"
