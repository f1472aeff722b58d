"""``kn trigger create|update|delete|describe|list`` (eventing.knative.dev/v1 Triggers).

``--broker`` (default ``default``), ``--filter KEY=VALUE`` (repeatable, comma-separated
values allowed; on update ``KEY-`` removes a filter) become ``spec.filter.attributes``;
``--sink`` is resolved to the subscriber. The broker of an existing trigger cannot change.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.common import (
    list_items,
    map_from_array,
    parse_minus_suffix,
    print_list,
    print_machine_readable,
    with_type,
)
from knlite.cli.kn.describe import PrefixWriter, describe_sink, write_conditions, write_metadata
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.resources import TRIGGER
from knlite.cli.kn.sink import resolve_sink, sink_to_string

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]


def _filters(values: list[str], allow_singles: bool) -> dict[str, str]:
    try:
        return map_from_array(values, allow_singles=allow_singles)
    except KnError as e:
        raise KnError(f"Invalid --filter: {e.message}") from None


def create(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'trigger create' requires the name of the trigger")
    name = inv.args[0]
    namespace = inv.namespace
    try:
        subscriber = resolve_sink(inv.client, inv.flags.string("sink"), namespace) or {}
    except KnError as e:
        raise KnError(f"cannot create trigger '{name}' in namespace '{namespace}' because: {e.message}",
                      hint=e.hint) from None
    try:
        filters = _filters(inv.flags.strings("filter"), allow_singles=False)
    except KnError as e:
        raise KnError(f"cannot create trigger '{name}' because {e.message}") from None
    trigger: Obj = {"apiVersion": TRIGGER.api_version, "kind": TRIGGER.kind,
                    "metadata": {"name": name, "namespace": namespace},
                    "spec": {"broker": inv.flags.string("broker"),
                             "filter": {"attributes": filters} if filters else {},
                             "subscriber": subscriber}}
    try:
        inv.client.create(TRIGGER.api_version, TRIGGER.plural, namespace, trigger)
    except KnError as e:
        raise KnError(f"cannot create trigger '{name}' in namespace '{namespace}' because: {e.message}",
                      hint=e.hint) from None
    inv.out.write(f"Trigger '{name}' successfully created in namespace '{namespace}'.\n")


def update(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("name of trigger required")
    name = inv.args[0]
    namespace = inv.namespace
    trigger = inv.client.get(TRIGGER.api_version, TRIGGER.plural, namespace, name)
    if (trigger.get("metadata") or {}).get("deletionTimestamp"):
        raise KnError(f"can't update trigger {name} because it has been marked for deletion")
    if inv.flags.is_changed("broker"):
        raise KnError(f"cannot update trigger '{name}' because broker is immutable")
    updated = copy.deepcopy(trigger)
    spec = updated.setdefault("spec", {})
    if inv.flags.is_changed("filter"):
        try:
            changes = _filters(inv.flags.strings("filter"), allow_singles=True)
        except KnError as e:
            raise KnError(f"cannot update trigger '{name}' because {e.message}") from None
        removals = parse_minus_suffix(changes)
        attributes = dict(((spec.get("filter") or {}).get("attributes")) or {})
        attributes.update(changes)
        for key in removals:
            attributes.pop(key, None)
        spec["filter"] = {"attributes": attributes} if attributes else {}
    if inv.flags.is_changed("sink"):
        spec["subscriber"] = resolve_sink(inv.client, inv.flags.string("sink"), namespace) or {}
    inv.client.update(TRIGGER.api_version, TRIGGER.plural, namespace, updated)
    inv.out.write(f"Trigger '{name}' updated in namespace '{namespace}'.\n")


def delete(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'trigger delete' requires the name of the trigger as single argument")
    name = inv.args[0]
    inv.client.delete(TRIGGER.api_version, TRIGGER.plural, inv.namespace, name)
    inv.out.write(f"Trigger '{name}' deleted in namespace '{inv.namespace}'.\n")


def _write_nested_filter(dw: PrefixWriter, f: Obj) -> None:
    for key in ("all", "any"):
        if f.get(key):
            sub = dw.write_attribute(key, "")
            for nested in f[key]:
                _write_nested_filter(sub, nested)
    if f.get("not"):
        _write_nested_filter(dw.write_attribute("not", ""), f["not"])
    for key in ("exact", "prefix", "suffix"):
        if f.get(key):
            sub = dw.write_attribute(key, "")
            for k in sorted(f[key]):
                sub.write_attribute(k, str(f[key][k]))
    if f.get("cesql"):
        dw.write_attribute("cesql", str(f["cesql"]))


def describe_trigger(out: Any, trigger: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    spec = trigger.get("spec") or {}
    write_metadata(dw, trigger, details)
    dw.write_attribute("Broker", str(spec.get("broker", "")))
    attributes = (spec.get("filter") or {}).get("attributes")
    if attributes is not None:
        sub = dw.write_attribute("Filter", "")
        for key in sorted(attributes):
            sub.write_attribute(key, str(attributes[key]))
    if spec.get("filters"):
        dw.write_line()
        sub = dw.write_attribute("Filters (experimental)", "")
        for f in spec["filters"]:
            _write_nested_filter(sub, f)
    dw.write_line()
    dw.flush()
    describe_sink(dw, "Sink", output.meta(trigger).get("namespace", ""), spec.get("subscriber") or {})
    dw.write_line()
    dw.flush()
    write_conditions(dw, output.conditions(trigger), details)
    dw.flush()


def describe(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn trigger describe' requires name of the trigger as single argument")
    trigger = inv.client.get(TRIGGER.api_version, TRIGGER.plural, inv.namespace, inv.args[0])
    with_type([trigger], TRIGGER)
    if print_machine_readable(inv, trigger):
        return
    describe_trigger(inv.out, trigger, inv.flags.boolean("verbose"))


COLUMNS = ("Name", "Broker", "Sink", "Age", "Conditions", "Ready", "Reason")


def trigger_row(trigger: Obj) -> list[str]:
    spec = trigger.get("spec") or {}
    return [trigger["metadata"]["name"], str(spec.get("broker", "")), sink_to_string(spec.get("subscriber")),
            output.age(trigger["metadata"].get("creationTimestamp")), output.conditions_value(trigger),
            output.ready_condition(trigger), output.non_ready_reason(trigger)]


def default_namespace_first(items: list[Obj]) -> list[Obj]:
    """kn's ``...WithNamespace`` printers: ``default`` first, then the rest by namespace."""
    first = [o for o in items if output.meta(o).get("namespace") == "default"]
    rest = sorted((o for o in items if output.meta(o).get("namespace") != "default"),
                  key=lambda o: output.meta(o).get("namespace", ""))
    return first + rest


def list_triggers(inv: Invocation) -> None:
    items = list_items(inv, TRIGGER)
    if inv.namespace == "":
        items = default_namespace_first(items)
    print_list(inv, TRIGGER, items, COLUMNS, trigger_row, "No triggers found.")


COMMANDS = {
    "trigger create": create,
    "trigger update": update,
    "trigger delete": delete,
    "trigger describe": describe,
    "trigger list": list_triggers,
}
