"""``kn revision list|describe|delete`` and the revision lines ``kn service describe`` reuses.

The list is kn's: ``NAME SERVICE TRAFFIC TAGS GENERATION AGE CONDITIONS READY REASON``, the
traffic and tags taken from each revision's Service (``100%``, ``staging,canary``), cells cut
at 50 characters, sorted by namespace, service, generation (newest first) and name. Describe
prints the image (``ikubernetes/helloworld-go (pinned to 05b623)`` when kn pinned it to a
digest), replicas, port, env, scale bounds, concurrency and resources, the owning Service
(with ``-v`` its generation, latest flags, traffic and tags) and the conditions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.common import list_items, print_list, print_machine_readable, with_type
from knlite.cli.kn.describe import PrefixWriter, write_conditions, write_metadata, write_slice
from knlite.cli.kn.errors import ApiError, KnError
from knlite.cli.kn.resources import REVISION, SERVICE
from knlite.cli.kn.wait import wait_for_delete

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

SERVICE_LABEL = "serving.knative.dev/service"
CONFIG_GENERATION = "serving.knative.dev/configurationGeneration"
USER_IMAGE = "client.knative.dev/user-image"
MAX_CELL = 50
_DIGEST = re.compile(r"(?i)sha256:([0-9a-f]{64})")


def _labels(obj: Obj) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("labels") or {}


def _annotations(obj: Obj) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("annotations") or {}


def main_container(rev: Obj) -> Obj | None:
    """The serving container (the only one, or the one with ports)."""
    containers = (rev.get("spec") or {}).get("containers") or []
    if len(containers) == 1:
        return containers[0]
    for c in containers:
        if c.get("ports"):
            return containers[0]  # kn returns the first one here
    return None


def traffic_and_tags(name: str, svc: Obj) -> tuple[int, list[str]]:
    percent, tags = 0, []
    for t in (svc.get("status") or {}).get("traffic") or []:
        if t.get("revisionName") == name:
            percent += int(t.get("percent") or 0)
            if t.get("tag"):
                tags.append(str(t["tag"]))
    return percent, tags


# -- describe pieces ---------------------------------------------------------------------------

def _short_digest(digest: str) -> str:
    m = _DIGEST.search(digest)
    return m.group(1)[:6] if m else digest


def write_image(dw: PrefixWriter, rev: Obj) -> None:
    c = main_container(rev)
    if c is None:
        dw.write_attribute("Image", "Unknown")
        return
    image = str(c.get("image", ""))
    pinned = "at"
    user_image = _annotations(rev).get(USER_IMAGE, "")
    statuses = (rev.get("status") or {}).get("containerStatuses") or []
    digest = str(statuses[0].get("imageDigest") or "") if statuses else ""
    if user_image and digest:
        parts = image.split("@") if "@" in image else image.split(":")
        if user_image.startswith(parts[0]):
            pinned = "pinned to"
            image = user_image
    if digest:
        image = f"{image} ({pinned} {_short_digest(digest)})"
    dw.write_attribute("Image", image)


def write_replicas(dw: PrefixWriter, rev: Obj) -> None:
    status = rev.get("status") or {}
    if status.get("actualReplicas") is not None and status.get("desiredReplicas") is not None:
        dw.write_attribute("Replicas", f"{status['actualReplicas']}/{status['desiredReplicas']}")


def write_port(dw: PrefixWriter, rev: Obj) -> None:
    c = main_container(rev)
    if c and c.get("ports"):
        dw.write_attribute("Port", str(c["ports"][0].get("containerPort", "")))


def write_env(dw: PrefixWriter, rev: Obj, details: bool) -> None:
    c = main_container(rev)
    if c is None:
        return
    env = [f"{e.get('name', '')}={'[ref]' if e.get('valueFrom') else e.get('value', '')}" for e in c.get("env") or []]
    write_slice(dw, env, "Env", details)


def write_env_from(dw: PrefixWriter, rev: Obj, details: bool) -> None:
    c = main_container(rev)
    if c is None:
        return
    out = []
    for src in c.get("envFrom") or []:
        if src.get("configMapRef"):
            out.append("cm:" + src["configMapRef"].get("name", ""))
        if src.get("secretRef"):
            out.append("secret:" + src["secretRef"].get("name", ""))
    write_slice(dw, out, "EnvFrom", details)


def _annotation_int(rev: Obj, key: str) -> int | None:
    value = _annotations(rev).get(key)
    if value is None:
        return None
    return int(value)


def write_scale(dw: PrefixWriter, rev: Obj) -> None:
    try:
        lo = _annotation_int(rev, "autoscaling.knative.dev/min-scale")
        hi = _annotation_int(rev, "autoscaling.knative.dev/max-scale")
    except ValueError as e:
        dw.write_attribute("Scale", f"Misformatted: {e}")
        return
    if lo is None and hi is None:
        return
    dw.write_attribute("Scale", f"{lo if lo is not None else 0} ... {hi if hi is not None else '∞'}")


def write_concurrency(dw: PrefixWriter, rev: Obj) -> None:
    try:
        target = _annotation_int(rev, "autoscaling.knative.dev/target")
    except ValueError:
        target = None
    try:
        utilization = _annotation_int(rev, "autoscaling.knative.dev/target-utilization-percentage")
    except ValueError:
        utilization = None
    limit = (rev.get("spec") or {}).get("containerConcurrency")
    window = _annotations(rev).get("autoscaling.knative.dev/window", "")
    if target is None and not limit and not window and utilization is None:
        return
    section = dw.write_attribute("Concurrency", "")
    if limit:
        section.write_attribute("Limit", str(limit))
    if target is not None:
        section.write_attribute("Target", str(target))
    if window:
        section.write_attribute("Window", window)
    if utilization is not None:
        section.write_attribute("TargetUtilization", str(utilization))


def write_resources(dw: PrefixWriter, rev: Obj) -> None:
    c = main_container(rev)
    if c is None:
        return
    resources = c.get("resources") or {}
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    for label, key in (("Memory", "memory"), ("CPU", "cpu")):
        req, lim = requests.get(key), limits.get(key)
        if req and lim:
            dw.write_attribute(label, f"{req} ... {lim}")
        elif req or lim:
            dw.write_attribute(label, str(req or lim))


def describe_revision(out: Any, rev: Obj, svc: Obj | None, details: bool) -> None:
    dw = PrefixWriter.create(out)
    write_metadata(dw, rev, details)
    write_image(dw, rev)
    write_replicas(dw, rev)
    write_port(dw, rev)
    write_env(dw, rev, details)
    write_env_from(dw, rev, details)
    write_scale(dw, rev)
    write_concurrency(dw, rev)
    write_resources(dw, rev)
    service_name = _labels(rev).get(SERVICE_LABEL)
    if service_name is not None:
        section = dw.write_attribute("Service", service_name)
        if details and svc is not None:
            status = svc.get("status") or {}
            name = rev["metadata"]["name"]
            section.write_attribute("Configuration Generation", _labels(rev).get(CONFIG_GENERATION, ""))
            section.write_attribute("Latest Created", str(name == status.get("latestCreatedRevisionName")).lower())
            section.write_attribute("Latest Ready", str(name == status.get("latestReadyRevisionName")).lower())
            percent, tags = traffic_and_tags(name, svc)
            if percent:
                section.write_attribute("Traffic", f"{percent}%")
            if tags:
                write_slice(section, tags, "Tags", details)
    dw.write_line()
    write_conditions(dw, output.conditions(rev), details)
    dw.flush()


# -- commands ------------------------------------------------------------------------------------

def describe(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn revision describe' requires name of the revision as single argument")
    rev = inv.client.get(REVISION.api_version, REVISION.plural, inv.namespace, inv.args[0])
    with_type([rev], REVISION)
    if print_machine_readable(inv, rev):
        return
    details = inv.flags.boolean("verbose")
    svc = None
    service_name = _labels(rev).get(SERVICE_LABEL)
    if details and service_name:
        svc = inv.client.get(SERVICE.api_version, SERVICE.plural, inv.namespace, service_name)
    describe_revision(inv.out, rev, svc, details)


COLUMNS = ("Name", "Service", "Traffic", "Tags", "Generation", "Age", "Conditions", "Ready", "Reason")


def _trunc(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 4] + " ..."


def _sort_key(rev: Obj) -> tuple[str, str, int, str]:
    labels = _labels(rev)
    try:
        generation = -int(labels.get(CONFIG_GENERATION, ""))
    except ValueError:
        generation = 0
    return (output.meta(rev).get("namespace", ""), labels.get(SERVICE_LABEL, ""), generation, rev["metadata"]["name"])


def _enrich(inv: Invocation, revisions: list[Obj]) -> dict[str, tuple[str, str]]:
    """Traffic and tags of each revision, from its Service (kn's client.knative.dev/* annotations)."""
    cache: dict[tuple[str, str], Obj] = {}
    out: dict[str, tuple[str, str]] = {}
    for rev in revisions:
        svc_name = _labels(rev).get(SERVICE_LABEL, "")
        if not svc_name:
            continue
        ns = output.meta(rev).get("namespace", "")
        key = (ns, svc_name)
        if key not in cache:
            cache[key] = inv.client.get(SERVICE.api_version, SERVICE.plural, ns, svc_name)
        percent, tags = traffic_and_tags(rev["metadata"]["name"], cache[key])
        out[f"{ns}/{rev['metadata']['name']}"] = (f"{percent}%" if percent else "", ",".join(tags))
    return out


def list_revisions(inv: Invocation) -> None:
    if len(inv.args) > 1:
        raise KnError(f"'kn revision list' accepts maximum 1 argument, not {len(inv.args)} arguments as given")
    label = ""
    if inv.flags.is_changed("service"):
        svc_name = inv.flags.string("service")
        inv.client.get(SERVICE.api_version, SERVICE.plural, inv.namespace or None, svc_name)
        label = f"{SERVICE_LABEL}={svc_name}"
    items = list_items(inv, REVISION, field_selector=f"metadata.name={inv.args[0]}" if inv.args else "",
                       label_selector=label)
    enriched = {} if (inv.flags.string("output") or not items) else _enrich(inv, items)
    items.sort(key=_sort_key)

    def row(rev: Obj) -> list[str]:
        traffic, tags = enriched.get(f"{output.meta(rev).get('namespace', '')}/{rev['metadata']['name']}", ("", ""))
        labels = _labels(rev)
        cells = [rev["metadata"]["name"], labels.get(SERVICE_LABEL, ""), traffic, tags,
                 labels.get(CONFIG_GENERATION, ""), output.age(rev["metadata"].get("creationTimestamp")),
                 output.conditions_value(rev), output.ready_condition(rev), output.non_ready_reason(rev)]
        return [_trunc(c) for c in cells]

    print_list(inv, REVISION, items, COLUMNS, row, "No revisions found.")


def delete(inv: Invocation) -> None:
    prune = inv.flags.is_changed("prune")
    prune_all = inv.flags.boolean("prune-all")
    if not inv.args and not prune and not prune_all:
        raise KnError("'kn revision delete' requires one or more revision name")
    if inv.args and prune_all:
        raise KnError("'kn revision delete' with --prune-all flag requires no arguments")
    namespace = inv.namespace
    client = inv.client
    names = list(inv.args)
    if prune or prune_all:
        label = f"{SERVICE_LABEL}={inv.flags.string('prune')}" if prune else ""
        doc = client.list(REVISION.api_version, REVISION.plural, namespace, label_selector=label)
        revisions = sorted(doc.get("items") or [], key=_sort_key)
        names = [r["metadata"]["name"] for r in revisions
                 if _labels(r).get("serving.knative.dev/routingState") != "active"]
        if not names:
            inv.out.write("No unreferenced revisions found.\n")
            return
    errors = []
    timeout = float(inv.flags.integer("wait-timeout")) if inv.flags.boolean("wait") else 0.0
    for name in names:
        try:
            rev = client.get(REVISION.api_version, REVISION.plural, namespace, name)
            if (rev.get("metadata") or {}).get("deletionTimestamp"):
                raise KnError(f"can't delete revision '{name}' because it has been already marked for deletion")
            client.delete(REVISION.api_version, REVISION.plural, namespace, name)
            if timeout:
                wait_for_delete(client, REVISION, namespace, name, str(rev["metadata"].get("resourceVersion", "")),
                                timeout, "revision")
        except (ApiError, KnError) as e:
            errors.append(e.message)
            continue
        inv.out.write(f"Revision '{name}' deleted in namespace '{namespace}'.\n")
    if errors:
        raise KnError("Error: " + "\nError: ".join(errors))


COMMANDS = {
    "revision list": list_revisions,
    "revision describe": describe,
    "revision delete": delete,
}
