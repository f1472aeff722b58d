"""``kn eventtype create|delete|describe|list`` (eventing.knative.dev/v1beta2 EventTypes).

``--type`` (required) and ``--source`` describe the CloudEvents; ``--broker NAME`` or
``--reference broker:NAME|channel:NAME|GROUP/VERSION/RESOURCE:NAME`` says who produces them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from knlite.cli.kn import output
from knlite.cli.kn.common import list_items, print_list, print_machine_readable, single_name, with_type
from knlite.cli.kn.describe import PrefixWriter, write_conditions, write_metadata
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.resources import BROKER, CHANNEL, EVENTTYPE, Resource
from knlite.cli.kn.sink import resolve_sink

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

REFERENCE_MAPPINGS: dict[str, Resource] = {"broker": BROKER, "channel": CHANNEL}


def create(inv: Invocation) -> None:
    name = single_name(inv, "'eventtype create' requires the eventtype name given as single argument")
    broker, reference = inv.flags.string("broker"), inv.flags.string("reference")
    if broker and reference:
        raise KnError("use only one of '--broker' or '--reference' flags")
    namespace = inv.namespace

    def failed(message: str, hint: str = "") -> KnError:
        return KnError(f"cannot create eventtype '{name}' in namespace '{namespace}' because: {message}", hint=hint)

    spec: Obj = {"type": inv.flags.string("type")}
    source = inv.flags.string("source")
    if source:
        try:
            urlsplit(source)
        except ValueError as e:
            raise failed(str(e)) from None
        spec["source"] = source
    if broker:
        spec["reference"] = {"apiVersion": BROKER.api_version, "kind": "Broker", "name": broker}
    if reference:
        try:
            dest = resolve_sink(inv.client, reference, namespace, REFERENCE_MAPPINGS) or {}
        except KnError as e:
            raise failed(e.message, e.hint) from None
        if dest.get("ref"):
            spec["reference"] = dest["ref"]
    et = {"apiVersion": EVENTTYPE.api_version, "kind": EVENTTYPE.kind,
          "metadata": {"name": name, "namespace": namespace}, "spec": spec}
    try:
        inv.client.create(EVENTTYPE.api_version, EVENTTYPE.plural, namespace, et)
    except KnError as e:
        raise failed(e.message, e.hint) from None
    inv.out.write(f"Eventtype '{name}' successfully created in namespace '{namespace}'.\n")


def delete(inv: Invocation) -> None:
    name = single_name(inv, "'eventtype delete' requires the eventtype name given as single argument")
    namespace = inv.namespace
    try:
        inv.client.delete(EVENTTYPE.api_version, EVENTTYPE.plural, namespace, name)
    except KnError as e:
        raise KnError(f"cannot delete eventtype '{name}' in namespace '{namespace}' because: {e.message}",
                      hint=e.hint) from None
    inv.out.write(f"Eventtype '{name}' successfully deleted in namespace '{namespace}'.\n")


def describe_eventtype(out: Any, et: Obj, details: bool) -> None:
    spec = et.get("spec") or {}
    dw = PrefixWriter.create(out)
    write_metadata(dw, et, details)
    dw.write_attribute("Source", str(spec.get("source") or ""))
    ref_w = dw.write_attribute("Reference", "")
    ref = spec.get("reference")
    if ref:
        ref_w.write_attribute("APIVersion", str(ref.get("apiVersion", "")))
        ref_w.write_attribute("Kind", str(ref.get("kind", "")))
        ref_w.write_attribute("Name", str(ref.get("name", "")))
        ns = output.meta(et).get("namespace", "")
        if ns and ns != ref.get("namespace", ""):
            ref_w.write_attribute("Namespace", str(ref.get("namespace", "")))
    dw.write_line()
    dw.write_line()
    write_conditions(dw, output.conditions(et), details)
    dw.flush()


def describe(inv: Invocation) -> None:
    name = single_name(inv, "'eventtype describe' requires the eventtype name given as single argument")
    et = inv.client.get(EVENTTYPE.api_version, EVENTTYPE.plural, inv.namespace, name)
    with_type([et], EVENTTYPE)
    if print_machine_readable(inv, et):
        return
    describe_eventtype(inv.out, et, False)


COLUMNS = ("Name", "Type", "Source", "Reference", "Age", "Ready")


def eventtype_row(et: Obj) -> list[str]:
    spec = et.get("spec") or {}
    return [et["metadata"]["name"], str(spec.get("type", "")), str(spec.get("source") or ""),
            str((spec.get("reference") or {}).get("name", "")), output.age(et["metadata"].get("creationTimestamp")),
            output.ready_condition(et)]


def list_eventtypes(inv: Invocation) -> None:
    items = list_items(inv, EVENTTYPE)
    print_list(inv, EVENTTYPE, items, COLUMNS, eventtype_row, "No eventtypes found.")


COMMANDS = {
    "eventtype create": create,
    "eventtype delete": delete,
    "eventtype describe": describe,
    "eventtype list": list_eventtypes,
}
