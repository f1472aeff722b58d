"""``kn broker create|update|delete|describe|list`` (eventing.knative.dev/v1 Brokers).

``--class`` sets the ``eventing.knative.dev/broker.class`` annotation (``MTChannelBasedBroker``,
``Kafka``, ``RabbitMQBroker``); ``--broker-config`` references the class's configuration (``cm:NAME``,
``sc:NAME:NS``, ``APIVERSION:KIND:NAME:NS``); the delivery flags (``--dl-sink``, ``--retry``,
``--timeout``, ``--backoff-policy``, ``--backoff-delay``, ``--retry-after-max``) fill
``spec.delivery``.
"""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.common import list_items, print_list, print_machine_readable, single_name, with_type
from knlite.cli.kn.describe import PrefixWriter, write_conditions, write_metadata
from knlite.cli.kn.errors import ApiError, KnError
from knlite.cli.kn.resources import BROKER
from knlite.cli.kn.sink import resolve_sink
from knlite.cli.kn.wait import wait_for_delete

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

CLASS_ANNOTATION = "eventing.knative.dev/broker.class"
_CONFIG_KINDS = {"cm": ("ConfigMap", "v1"), "configmap": ("ConfigMap", "v1"), "sc": ("Secret", "v1"),
                 "secret": ("Secret", "v1"), "rabbitmqcluster": ("RabbitmqCluster", "rabbitmq.com/v1beta1"),
                 "rabbitmq": ("RabbitmqCluster", "rabbitmq.com/v1beta1"),
                 "rmq": ("RabbitmqCluster", "rabbitmq.com/v1beta1")}


def config_reference(value: str) -> Obj:
    """kn's ``GetBrokerConfigReference``."""
    parts = value.split(":", 3)
    if len(parts) == 1:
        return {"kind": "ConfigMap", "name": parts[0], "apiVersion": "v1"}
    known = _CONFIG_KINDS.get(parts[0].lower())
    if len(parts) == 2:
        if known is None:
            raise KnError(f'APIVersion could not be determined for kind "{parts[0]}". Provide config in format: '
                          '"<apiVersion>:<kind>:<name>:<namespace>"')
        return {"kind": known[0], "apiVersion": known[1], "name": parts[1]}
    if len(parts) == 3:
        if known is None:
            return {"kind": parts[1], "name": parts[2], "apiVersion": parts[0]}
        return {"kind": known[0], "apiVersion": known[1], "name": parts[1], "namespace": parts[2]}
    return {"apiVersion": parts[0], "kind": parts[1], "name": parts[2], "namespace": parts[3]}


def _delivery(inv: Invocation, broker: Obj, namespace: str, only_changed: bool) -> None:
    flags = inv.flags
    spec = broker.setdefault("spec", {})

    def delivery() -> Obj:
        return spec.setdefault("delivery", {})

    if (not only_changed or flags.is_changed("dl-sink")) and flags.string("dl-sink"):
        delivery()["deadLetterSink"] = resolve_sink(inv.client, flags.string("dl-sink"), namespace)
    if (not only_changed or flags.is_changed("retry")) and flags.integer("retry"):
        delivery()["retry"] = flags.integer("retry")
    for flag, key in (("timeout", "timeout"), ("backoff-policy", "backoffPolicy"), ("backoff-delay", "backoffDelay"),
                      ("retry-after-max", "retryAfterMax")):
        if (not only_changed or flags.is_changed(flag)) and flags.string(flag):
            delivery()[key] = flags.string(flag)


def create(inv: Invocation) -> None:
    name = single_name(inv, "'broker create' requires the broker name given as single argument")
    namespace = inv.namespace
    broker: Obj = {"apiVersion": BROKER.api_version, "kind": BROKER.kind,
                   "metadata": {"name": name, "namespace": namespace}, "spec": {}}
    if inv.flags.string("class"):
        broker["metadata"]["annotations"] = {CLASS_ANNOTATION: inv.flags.string("class")}
    _delivery(inv, broker, namespace, only_changed=False)
    if inv.flags.is_changed("broker-config"):
        if not inv.flags.is_changed("class"):
            raise KnError("cannot set broker-config without setting class")
        broker["spec"]["config"] = config_reference(inv.flags.string("broker-config"))
    try:
        inv.client.create(BROKER.api_version, BROKER.plural, namespace, broker)
    except KnError as e:
        raise KnError(f"cannot create broker '{name}' in namespace '{namespace}' because: {e.message}",
                      hint=e.hint) from None
    inv.out.write(f"Broker '{name}' successfully created in namespace '{namespace}'.\n")


def update(inv: Invocation) -> None:
    name = single_name(inv, "'broker update' requires the broker name given as single argument")
    namespace = inv.namespace
    for attempt in range(5):
        broker = inv.client.get(BROKER.api_version, BROKER.plural, namespace, name)
        if (broker.get("metadata") or {}).get("deletionTimestamp"):
            raise KnError(f"can't update broker {name} because it has been marked for deletion")
        updated = copy.deepcopy(broker)
        _delivery(inv, updated, namespace, only_changed=True)
        try:
            inv.client.update(BROKER.api_version, BROKER.plural, namespace, updated)
            break
        except ApiError as e:
            if not e.conflict or attempt == 4:
                raise
            time.sleep(0.05)
    inv.out.write(f"Broker '{name}' updated in namespace '{namespace}'.\n")


def delete(inv: Invocation) -> None:
    name = single_name(inv, "'broker delete' requires the broker name given as single argument")
    namespace = inv.namespace
    try:
        broker = inv.client.get(BROKER.api_version, BROKER.plural, namespace, name)
        if (broker.get("metadata") or {}).get("deletionTimestamp"):
            raise KnError(f"can't delete broker '{name}' because it has been already marked for deletion")
        wait = inv.flags.boolean("wait")
        inv.client.delete(BROKER.api_version, BROKER.plural, namespace, name,
                          "Foreground" if wait else "Background")
        if wait:
            wait_for_delete(inv.client, BROKER, namespace, name, str(broker["metadata"].get("resourceVersion", "")),
                            float(inv.flags.integer("wait-timeout")), "broker")
    except KnError as e:
        raise KnError(f"cannot delete broker '{name}' in namespace '{namespace}' because: {e.message}",
                      hint=e.hint) from None
    inv.out.write(f"Broker '{name}' successfully deleted in namespace '{namespace}'.\n")


def broker_url(broker: Obj) -> str:
    return str(((broker.get("status") or {}).get("address") or {}).get("url") or "")


def describe_broker(out: Any, broker: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    write_metadata(dw, broker, details)
    dw.write_line()
    dw.write_attribute("Address", "").write_attribute("URL", broker_url(broker))
    dw.write_line()
    write_conditions(dw, output.conditions(broker), details)
    dw.flush()


def describe(inv: Invocation) -> None:
    name = single_name(inv, "'broker describe' requires the broker name given as single argument")
    broker = inv.client.get(BROKER.api_version, BROKER.plural, inv.namespace, name)
    with_type([broker], BROKER)
    if print_machine_readable(inv, broker, url=broker_url(broker)):
        return
    describe_broker(inv.out, broker, False)


COLUMNS = ("Name", "URL", "Age", "Conditions", "Ready", "Reason")


def broker_row(broker: Obj) -> list[str]:
    return [broker["metadata"]["name"], broker_url(broker), output.age(broker["metadata"].get("creationTimestamp")),
            output.conditions_value(broker), output.ready_condition(broker), output.non_ready_reason(broker)]


def list_brokers(inv: Invocation) -> None:
    items = list_items(inv, BROKER)
    print_list(inv, BROKER, items, COLUMNS, broker_row, "No brokers found.")


COMMANDS = {
    "broker create": create,
    "broker update": update,
    "broker delete": delete,
    "broker describe": describe,
    "broker list": list_brokers,
}
