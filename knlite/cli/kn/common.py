"""What every kn command family shares: listing with kn's printers, describe's ``-o``, maps.

``print_list`` is kn's ``ListPrintFlags.Print``: with ``-o`` the items go out as a ``<Kind>List``
in the requested format, otherwise as a table (``No <things> found.`` when empty, a leading
NAMESPACE column with ``--all-namespaces``). ``key=value`` flag parsing follows kn's
``util.MapFromArray``/``OrderedMapAndRemovalListFromArray`` with their messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.resources import Resource

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]
RowFn = Callable[[Obj], Sequence[str]]


def with_type(items: list[Obj], res: Resource) -> list[Obj]:
    for item in items:
        item.setdefault("apiVersion", res.api_version)
        item.setdefault("kind", res.kind)
    return items


def list_items(inv: Invocation, res: Resource, field_selector: str = "", label_selector: str = "") -> list[Obj]:
    ns = inv.namespace or None
    doc = inv.client.list(res.api_version, res.plural, ns, label_selector=label_selector,
                          field_selector=field_selector)
    return with_type(list(doc.get("items") or []), res)


def print_list(inv: Invocation, res: Resource, items: list[Obj], columns: Sequence[str], row: RowFn,
               empty: str, namespace_column: bool = True) -> None:
    fmt = inv.flags.string("output")
    if fmt:
        output.print_object(inv.out, output.as_list(items, res.api_version, res.kind + "List"), fmt,
                            inv.flags.string("template"))
        return
    if not items:
        inv.out.write(empty + "\n")
        return
    all_ns = inv.namespace == ""
    rows = [([output.meta(o).get("namespace", "")] if all_ns and namespace_column else []) + list(row(o))
            for o in items]
    output.print_table(inv.out, columns, rows, all_ns, inv.flags.boolean("no-headers"), namespace_column)


def print_machine_readable(inv: Invocation, obj: Obj, url: str | None = None) -> bool:
    """Handle describe's ``-o``; True when it printed something."""
    fmt = inv.flags.string("output")
    if not fmt:
        return False
    if fmt.lower() == "url" and url is not None:
        inv.out.write(url + "\n")
        return True
    output.print_object(inv.out, obj, fmt, inv.flags.string("template"))
    return True


def single_name(inv: Invocation, message: str) -> str:
    if len(inv.args) != 1:
        raise KnError(message)
    return inv.args[0]


def map_from_array(values: list[str], allow_singles: bool = False, delimiter: str = "=") -> dict[str, str]:
    """kn's ``util.MapFromArray`` / ``MapFromArrayAllowingSingles``."""
    out: dict[str, str] = {}
    for pair in values:
        key, sep, value = pair.partition(delimiter)
        if not sep:
            if not allow_singles:
                raise KnError(f'Argument requires a value that contains the "{delimiter}" character; got "{pair}"')
            out[key] = ""
            continue
        if key == "":
            raise KnError("The key is empty")
        if key in out:
            raise KnError(f'The key "{key}" has been duplicate in [{" ".join(values)}]')
        out[key] = value
    return out


def ordered_map_and_removals(values: list[str], delimiter: str = "=") -> tuple[dict[str, str], list[str]]:
    """kn's ``OrderedMapAndRemovalListFromArray``: ``K=V`` to set, ``K-`` to remove."""
    update: dict[str, str] = {}
    remove: list[str] = []
    for pair in values:
        key, sep, value = pair.partition(delimiter)
        if not sep:
            if not key.endswith("-"):
                raise KnError(f'argument requires a value that contains the "{delimiter}" character; got "{pair}"')
            remove.append(key[:-1])
            continue
        update.pop(key, None)
        update[key] = value
    return update, remove


def parse_minus_suffix(m: dict[str, str]) -> list[str]:
    """Remove ``key-`` entries from ``m`` and return the keys to delete (kn's ParseMinusSuffix)."""
    removals = [k[:-1] for k in m if k.endswith("-")]
    for k in [k for k in m if k.endswith("-")]:
        del m[k]
    return removals


def parse_document(text: str) -> Any:
    """The first JSON or YAML document of ``text`` (kn's YAMLOrJSONDecoder), errors as kn words them."""
    import json

    try:
        return json.loads(text)
    except ValueError:
        pass
    import yaml

    try:
        return next(iter(yaml.safe_load_all(text)), None)
    except yaml.YAMLError as e:
        raise KnError(f"error converting YAML to JSON: {str(e).splitlines()[0]}") from None


def read_document(path: str) -> Any:
    """:func:`parse_document` of a file, or of stdin for ``-``."""
    import sys

    try:
        text = sys.stdin.read() if path == "-" else open(path).read()  # noqa: SIM115
    except OSError as e:
        raise KnError(f"open {path}: {(e.strerror or str(e)).lower()}") from None
    return parse_document(text)


def created_message_error(what: str, name: str, namespace: str, err: KnError) -> KnError:
    """kn's ``cannot create <what> '<name>' in namespace '<ns>' because: <err>``."""
    return KnError(f"cannot create {what} '{name}' in namespace '{namespace}' because: {err.message}",
                   hint=err.hint)
