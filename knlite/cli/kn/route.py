"""``kn route list|describe``: a Service's Route, its URL and traffic targets (kn 1.12)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.common import list_items, print_list, print_machine_readable, with_type
from knlite.cli.kn.describe import PrefixWriter, write_conditions, write_metadata
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.resources import ROUTE

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

COLUMNS = ("Name", "URL", "READY")


def route_row(route: Obj) -> list[str]:
    return [route["metadata"]["name"], str((route.get("status") or {}).get("url") or ""),
            output.ready_condition(route)]


def list_routes(inv: Invocation) -> None:
    if len(inv.args) > 1:
        raise KnError("'kn route list' accepts only one additional argument")
    items = list_items(inv, ROUTE, field_selector=f"metadata.name={inv.args[0]}" if inv.args else "")
    print_list(inv, ROUTE, items, COLUMNS, route_row, "No routes found.", namespace_column=False)


def _target_header(t: Obj) -> str:
    header = str(t.get("revisionName") or "")
    if t.get("latestRevision"):
        header = f"@latest ({t.get('revisionName', '')})"
    if t.get("tag"):
        header = f"{header} #{t['tag']}"
    return header


def describe_route(out: Any, route: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    write_metadata(dw, route, details)
    status = route.get("status") or {}
    dw.write_attribute("URL", str(status.get("url") or ""))
    for owner in (route.get("metadata") or {}).get("ownerReferences") or []:
        name = ""
        if owner.get("kind") == "Service":
            name = str(owner.get("name", ""))
            if details:
                name = f"{name} ({owner.get('apiVersion', '')})"
        dw.write_attribute("Service", name)
    dw.write_line()
    section = dw.write_attribute("Traffic Targets", "")
    dw.flush()
    for t in status.get("traffic") or []:
        sub = section.write_cols_ln(f"{int(t.get('percent') or 0):3d}%", _target_header(t))
        if t.get("tag"):
            sub.write_attribute("URL", str(t.get("url") or ""))
    dw.write_line()
    write_conditions(dw, output.conditions(route), details)
    dw.flush()


def describe(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn route describe' requires name of the route as single argument")
    route = inv.client.get(ROUTE.api_version, ROUTE.plural, inv.namespace, inv.args[0])
    with_type([route], ROUTE)
    if print_machine_readable(inv, route):
        return
    describe_route(inv.out, route, inv.flags.boolean("verbose"))


COMMANDS = {"route list": list_routes, "route describe": describe}
