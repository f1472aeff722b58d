"""``kn source list|list-types`` and ``kn source ping|container|apiserver|binding ...``.

The four built-in source kinds (sources.knative.dev/v1) get kn's create/update/delete/
describe/list commands with kn's flags: ``--schedule``, ``--data`` (base64 is detected, or
forced with ``--encoding``) for PingSource; the container flags of ``kn service create`` for
ContainerSource; ``--resource Kind:apiVersion[:k=v,...]``, ``--mode`` and
``--service-account`` for ApiServerSource; ``--subject kind:apiVersion:name|selector`` for
SinkBinding; ``--sink`` and ``--ce-override KEY=VALUE`` (``KEY-`` removes) for all.
``kn source list`` shows every source of every kind the API serves in the sources group,
found through API discovery (knlite has no CRD objects to list, where kn reads them).
"""

from __future__ import annotations

import base64
import binascii
import copy
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.channel import print_served_kinds, served_kinds
from knlite.cli.kn.common import (
    list_items,
    map_from_array,
    parse_minus_suffix,
    print_list,
    print_machine_readable,
    with_type,
)
from knlite.cli.kn.describe import (
    PrefixWriter,
    describe_sink,
    write_ce_overrides,
    write_conditions,
    write_metadata,
)
from knlite.cli.kn.errors import ApiError, KnError
from knlite.cli.kn.podspec import resolve_pod_spec
from knlite.cli.kn.resources import APISERVER_SOURCE, CONTAINER_SOURCE, PING_SOURCE, SINK_BINDING, Resource
from knlite.cli.kn.sink import resolve_sink, sink_to_string
from knlite.cli.kn.trigger import default_namespace_first

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

TYPE_DESCRIPTIONS = {
    "ApiServerSource": "Watch and send Kubernetes API events to addressable",
    "SinkBinding": "Binding for connecting a PodSpecable to addressable",
    "PingSource": "Send periodically ping events to addressable",
    "ContainerSource": "Generate events by Container image and send to addressable",
    "KafkaSource": "Route events from Apache Kafka Server to addressable",
}
TYPE_SUPPORTED = {"ApiServerSource": "X", "SinkBinding": "X", "PingSource": "X", "ContainerSource": "X",
                  "KafkaSource": ""}


# -- shared ---------------------------------------------------------------------------------------

def _ce_overrides(inv: Invocation, spec: Obj) -> None:
    values = inv.flags.strings("ce-override")
    if not values and not inv.flags.is_changed("ce-override"):
        return
    overrides = map_from_array(values, allow_singles=True)
    removals = parse_minus_suffix(overrides)
    extensions = dict(((spec.get("ceOverrides") or {}).get("extensions")) or {})
    extensions.update(overrides)
    for key in removals:
        extensions.pop(key, None)
    spec["ceOverrides"] = {"extensions": extensions}


def _one_name(inv: Invocation, message: str) -> str:
    if len(inv.args) != 1:
        raise KnError(message)
    return inv.args[0]


def _create(inv: Invocation, res: Resource, name: str, spec: Obj, done: str) -> None:
    obj = {"apiVersion": res.api_version, "kind": res.kind, "metadata": {"name": name, "namespace": inv.namespace},
           "spec": spec}
    inv.client.create(res.api_version, res.plural, inv.namespace, obj)
    inv.out.write(done.format(name=name, namespace=inv.namespace))


def _update(inv: Invocation, res: Resource, name: str, edit: Any, done: str) -> None:
    obj = inv.client.get(res.api_version, res.plural, inv.namespace, name)
    if (obj.get("metadata") or {}).get("deletionTimestamp"):
        raise KnError(f"can't update {res.kind} {name} because it has been marked for deletion")
    updated = copy.deepcopy(obj)
    edit(updated.setdefault("spec", {}))
    inv.client.update(res.api_version, res.plural, inv.namespace, updated)
    inv.out.write(done.format(name=name, namespace=inv.namespace))


def _edit_sink_and_overrides(inv: Invocation, spec: Obj) -> None:
    """An update's ``--sink`` and ``--ce-override``, each applied only when given."""
    if inv.flags.is_changed("sink"):
        spec["sink"] = resolve_sink(inv.client, inv.flags.string("sink"), inv.namespace)
    if inv.flags.is_changed("ce-override"):
        _ce_overrides(inv, spec)


def _match_labels(text: str, error: str) -> Obj:
    """A label selector from ``k1=v1,k2=v2``; ``error`` is the message for a pair without ``=``."""
    labels = {}
    for kv in text.split(","):
        key, sep, value = kv.partition("=")
        if not sep:
            raise KnError(error)
        labels[key] = value
    return {"matchLabels": labels}


def _describe_sink(dw: PrefixWriter, obj: Obj) -> None:
    """The sink as a block of its own: blank lines around it, flushed so it aligns by itself."""
    dw.write_line()
    dw.flush()
    describe_sink(dw, "Sink", output.meta(obj).get("namespace", ""), (obj.get("spec") or {}).get("sink") or {})
    dw.write_line()
    dw.flush()


def _describe_tail(dw: PrefixWriter, obj: Obj, details: bool, overrides_blank: bool = True) -> None:
    """The sink block, then the CloudEvent overrides (if any) as a block of their own."""
    _describe_sink(dw, obj)
    extensions = ((obj.get("spec") or {}).get("ceOverrides") or {}).get("extensions")
    if extensions is not None:
        write_ce_overrides(dw, extensions)
        if overrides_blank:
            dw.write_line()
        dw.flush()


def _age_conditions(obj: Obj) -> list[str]:
    return [output.age(obj["metadata"].get("creationTimestamp")), output.conditions_value(obj),
            output.ready_condition(obj), output.non_ready_reason(obj).strip()]


def _list(inv: Invocation, res: Resource, columns: tuple[str, ...], row: Any, empty: str, sort: bool = True) -> None:
    items = list_items(inv, res)
    if inv.namespace == "":
        items = default_namespace_first(items)
    elif sort:
        items.sort(key=lambda o: o["metadata"]["name"])
    print_list(inv, res, items, columns, row, empty)


def _describe(inv: Invocation, res: Resource, message: str) -> Obj | None:
    name = _one_name(inv, message)
    obj = inv.client.get(res.api_version, res.plural, inv.namespace, name)
    with_type([obj], res)
    return None if print_machine_readable(inv, obj) else obj


def _delete(inv: Invocation, res: Resource, message: str, done: str) -> None:
    name = _one_name(inv, message)
    inv.client.delete(res.api_version, res.plural, inv.namespace, name)
    inv.out.write(done.format(name=name, namespace=inv.namespace))


# -- ping ------------------------------------------------------------------------------------------

def _ping_data(inv: Invocation) -> tuple[str, str]:
    data, encoding = inv.flags.string("data"), inv.flags.string("encoding")
    if encoding == "":
        try:
            base64.b64decode(data, validate=True)
            return "", data
        except (binascii.Error, ValueError):
            return data, ""
    if encoding == "base64":
        return "", data
    if encoding == "text":
        return data, ""
    raise KnError(f"invalid value: {encoding}. Accepted values are: text|base64")


def _set_ping_data(spec: Obj, data: str, data_base64: str) -> None:
    spec.pop("data", None)
    spec.pop("dataBase64", None)
    if data:
        spec["data"] = data
    if data_base64:
        spec["dataBase64"] = data_base64


def ping_create(inv: Invocation) -> None:
    name = _one_name(inv, "requires the name of the Ping source to create as single argument")
    namespace = inv.namespace
    spec: Obj = {"sink": resolve_sink(inv.client, inv.flags.string("sink"), namespace)}
    try:
        data, data_base64 = _ping_data(inv)
    except KnError as e:
        raise KnError(f'cannot create PingSource "{name}" in namespace "{namespace}" because: {e.message}') from None
    if inv.flags.string("schedule"):
        spec["schedule"] = inv.flags.string("schedule")
    _set_ping_data(spec, data, data_base64)
    _ce_overrides(inv, spec)
    _create(inv, PING_SOURCE, name, spec, "Ping source '{name}' created in namespace '{namespace}'.\n")


def ping_update(inv: Invocation) -> None:
    name = _one_name(inv, "name of Ping source required")
    namespace = inv.namespace

    def edit(spec: Obj) -> None:
        if inv.flags.is_changed("schedule"):
            spec["schedule"] = inv.flags.string("schedule")
        try:
            data, data_base64 = _ping_data(inv)
        except KnError as e:
            raise KnError(f'cannot update PingSource "{name}" in namespace "{namespace}" because: {e.message}') from None
        if inv.flags.is_changed("data"):
            _set_ping_data(spec, data, data_base64)
        _edit_sink_and_overrides(inv, spec)

    _update(inv, PING_SOURCE, name, edit, "Ping source '{name}' updated in namespace '{namespace}'.\n")


def ping_delete(inv: Invocation) -> None:
    _delete(inv, PING_SOURCE, "'requires the name of the Ping source to delete as single argument",
            "Ping source '{name}' deleted in namespace '{namespace}'.\n")


def describe_ping(out: Any, src: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    spec = src.get("spec") or {}
    write_metadata(dw, src, details)
    dw.write_attribute("Schedule", str(spec.get("schedule", "")))
    if spec.get("dataBase64"):
        dw.write_attribute("DataBase64", str(spec["dataBase64"]))
    else:
        dw.write_attribute("Data", str(spec.get("data", "")))
    _describe_tail(dw, src, details)
    write_conditions(dw, output.conditions(src), details)
    dw.flush()


def ping_describe(inv: Invocation) -> None:
    src = _describe(inv, PING_SOURCE, "'kn source ping describe' requires name of the source as single argument")
    if src is not None:
        describe_ping(inv.out, src, inv.flags.boolean("verbose"))


def ping_sink(src: Obj) -> str:
    ref = ((src.get("spec") or {}).get("sink") or {}).get("ref")
    if not ref:
        return ""
    if ref.get("kind") == "Service":
        return f"ksvc:{ref.get('name', '')}"
    return f"{ref.get('kind', '')}:{ref.get('name', '')}"


def ping_row(src: Obj) -> list[str]:
    return [src["metadata"]["name"], str((src.get("spec") or {}).get("schedule", "")), ping_sink(src),
            *_age_conditions(src)]


def ping_list(inv: Invocation) -> None:
    _list(inv, PING_SOURCE, ("Name", "Schedule", "Sink", "Age", "Conditions", "Ready", "Reason"), ping_row,
          "No Ping source found.")


# -- container -------------------------------------------------------------------------------------

def container_create(inv: Invocation) -> None:
    name = _one_name(inv, "requires the name of the source to create as single argument")
    namespace = inv.namespace
    try:
        sink = resolve_sink(inv.client, inv.flags.string("sink"), namespace)
        pod: Obj = {"containers": [{}]}
        resolve_pod_spec(pod, inv.flags)
    except KnError as e:
        raise KnError(f"cannot create ContainerSource '{name}' in namespace '{namespace}' because: {e.message}",
                      hint=e.hint) from None
    _create(inv, CONTAINER_SOURCE, name, {"template": {"spec": pod}, "sink": sink},
            "ContainerSource '{name}' created in namespace '{namespace}'.\n")


def container_update(inv: Invocation) -> None:
    name = _one_name(inv, "requires the name of the source as single argument")
    namespace = inv.namespace

    def edit(spec: Obj) -> None:
        try:
            resolve_pod_spec(spec.setdefault("template", {}).setdefault("spec", {}), inv.flags)
            if inv.flags.is_changed("sink"):
                spec["sink"] = resolve_sink(inv.client, inv.flags.string("sink"), namespace)
        except KnError as e:
            raise KnError(f"cannot update ContainerSource '{name}' in namespace '{namespace}' because: {e.message}",
                          hint=e.hint) from None

    _update(inv, CONTAINER_SOURCE, name, edit, "Container source '{name}' updated in namespace '{namespace}'.\n")


def container_delete(inv: Invocation) -> None:
    _delete(inv, CONTAINER_SOURCE, "requires the name of the source as single argument",
            "ContainerSource '{name}' deleted in namespace '{namespace}'.\n")


def _first_container(src: Obj) -> Obj:
    containers = ((((src.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers")) or [{}]
    return containers[0]


def describe_container_source(out: Any, src: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    write_metadata(dw, src, details)
    c = _first_container(src)
    sub = dw.write_attribute("Container", "")
    sub.write_attribute("Image", str(c.get("image", "")))
    if c.get("env"):
        env = sub.write_attribute("Env", "")
        for e in c["env"]:
            env.write_attribute(str(e.get("name", "")), "[ref]" if e.get("valueFrom") else str(e.get("value", "")))
    if c.get("args"):
        args = sub.write_attribute("Args", "")
        for a in c["args"]:
            args.write_attribute(str(a), "")
    _describe_tail(dw, src, details, overrides_blank=False)
    dw.write_line()
    dw.flush()
    write_conditions(dw, output.conditions(src), details)
    dw.flush()


def container_describe(inv: Invocation) -> None:
    src = _describe(inv, CONTAINER_SOURCE,
                    "'kn source container describe' requires name of the source as single argument")
    if src is not None:
        describe_container_source(inv.out, src, inv.flags.boolean("verbose"))


def container_row(src: Obj) -> list[str]:
    return [src["metadata"]["name"], str(_first_container(src).get("image", "")),
            sink_to_string((src.get("spec") or {}).get("sink")), *_age_conditions(src)]


def container_list(inv: Invocation) -> None:
    _list(inv, CONTAINER_SOURCE, ("Name", "Image", "Sink", "Age", "Conditions", "Ready", "Reason"), container_row,
          "No Container source found.")


# -- apiserver -------------------------------------------------------------------------------------

_RESOURCE_FORMAT = "(expected: <kind:apiVersion[:label1=val1,label2=val2,..]>"


def parse_resource(spec: str) -> Obj:
    """kn's ``getValidAPIVersionKindSelector``."""
    parts = spec.split(":", 2)
    if not parts[0]:
        raise KnError(f"cannot find 'kind' part in resource specification {spec} {_RESOURCE_FORMAT}")
    if len(parts) < 2 or not parts[1]:
        raise KnError(f"cannot find 'APIVersion' part in resource specification {spec} {_RESOURCE_FORMAT}")
    out: Obj = {"apiVersion": parts[1], "kind": parts[0]}
    if len(parts) == 3 and parts[2]:
        out["selector"] = _match_labels(
            parts[2], f"invalid label selector in resource specification {spec} {_RESOURCE_FORMAT}")
    return out


def resource_to_string(r: Obj) -> str:
    labels = ((r.get("selector") or {}).get("matchLabels")) or {}
    text = ",".join(f"{k}={labels[k]}" for k in sorted(labels))
    return f"{r.get('kind', '')}:{r.get('apiVersion', '')}" + (f":{text}" if text else "")


def apiserver_create(inv: Invocation) -> None:
    name = _one_name(inv, "requires the name of the source to create as single argument")
    namespace = inv.namespace
    try:
        sink = resolve_sink(inv.client, inv.flags.string("sink"), namespace)
    except KnError as e:
        raise KnError(f"cannot create ApiServerSource '{name}' in namespace '{namespace}' because: {e.message}",
                      hint=e.hint) from None
    spec: Obj = {"resources": [parse_resource(r) for r in inv.flags.strings("resource")],
                 "mode": inv.flags.string("mode"), "sink": sink}
    if inv.flags.string("service-account"):
        spec["serviceAccountName"] = inv.flags.string("service-account")
    _ce_overrides(inv, spec)
    _create(inv, APISERVER_SOURCE, name, spec, "ApiServer source '{name}' created in namespace '{namespace}'.\n")


def apiserver_update(inv: Invocation) -> None:
    name = _one_name(inv, "requires the name of the source as single argument")

    def edit(spec: Obj) -> None:
        if inv.flags.is_changed("service-account"):
            spec["serviceAccountName"] = inv.flags.string("service-account")
        if inv.flags.is_changed("mode"):
            spec["mode"] = inv.flags.string("mode")
        if inv.flags.is_changed("resource"):
            add = [parse_resource(r) for r in inv.flags.strings("resource") if not r.endswith("-")]
            remove = [parse_resource(r[:-1]) for r in inv.flags.strings("resource") if r.endswith("-")]
            resources = list(spec.get("resources") or []) + add
            kept = []
            for r in resources:
                if r in remove:
                    remove.remove(r)
                else:
                    kept.append(r)
            if remove:
                raise KnError("cannot find resources to remove: " + ", ".join(resource_to_string(r) for r in remove))
            spec["resources"] = kept
        _edit_sink_and_overrides(inv, spec)

    _update(inv, APISERVER_SOURCE, name, edit, "ApiServer source '{name}' updated in namespace '{namespace}'.\n")


def apiserver_delete(inv: Invocation) -> None:
    _delete(inv, APISERVER_SOURCE, "requires the name of the source as single argument",
            "ApiServer source '{name}' deleted in namespace '{namespace}'.\n")


def describe_apiserver(out: Any, src: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    spec = src.get("spec") or {}
    write_metadata(dw, src, details)
    dw.write_attribute("ServiceAccountName", str(spec.get("serviceAccountName", "")))
    dw.write_attribute("EventMode", str(spec.get("mode", "")))
    _describe_sink(dw, src)
    extensions = (spec.get("ceOverrides") or {}).get("extensions")
    if extensions is not None:
        write_ce_overrides(dw, extensions)
    sub = dw.write_attribute("Resources", "")
    for r in spec.get("resources") or []:
        sub.write_attribute("Kind", f"{r.get('kind', '')} ({r.get('apiVersion', '')})")
        if r.get("selector"):
            labels = (r["selector"].get("matchLabels")) or {}
            sub.write_attribute("Selector", ",".join(f"{k}={labels[k]}" for k in sorted(labels)))
    dw.write_line()
    dw.flush()
    write_conditions(dw, output.conditions(src), details)
    dw.flush()


def apiserver_describe(inv: Invocation) -> None:
    src = _describe(inv, APISERVER_SOURCE,
                    "'kn source apiserver describe' requires name of the source as single argument")
    if src is not None:
        describe_apiserver(inv.out, src, inv.flags.boolean("verbose"))


def apiserver_row(src: Obj) -> list[str]:
    spec = src.get("spec") or {}
    return [src["metadata"]["name"], ",".join(resource_to_string(r) for r in spec.get("resources") or []),
            sink_to_string(spec.get("sink")), *_age_conditions(src)]


def apiserver_list(inv: Invocation) -> None:
    _list(inv, APISERVER_SOURCE, ("Name", "Resources", "Sink", "Age", "Conditions", "Ready", "Reason"),
          apiserver_row, "No ApiServer source found.")


# -- binding ---------------------------------------------------------------------------------------

def parse_subject(subject: str, namespace: str) -> Obj:
    """kn's ``ToTrackerReference``: ``kind:apiVersion:name`` or ``kind:apiVersion:k=v,...``."""
    parts = subject.split(":", 2)
    if len(parts) < 3:
        raise KnError(f"invalid subject argument '{subject}': not in format kind:api/version:nameOrSelector")
    ref: Obj = {"apiVersion": parts[1], "kind": parts[0], "namespace": namespace}
    if "=" not in parts[2]:
        ref["name"] = parts[2]
    else:
        ref["selector"] = _match_labels(
            parts[2], f"invalid subject label selector '{parts[2]}', expected format: key1=value,key2=value")
    return ref


def subject_to_string(ref: Obj) -> str:
    text = f"{ref.get('kind', '')}:{ref.get('apiVersion', '')}"
    if ref.get("name"):
        return f"{text}:{ref['name']}"
    labels = ((ref.get("selector") or {}).get("matchLabels")) or {}
    if ref.get("selector") is not None:
        return f"{text}:" + ",".join(f"{k}={v}" for k, v in labels.items())
    return text


def binding_create(inv: Invocation) -> None:
    name = _one_name(inv, "requires the name of the sink binding to create as single argument")
    namespace = inv.namespace
    spec: Obj = {"sink": resolve_sink(inv.client, inv.flags.string("sink"), namespace),
                 "subject": parse_subject(inv.flags.string("subject"), namespace)}
    _ce_overrides(inv, spec)
    _create(inv, SINK_BINDING, name, spec, "Sink binding '{name}' created in namespace '{namespace}'.\n")


def binding_update(inv: Invocation) -> None:
    name = _one_name(inv, "name of sink binding required")
    namespace = inv.namespace

    def edit(spec: Obj) -> None:
        if inv.flags.is_changed("sink"):
            spec["sink"] = resolve_sink(inv.client, inv.flags.string("sink"), namespace)
        if inv.flags.is_changed("subject"):
            spec["subject"] = parse_subject(inv.flags.string("subject"), namespace)
        if inv.flags.is_changed("ce-override"):
            _ce_overrides(inv, spec)

    _update(inv, SINK_BINDING, name, edit, "Sink binding '{name}' updated in namespace '{namespace}'.\n")


def binding_delete(inv: Invocation) -> None:
    _delete(inv, SINK_BINDING, "requires the name of the sink binding to delete as single argument",
            "Sink binding '{name}' deleted in namespace '{namespace}'.\n")


def describe_binding(out: Any, binding: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    spec = binding.get("spec") or {}
    ns = output.meta(binding).get("namespace", "")
    write_metadata(dw, binding, details)
    subject = spec.get("subject") or {}
    sub = dw.write_attribute("Subject", "")
    if subject.get("namespace") and subject.get("namespace") != ns:
        sub.write_attribute("Namespace", str(subject["namespace"]))
    if subject.get("name"):
        sub.write_attribute("Name", str(subject["name"]))
    sub.write_attribute("Resource", f"{subject.get('kind', '')} ({subject.get('apiVersion', '')})")
    if subject.get("selector") is not None:
        match = sub.write_attribute("Selector", "")
        labels = (subject["selector"].get("matchLabels")) or {}
        for k in sorted(labels):
            match.write_attribute(k, str(labels[k]))
    describe_sink(dw, "Sink", ns, spec.get("sink") or {})
    extensions = (spec.get("ceOverrides") or {}).get("extensions")
    if extensions is not None:
        write_ce_overrides(dw, extensions)
    dw.write_line()
    dw.flush()
    write_conditions(dw, output.conditions(binding), details)
    dw.flush()


def binding_describe(inv: Invocation) -> None:
    src = _describe(inv, SINK_BINDING,
                    "'kn source binding describe' requires name of the sink binding as single argument")
    if src is not None:
        describe_binding(inv.out, src, inv.flags.boolean("verbose"))


def binding_row(b: Obj) -> list[str]:
    spec = b.get("spec") or {}
    return [b["metadata"]["name"], subject_to_string(spec.get("subject") or {}), sink_to_string(spec.get("sink")),
            output.age(b["metadata"].get("creationTimestamp")), output.conditions_value(b), output.ready_condition(b),
            output.non_ready_reason(b)]


def binding_list(inv: Invocation) -> None:
    _list(inv, SINK_BINDING, ("Name", "Subject", "Sink", "Age", "Conditions", "Ready", "Reason"), binding_row,
          "No sink binding found.", sort=False)


# -- all sources -----------------------------------------------------------------------------------

def _source_kinds(inv: Invocation) -> list[Obj]:
    return served_kinds(inv, "sources.knative.dev", lambda k: k.endswith(("Source", "Binding")))


def _type_row(crd: Obj) -> list[str]:
    kind = crd["spec"]["names"]["kind"]
    return [kind, TYPE_SUPPORTED.get(kind, ""), crd["metadata"]["name"], TYPE_DESCRIPTIONS.get(kind, "")]


def list_types(inv: Invocation) -> None:
    print_served_kinds(inv, _source_kinds(inv), "Sources", ("Type", "S", "Name", "Description"), _type_row)


def list_sources(inv: Invocation) -> None:
    wanted = {t.lower() for t in inv.flags.strings("type")}
    items: list[Obj] = []
    for crd in _source_kinds(inv):
        names = crd["spec"]["names"]
        if wanted and names["kind"].lower() not in wanted:
            continue
        res = Resource(f"{crd['spec']['group']}/{crd['spec']['version']}", names["plural"], names["kind"])
        try:
            items += list_items(inv, res)
        except ApiError as e:
            if e.code not in (403, 404):
                raise
    fmt = inv.flags.string("output")
    if fmt:
        output.print_object(inv.out, output.as_list(items, "client.knative.dev/v1alpha1", "SourceList"), fmt,
                            inv.flags.string("template"))
        return
    if not items:
        inv.out.write("No sources found.\n")
        return
    items.sort(key=lambda o: o["metadata"]["name"])
    all_ns = inv.namespace == ""
    rows = []
    for o in items:
        kind = str(o.get("kind", ""))
        group = str(o.get("apiVersion", "")).split("/")[0]
        cells = [o["metadata"]["name"], kind, f"{kind.lower()}s.{group}",
                 sink_to_string((o.get("spec") or {}).get("sink")), output.ready_condition(o)]
        rows.append(([output.meta(o).get("namespace", "")] if all_ns else []) + cells)
    output.print_table(inv.out, ("Name", "Type", "Resource", "Sink", "Ready"), rows, all_ns,
                       inv.flags.boolean("no-headers"))


COMMANDS = {
    "source list": list_sources,
    "source list-types": list_types,
    "source ping create": ping_create,
    "source ping update": ping_update,
    "source ping delete": ping_delete,
    "source ping describe": ping_describe,
    "source ping list": ping_list,
    "source container create": container_create,
    "source container update": container_update,
    "source container delete": container_delete,
    "source container describe": container_describe,
    "source container list": container_list,
    "source apiserver create": apiserver_create,
    "source apiserver update": apiserver_update,
    "source apiserver delete": apiserver_delete,
    "source apiserver describe": apiserver_describe,
    "source apiserver list": apiserver_list,
    "source binding create": binding_create,
    "source binding update": binding_update,
    "source binding delete": binding_delete,
    "source binding describe": binding_describe,
    "source binding list": binding_list,
}
