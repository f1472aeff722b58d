"""``kn subscription create|update|delete|describe|list`` (messaging.knative.dev/v1 Subscriptions).

``--channel NAME`` means a ``Channel``; ``imc:NAME`` an InMemoryChannel and
``GROUP:VERSION:KIND:NAME`` any channel kind. ``--sink``, ``--sink-reply`` and
``--sink-dead-letter`` are resolved to the subscriber, reply and dead-letter sink.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.channel import parse_channel_ref
from knlite.cli.kn.common import list_items, print_list, print_machine_readable, with_type
from knlite.cli.kn.describe import PrefixWriter, describe_sink, write_conditions, write_metadata
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.resources import SUBSCRIPTION
from knlite.cli.kn.sink import resolve_sink, sink_to_string
from knlite.cli.kn.trigger import default_namespace_first

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]


def _apply_sinks(inv: Invocation, spec: Obj, namespace: str) -> None:
    subscriber = resolve_sink(inv.client, inv.flags.string("sink"), namespace)
    if subscriber is not None:
        spec["subscriber"] = subscriber
    reply = resolve_sink(inv.client, inv.flags.string("sink-reply"), namespace)
    if reply is not None:
        spec["reply"] = reply
    dls = resolve_sink(inv.client, inv.flags.string("sink-dead-letter"), namespace)
    if dls is not None:
        spec.setdefault("delivery", {})["deadLetterSink"] = dls


def create(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn subscription create' requires the subscription name given as single argument")
    name = inv.args[0]
    if not inv.flags.string("channel"):
        raise KnError("'kn subscription create' requires the channel reference provided with --channel flag")
    namespace = inv.namespace
    spec: Obj = {"channel": parse_channel_ref(inv.flags.string("channel"))}
    _apply_sinks(inv, spec, namespace)
    sub = {"apiVersion": SUBSCRIPTION.api_version, "kind": SUBSCRIPTION.kind,
           "metadata": {"name": name, "namespace": namespace}, "spec": spec}
    inv.client.create(SUBSCRIPTION.api_version, SUBSCRIPTION.plural, namespace, sub)
    inv.out.write(f"Subscription '{name}' created in namespace '{namespace}'.\n")


def update(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn subscription update' requires the subscription name given as single argument")
    name = inv.args[0]
    namespace = inv.namespace
    sub = inv.client.get(SUBSCRIPTION.api_version, SUBSCRIPTION.plural, namespace, name)
    updated = copy.deepcopy(sub)
    _apply_sinks(inv, updated.setdefault("spec", {}), namespace)
    inv.client.update(SUBSCRIPTION.api_version, SUBSCRIPTION.plural, namespace, updated)
    inv.out.write(f"Subscription '{name}' updated in namespace '{namespace}'.\n")


def delete(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn subscription delete' requires the subscription name as single argument")
    name = inv.args[0]
    inv.client.delete(SUBSCRIPTION.api_version, SUBSCRIPTION.plural, inv.namespace, name)
    inv.out.write(f"Subscription '{name}' deleted in namespace '{inv.namespace}'.\n")


def describe_subscription(out: Any, sub: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    spec = sub.get("spec") or {}
    ns = output.meta(sub).get("namespace", "")
    write_metadata(dw, sub, details)
    channel = spec.get("channel") or {}
    dw.write_attribute("Channel", f"{channel.get('kind', '')}:{channel.get('name', '')} "
                                  f"({channel.get('apiVersion', '')})")
    describe_sink(dw, "Subscriber", ns, spec.get("subscriber"))
    describe_sink(dw, "Reply", ns, spec.get("reply"))
    if spec.get("delivery") is not None:
        describe_sink(dw, "DeadLetterSink", ns, (spec.get("delivery") or {}).get("deadLetterSink"))
    dw.write_line()
    dw.flush()
    write_conditions(dw, output.conditions(sub), details)
    dw.flush()


def describe(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn subscription describe' requires the subscription name given as single argument")
    sub = inv.client.get(SUBSCRIPTION.api_version, SUBSCRIPTION.plural, inv.namespace, inv.args[0])
    with_type([sub], SUBSCRIPTION)
    if print_machine_readable(inv, sub):
        return
    describe_subscription(inv.out, sub, inv.flags.boolean("verbose"))


COLUMNS = ("Name", "Channel", "Subscriber", "Reply", "Dead Letter Sink", "Ready", "Reason")


def subscription_row(sub: Obj) -> list[str]:
    spec = sub.get("spec") or {}
    channel = spec.get("channel") or {}
    return [sub["metadata"]["name"], f"{channel.get('kind', '')}:{channel.get('name', '')}",
            sink_to_string(spec.get("subscriber")), sink_to_string(spec.get("reply")),
            sink_to_string((spec.get("delivery") or {}).get("deadLetterSink")), output.ready_condition(sub),
            output.non_ready_reason(sub)]


def list_subscriptions(inv: Invocation) -> None:
    items = list_items(inv, SUBSCRIPTION)
    if inv.namespace == "":
        items = default_namespace_first(items)
    else:
        items.sort(key=lambda s: s["metadata"]["name"])
    print_list(inv, SUBSCRIPTION, items, COLUMNS, subscription_row, "No subscriptions found.")


COMMANDS = {
    "subscription create": create,
    "subscription update": update,
    "subscription delete": delete,
    "subscription describe": describe,
    "subscription list": list_subscriptions,
}
