"""``kn domain create|update|delete|list|describe``: DomainMappings (serving.knative.dev/v1beta1).

``--ref`` takes kn's forms: ``ksvc:NAME[:NAMESPACE]``, ``kroute:NAME[:NAMESPACE]`` or a bare
Knative Service name; the target must exist and the mapping records the kind and apiVersion
the API reports for it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.common import list_items, print_list, print_machine_readable, with_type
from knlite.cli.kn.describe import PrefixWriter, write_conditions, write_metadata
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.resources import DOMAIN_MAPPING, ROUTE, SERVICE, Resource

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

REF_MAPPINGS: dict[str, Resource] = {"ksvc": SERVICE, "kroute": ROUTE}
_DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def parse_ref(ref: str) -> tuple[str, str, str]:
    parts = ref.split(":", 2)
    if len(parts) == 1:
        return "ksvc", parts[0], ""
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    return parts[0], parts[1], ""


def resolve_ref(inv: Invocation, ref: str, namespace: str) -> Obj:
    prefix, name, ns = parse_ref(ref)
    res = REF_MAPPINGS.get(prefix)
    if res is None:
        raise KnError(f"unsupported sink prefix: '{prefix}'")
    target_ns = ns or namespace
    obj = inv.client.get(res.api_version, res.plural, target_ns, name)
    return {"apiVersion": obj.get("apiVersion", res.api_version), "kind": obj.get("kind", res.kind),
            "name": obj["metadata"]["name"], "namespace": target_ns}


def create(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn domain create' requires the domain name given as single argument")
    name = inv.args[0]
    namespace = inv.namespace
    ref = resolve_ref(inv, inv.flags.string("ref"), namespace)
    tls = inv.flags.string("tls")
    if tls and (len(tls) > 253 or not _DNS1123_SUBDOMAIN.match(tls)):
        raise KnError(f'invalid secret name "{tls}": a lowercase RFC 1123 subdomain must consist of lower case '
                      "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                      "(e.g. 'example.com', regex used for validation is "
                      "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
    dm: Obj = {"apiVersion": DOMAIN_MAPPING.api_version, "kind": DOMAIN_MAPPING.kind,
               "metadata": {"name": name, "namespace": namespace}, "spec": {"ref": ref}}
    if tls:
        dm["spec"]["tls"] = {"secretName": tls}
    inv.client.create(DOMAIN_MAPPING.api_version, DOMAIN_MAPPING.plural, namespace, dm)
    inv.out.write(f"Domain mapping '{name}' created in namespace '{namespace}'.\n")


def update(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn domain create' requires the domain name given as single argument")
    name = inv.args[0]
    namespace = inv.namespace
    if not inv.flags.string("ref"):
        raise KnError('required flag(s) "ref" not set')
    dm = inv.client.get(DOMAIN_MAPPING.api_version, DOMAIN_MAPPING.plural, namespace, name)
    if (dm.get("metadata") or {}).get("deletionTimestamp"):
        raise KnError(f"can't update domain mapping '{name}' because it has been marked for deletion")
    dm.setdefault("spec", {})["ref"] = resolve_ref(inv, inv.flags.string("ref"), namespace)
    inv.client.update(DOMAIN_MAPPING.api_version, DOMAIN_MAPPING.plural, namespace, dm)
    inv.out.write(f"Domain mapping '{name}' updated in namespace '{namespace}'.\n")


def delete(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn domain delete' requires the domain name given as single argument")
    name = inv.args[0]
    inv.client.delete(DOMAIN_MAPPING.api_version, DOMAIN_MAPPING.plural, inv.namespace, name)
    inv.out.write(f"Domain mapping '{name}' deleted in namespace '{inv.namespace}'.\n")


COLUMNS = ("Name", "URL", "Ready", "Ksvc")


def domain_row(dm: Obj) -> list[str]:
    return [dm["metadata"]["name"], str((dm.get("status") or {}).get("url") or ""), output.ready_condition(dm),
            str(((dm.get("spec") or {}).get("ref") or {}).get("name", ""))]


def list_domains(inv: Invocation) -> None:
    items = list_items(inv, DOMAIN_MAPPING)
    print_list(inv, DOMAIN_MAPPING, items, COLUMNS, domain_row, "No domain mapping found.")


def describe_domain(out: Any, dm: Obj, details: bool) -> None:
    dw = PrefixWriter.create(out)
    write_metadata(dw, dm, details)
    dw.write_line()
    dw.write_attribute("URL", str((dm.get("status") or {}).get("url") or ""))
    dw.write_line()
    ref = (dm.get("spec") or {}).get("ref") or {}
    section = dw.write_attribute("Reference", "")
    section.write_attribute("APIVersion", str(ref.get("apiVersion", "")))
    section.write_attribute("Kind", str(ref.get("kind", "")))
    section.write_attribute("Name", str(ref.get("name", "")))
    if (dm.get("metadata") or {}).get("namespace") != ref.get("namespace", ""):
        section.write_attribute("Namespace", str(ref.get("namespace", "")))
    dw.write_line()
    write_conditions(dw, output.conditions(dm), details)
    dw.flush()


def describe(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn domain describe' requires name of the domain mapping as single argument")
    dm = inv.client.get(DOMAIN_MAPPING.api_version, DOMAIN_MAPPING.plural, inv.namespace, inv.args[0])
    with_type([dm], DOMAIN_MAPPING)
    if print_machine_readable(inv, dm, url=str((dm.get("status") or {}).get("url") or "")):
        return
    describe_domain(inv.out, dm, inv.flags.boolean("verbose"))


COMMANDS = {
    "domain create": create,
    "domain update": update,
    "domain delete": delete,
    "domain list": list_domains,
    "domain describe": describe,
}
