"""``kn channel create|delete|describe|list|list-types`` (messaging.knative.dev/v1 Channels).

``--type GROUP:VERSION:KIND`` (or the alias ``imc``) sets ``spec.channelTemplate``; without it
the namespace's default channel (``default-ch-webhook``) applies. ``list-types`` shows the
channel kinds the API serves, found through API discovery since knlite has no CRD objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.common import list_items, print_list, print_machine_readable, with_type
from knlite.cli.kn.describe import PrefixWriter, write_conditions, write_metadata
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.resources import CHANNEL
from knlite.cli.kn.trigger import default_namespace_first

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

ALIASES = {"imc": ("messaging.knative.dev", "v1", "InMemoryChannel")}
DESCRIPTIONS = {"InMemoryChannel": "The events are stored in memory",
                "KafkaChannel": "The events are stored in a Kafka cluster (must be installed separately)"}


def parse_type(value: str) -> tuple[str, str, str]:
    """kn's ``ChannelTypeFlags.Parse``: an alias or ``Group:Version:Kind``."""
    parts = value.split(":")
    if len(parts) == 1:
        if value in ALIASES:
            return ALIASES[value]
        raise KnError(f"Error: unknown channel type alias: '{value}'")
    if len(parts) == 3 and all(parts):
        return parts[0], parts[1], parts[2]
    raise KnError(f"Error: incorrect value '{value}' for '--type', must be in the format 'Group:Version:Kind' or "
                  "configure an alias in kn config")


def parse_channel_ref(value: str) -> Obj:
    """kn's ``ChannelRef.Parse`` (``--channel`` of ``kn subscription``)."""
    parts = value.split(":")
    if len(parts) == 1:
        return {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": parts[0]}
    if len(parts) == 2:
        if parts[0] in ALIASES:
            group, version, kind = ALIASES[parts[0]]
            return {"apiVersion": f"{group}/{version}", "kind": kind, "name": parts[1]}
        raise KnError(f"Error: unknown alias '{parts[0]}' for '--channel', please configure the alias in kn config or "
                      "specify in the format '--channel Group:Version:Kind:Name'")
    if len(parts) == 4 and all(parts):
        return {"apiVersion": f"{parts[0]}/{parts[1]}", "kind": parts[2], "name": parts[3]}
    raise KnError(f"Error: incorrect value '{value}' for '--channel', must be in the format "
                  "'Group:Version:Kind:Name' or configure an alias in kn config and refer as: '--channel ALIAS:NAME'")


def create(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn channel create' requires the channel name given as single argument")
    name = inv.args[0]
    namespace = inv.namespace
    channel: Obj = {"apiVersion": CHANNEL.api_version, "kind": CHANNEL.kind,
                    "metadata": {"name": name, "namespace": namespace}, "spec": {}}
    if inv.flags.is_changed("type"):
        group, version, kind = parse_type(inv.flags.string("type"))
        channel["spec"]["channelTemplate"] = {"apiVersion": f"{group}/{version}", "kind": kind}
    inv.client.create(CHANNEL.api_version, CHANNEL.plural, namespace, channel)
    inv.out.write(f"Channel '{name}' created in namespace '{namespace}'.\n")


def delete(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn channel delete' requires the channel name as single argument")
    name = inv.args[0]
    inv.client.delete(CHANNEL.api_version, CHANNEL.plural, inv.namespace, name)
    inv.out.write(f"Channel '{name}' deleted in namespace '{inv.namespace}'.\n")


def channel_url(channel: Obj) -> str:
    return str(((channel.get("status") or {}).get("address") or {}).get("url") or "")


def describe_channel(out: Any, channel: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    write_metadata(dw, channel, details)
    template = (channel.get("spec") or {}).get("channelTemplate") or {}
    dw.write_attribute("Type", f"{template.get('kind', '')} ({template.get('apiVersion', '')})")
    if (channel.get("status") or {}).get("address") is not None:
        dw.write_attribute("URL", channel_url(channel))
    dw.write_line()
    dw.flush()
    write_conditions(dw, output.conditions(channel), details)
    dw.flush()


def describe(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn channel describe' requires the channel name given as single argument")
    channel = inv.client.get(CHANNEL.api_version, CHANNEL.plural, inv.namespace, inv.args[0])
    with_type([channel], CHANNEL)
    if print_machine_readable(inv, channel, url=channel_url(channel)):
        return
    describe_channel(inv.out, channel, inv.flags.boolean("verbose"))


COLUMNS = ("Name", "Type", "URL", "Age", "Ready", "Reason")


def channel_row(channel: Obj) -> list[str]:
    template = (channel.get("spec") or {}).get("channelTemplate") or {}
    return [channel["metadata"]["name"], str(template.get("kind", "")), channel_url(channel),
            output.age(channel["metadata"].get("creationTimestamp")), output.ready_condition(channel),
            output.non_ready_reason(channel)]


def list_channels(inv: Invocation) -> None:
    items = list_items(inv, CHANNEL)
    if inv.namespace == "":
        items = default_namespace_first(items)
    else:
        items.sort(key=lambda c: c["metadata"]["name"])
    print_list(inv, CHANNEL, items, COLUMNS, channel_row, "No channels found.")


def served_kinds(inv: Invocation, group: str, predicate: Any) -> list[Obj]:
    """CRD-like entries (``metadata.name``, ``spec.group/version/names``) for the kinds a group serves."""
    try:
        doc = inv.client.request("GET", f"/apis/{group}")
    except KnError:
        return []
    out: dict[str, Obj] = {}
    for version in doc.get("versions") or []:
        gv = version.get("groupVersion", "")
        for res in (inv.client.request("GET", f"/apis/{gv}") or {}).get("resources") or []:
            name = res.get("name", "")
            if "/" in name or not predicate(res.get("kind", "")):
                continue
            crd = f"{name}.{group}"
            out.setdefault(crd, {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                                 "metadata": {"name": crd},
                                 "spec": {"group": group, "version": gv.rpartition("/")[2],
                                          "names": {"kind": res.get("kind", ""), "plural": name}}})
    return [out[k] for k in sorted(out)]


def print_served_kinds(inv: Invocation, crds: list[Obj], api: str, header: tuple[str, ...],
                       row: Callable[[Obj], list[str]]) -> None:
    """``list-types``: the :func:`served_kinds` as a CRD list with ``-o``, else a table of ``row(crd)``."""
    fmt = inv.flags.string("output")
    if fmt:
        output.print_object(inv.out, output.as_list(crds, "apiextensions.k8s.io/v1", "CustomResourceDefinitionList"),
                            fmt, inv.flags.string("template"))
        return
    if not crds:
        raise KnError(f"no or newer Knative {api} API found on the backend, please verify the installation or "
                      "update the 'kn' client")
    output.print_table(inv.out, header, [row(c) for c in crds], False, inv.flags.boolean("no-headers"))


def _type_row(crd: Obj) -> list[str]:
    kind = crd["spec"]["names"]["kind"]
    return [kind, crd["metadata"]["name"], DESCRIPTIONS.get(kind, "")]


def list_types(inv: Invocation) -> None:
    crds = served_kinds(inv, "messaging.knative.dev", lambda k: k.endswith("Channel") and k != "Channel")
    print_served_kinds(inv, crds, "Channels", ("Type", "Name", "Description"), _type_row)


COMMANDS = {
    "channel create": create,
    "channel delete": delete,
    "channel describe": describe,
    "channel list": list_channels,
    "channel list-types": list_types,
}
