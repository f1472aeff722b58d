"""``kn service create|update|apply|list|describe|delete|export|import|wait``.

Each command follows kn 1.12's ``pkg/kn/commands/service``: create builds a Service from the
flags (refusing an existing one unless ``--force``, which replaces it), update edits the
current object with optimistic-concurrency retries, apply does kn's three-way JSON merge
against ``kubectl.kubernetes.io/last-applied-configuration``. Unless ``--no-wait``, they wait
for the Service to become Ready with kn's progress lines and end with ``Service 'hello'
created to latest revision 'hello-00001' is available at URL:`` and the URL; a revision that
fails ends the command with its reason. ``--target DIR|FILE`` writes the manifest to
``DIR/<ns>/ksvc/<name>.yaml`` (or the file) instead of calling the API, as kn's GitOps mode.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.common import print_list, print_machine_readable, read_document, with_type
from knlite.cli.kn.describe import PrefixWriter, write_conditions, write_metadata
from knlite.cli.kn.errors import ApiError, KnError
from knlite.cli.kn.resources import CONFIGURATION, REVISION, SERVICE
from knlite.cli.kn.serviceflags import USER_IMAGE, any_mutation, apply_edit_flags
from knlite.cli.kn.traffic import compute
from knlite.cli.kn.wait import wait_for_delete, wait_for_ready

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
CREATOR = "serving.knative.dev/creator"
UPDATER = "serving.knative.dev/lastModifier"
CONFIG_GENERATION = "serving.knative.dev/configurationGeneration"
SERVICE_LABEL = "serving.knative.dev/service"
RETRY_STEPS = 5


# -- where services live: the API or a GitOps directory -------------------------------------------

class ApiStore:
    def __init__(self, inv: Invocation) -> None:
        self.inv = inv
        self.namespace = inv.namespace

    @property
    def client(self) -> Any:
        return self.inv.client

    def get(self, name: str) -> Obj:
        return self.client.get(SERVICE.api_version, SERVICE.plural, self.namespace, name)

    def exists(self, name: str) -> bool:
        try:
            self.get(name)
            return True
        except ApiError as e:
            if e.not_found:
                return False
            raise

    def list(self, name: str = "") -> list[Obj]:
        doc = self.client.list(SERVICE.api_version, SERVICE.plural, self.namespace or None,
                               field_selector=f"metadata.name={name}" if name else "")
        return with_type(list(doc.get("items") or []), SERVICE)

    def create(self, svc: Obj) -> Obj:
        return self.client.create(SERVICE.api_version, SERVICE.plural, self.namespace, svc)

    def update(self, svc: Obj) -> Obj:
        return self.client.update(SERVICE.api_version, SERVICE.plural, self.namespace, svc)

    def delete(self, name: str, timeout: float) -> None:
        svc = self.get(name)
        if (svc.get("metadata") or {}).get("deletionTimestamp"):
            raise KnError(f"can't delete service '{name}' because it has been already marked for deletion")
        if timeout == 0:
            self.client.delete(SERVICE.api_version, SERVICE.plural, self.namespace, name, "Background")
            return
        self.client.delete(SERVICE.api_version, SERVICE.plural, self.namespace, name, "Foreground")
        wait_for_delete(self.client, SERVICE, self.namespace, name,
                        str(svc["metadata"].get("resourceVersion", "")), timeout, "service")


class GitOpsStore:
    """kn's ``knServingGitOpsClient``: services as files under ``--target``."""

    def __init__(self, inv: Invocation, target: str) -> None:
        self.namespace = inv.namespace
        self.target = target
        self.file_mode = target.endswith((".yaml", ".yml", ".json"))
        self.fmt = "json" if target.endswith(".json") else "yaml"

    def path(self, name: str) -> Path:
        return Path(self.target) if self.file_mode else Path(self.target, self.namespace, "ksvc", f"{name}.yaml")

    def _read(self, path: Path, name: str) -> Obj:
        if not path.exists():
            raise ApiError(404, "NotFound", f'services.serving.knative.dev "{name}" not found')
        doc = read_document(str(path))
        if not isinstance(doc, dict):
            raise KnError(f"{path} does not hold a Service")
        return doc

    def get(self, name: str) -> Obj:
        return self._read(self.path(name), name)

    def exists(self, name: str) -> bool:
        return self.path(name).exists()

    def list(self, name: str = "") -> list[Obj]:
        if self.file_mode:
            return [self._read(Path(self.target), "")]
        root = Path(self.target, self.namespace) if self.namespace else Path(self.target)
        if not root.exists():
            raise KnError(f"stat {root}: no such file or directory")
        out = []
        for path in sorted(root.rglob("*.yaml")):
            if "ksvc" in path.parts:
                svc = self._read(path, "")
                if not name or (svc.get("metadata") or {}).get("name") == name:
                    out.append(svc)
        return out

    def _write(self, svc: Obj) -> Obj:
        name = svc["metadata"]["name"]
        path = self.path(name)
        if not self.file_mode and not Path(self.target).exists():
            raise KnError(f"directory '{self.target}' not present, please create the directory and try again")
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = go_service(svc)
        path.write_text(output.to_json(doc) if self.fmt == "json" else output.to_yaml(doc))
        return svc

    def create(self, svc: Obj) -> Obj:
        return self._write(svc)

    def update(self, svc: Obj) -> Obj:
        self.get(svc["metadata"]["name"])
        return self._write(svc)

    def delete(self, name: str, timeout: float) -> None:
        try:
            os.remove(self.path(name))
        except FileNotFoundError:
            raise KnError(f"remove {self.path(name)}: no such file or directory") from None


def store(inv: Invocation, gitops: bool = True) -> ApiStore | GitOpsStore:
    target = inv.flags.string("target") if gitops and inv.flags.has("target") else ""
    return GitOpsStore(inv, target) if target else ApiStore(inv)


def go_service(svc: Obj) -> Obj:
    """The Service as Go's encoder writes a client-built object (empty fields kn's types keep)."""
    doc = copy.deepcopy(svc)
    doc.setdefault("apiVersion", SERVICE.api_version)
    doc.setdefault("kind", SERVICE.kind)
    doc.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    template = doc.setdefault("spec", {}).setdefault("template", {})
    template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    for c in template.setdefault("spec", {}).setdefault("containers", []):
        c.setdefault("name", "")
        c.setdefault("resources", {})
    doc.setdefault("status", {})
    return doc


# -- shared pieces -------------------------------------------------------------------------------

def _name_arg(inv: Invocation, what: str, allow_file: bool = False) -> str:
    if len(inv.args) != 1 and not (allow_file and inv.flags.string("filename")):
        raise KnError(f"'service {what}' requires the service name given as single argument")
    return inv.args[0] if inv.args else ""


def construct_service(inv: Invocation, name: str, namespace: str) -> Obj:
    """kn's constructService / constructServiceFromFile."""
    if inv.flags.string("filename"):
        svc = read_document(inv.flags.string("filename")) or {}
        if not isinstance(svc, dict):
            raise KnError(f"{inv.flags.string('filename')} does not hold a Service")
        file_name = (svc.get("metadata") or {}).get("name", "")
        if name and file_name and name != file_name:
            raise KnError(f"provided service name '{name}' doesn't match name from file '{file_name}'")
        if not name and not file_name:
            raise KnError("no service name provided in command parameter or file")
        svc.setdefault("metadata", {})["name"] = name or file_name
        svc["metadata"]["namespace"] = namespace
    else:
        svc = {"apiVersion": SERVICE.api_version, "kind": SERVICE.kind,
               "metadata": {"name": name, "namespace": namespace},
               "spec": {"template": {"metadata": {"annotations": {USER_IMAGE: ""}}, "spec": {"containers": [{}]}}}}
    apply_edit_flags(svc, None, inv.flags, inv.path.split()[-1])
    return svc


def _wait_flags(inv: Invocation) -> tuple[bool, float, float]:
    return inv.flags.boolean("wait"), float(inv.flags.integer("wait-timeout")), float(inv.flags.integer("wait-window"))


def _wait_ready(inv: Invocation, name: str, namespace: str) -> None:
    _, timeout, window = _wait_flags(inv)
    inv.out.write("\n")
    inv.out.flush()
    try:
        elapsed = wait_for_ready(inv.client, SERVICE, namespace, name, timeout, window, inv.out)
    except KnError as e:
        if not e.hint:
            e.hint = _revision_failure(inv, name, namespace)
        raise
    inv.out.write(f"{round(elapsed, 3):7.3f}s Ready to serve.\n")


def _revision_failure(inv: Invocation, name: str, namespace: str) -> str:
    """Why the latest revision is not ready, when the Service's own condition does not say it."""
    try:
        svc = inv.client.get(SERVICE.api_version, SERVICE.plural, namespace, name)
        rev_name = (svc.get("status") or {}).get("latestCreatedRevisionName")
        if not rev_name:
            return ""
        rev = inv.client.get(REVISION.api_version, REVISION.plural, namespace, rev_name)
    except KnError:
        return ""
    for c in output.conditions(rev):
        if c.get("type") == "Ready" and c.get("status") == "False":
            return f"Revision '{rev_name}' is not ready: {c.get('reason', '')}: {c.get('message', '')}"
    return ""


def show_url(inv: Invocation, name: str, namespace: str, original_revision: str, what: str) -> None:
    try:
        svc = inv.client.get(SERVICE.api_version, SERVICE.plural, namespace, name)
    except ApiError as e:
        raise KnError(f"cannot fetch service '{name}' in namespace '{namespace}' for extracting the URL: "
                      f"{e.message}") from None
    status = svc.get("status") or {}
    url = str(status.get("url") or "")
    new_revision = str(status.get("latestReadyRevisionName") or "")
    if (original_revision and original_revision == new_revision) or original_revision == "unchanged":
        inv.out.write(f"Service '{name}' with latest revision '{new_revision}' (unchanged) is available at URL:\n"
                      f"{url}\n")
    else:
        inv.out.write(f"Service '{name}' {what} to latest revision '{new_revision}' is available at URL:\n{url}\n")


def wait_if_requested(inv: Invocation, name: str, namespace: str, doing: str, done: str, target: str) -> None:
    wait, _, _ = _wait_flags(inv)
    if not wait or target:
        inv.out.write(f"Service '{name}' {done} in namespace '{namespace}'.\n")
        return
    inv.out.write(f"{doing} service '{name}' in namespace '{namespace}':\n")
    _wait_ready(inv, name, namespace)
    inv.out.write("\n")
    show_url(inv, name, namespace, "", done)


def update_with_retry(st: ApiStore | GitOpsStore, name: str, edit: Any) -> bool:
    """kn's UpdateServiceWithRetry: GET, edit, PUT; retry on conflicts; True if the generation moved."""
    for attempt in range(RETRY_STEPS):
        svc = st.get(name)
        if (svc.get("metadata") or {}).get("deletionTimestamp"):
            raise KnError(f"can't update service {name} because it has been marked for deletion")
        before = (svc.get("metadata") or {}).get("generation")
        updated = edit(copy.deepcopy(svc))
        try:
            result = st.update(updated)
        except ApiError as e:
            if e.conflict and attempt < RETRY_STEPS - 1:
                time.sleep(0.01 * (2 ** attempt))
                continue
            raise
        if isinstance(st, GitOpsStore):
            return True
        return before != (result.get("metadata") or {}).get("generation")
    return False


# -- create ----------------------------------------------------------------------------------------

def create(inv: Invocation) -> None:
    name = _name_arg(inv, "create", allow_file=True)
    if not inv.flags.string("image") and not inv.flags.string("filename"):
        raise KnError("'service create' requires the image name to run provided with the --image option")
    namespace = inv.namespace
    svc = construct_service(inv, name, namespace)
    name = svc["metadata"]["name"]
    target = inv.flags.string("target")
    st = store(inv)
    if inv.flags.is_changed("tag") or inv.flags.is_changed("untag"):
        svc["spec"]["traffic"] = compute(svc, ["@latest=100"], inv.flags.strings("tag"), [], [],
                                         any_mutation(inv.flags), traffic_changed=False, is_create=True)
    if st.exists(name):
        if not inv.flags.boolean("force"):
            raise KnError(f"cannot create service '{name}' in namespace '{namespace}' because the service already "
                          "exists and no --force option was given")
        _replace(inv, st, svc, namespace, target)
        return
    st.create(svc)
    wait_if_requested(inv, name, namespace, "Creating", "created", target)


def _replace(inv: Invocation, st: ApiStore | GitOpsStore, svc: Obj, namespace: str, target: str) -> None:
    name = svc["metadata"]["name"]

    def edit(orig: Obj) -> Obj:
        new = copy.deepcopy(svc)
        ann = new.setdefault("metadata", {}).setdefault("annotations", {})
        for key in (CREATOR, UPDATER):
            if key in ((orig.get("metadata") or {}).get("annotations") or {}):
                ann[key] = orig["metadata"]["annotations"][key]
        new["metadata"]["resourceVersion"] = orig["metadata"].get("resourceVersion", "")
        return new

    if not update_with_retry(st, name, edit):
        inv.out.write(f"Service '{name}' replaced in namespace '{namespace}' (unchanged).\n")
        return
    wait_if_requested(inv, name, namespace, "Replacing", "replaced", target)


# -- update ----------------------------------------------------------------------------------------

def base_revision(inv: Invocation, svc: Obj, namespace: str) -> Obj | None:
    """kn's GetBaseRevision: the template's named revision, else the latest created one."""
    template = (svc.get("spec") or {}).get("template") or {}
    name = (template.get("metadata") or {}).get("name")
    try:
        if name:
            return inv.client.get(REVISION.api_version, REVISION.plural, namespace, name)
        latest = (svc.get("status") or {}).get("latestCreatedRevisionName")
        if not latest:
            inv.out.write("Warning: No revision found to update image digest")
            return None
        rev = inv.client.get(REVISION.api_version, REVISION.plural, namespace, latest)
    except ApiError:
        return None
    current = ((template.get("spec") or {}).get("containers") or [{}])[0].get("image")
    base = ((rev.get("spec") or {}).get("containers") or [{}])[0].get("image")
    return rev if current == base else None


def update(inv: Invocation) -> None:
    name = _name_arg(inv, "update")
    namespace = inv.namespace
    target = inv.flags.string("target")
    st = store(inv)
    flags = inv.flags
    before: dict[str, str] = {}
    traffic_flags = flags.is_changed("traffic") or flags.is_changed("tag") or flags.is_changed("untag")

    def edit(svc: Obj) -> Obj:
        before["latest"] = str((svc.get("status") or {}).get("latestReadyRevisionName") or "")
        base = None
        if not flags.is_changed("image") and flags.boolean("lock-to-digest") and not target:
            base = base_revision(inv, svc, namespace)
        apply_edit_flags(svc, base, flags, "update")
        if traffic_flags:
            revisions: list[Obj] = []
            if not target:
                doc = inv.client.list(REVISION.api_version, REVISION.plural, namespace,
                                      label_selector=f"{SERVICE_LABEL}={name}")
                revisions = list(doc.get("items") or [])
            svc.setdefault("spec", {})["traffic"] = compute(
                svc, flags.strings("traffic"), flags.strings("tag"), flags.strings("untag"), revisions,
                any_mutation(flags), flags.is_changed("traffic"))
        return svc

    changed = update_with_retry(st, name, edit)
    if not changed:
        inv.out.write(f"Service '{name}' updated in namespace '{namespace}'.\n")
        inv.out.write("No new revision has been created.\n")
        return
    if flags.boolean("wait") and not target:
        inv.out.write(f"Updating Service '{name}' in namespace '{namespace}':\n")
        _wait_ready(inv, name, namespace)
        inv.out.write("\n")
        show_url(inv, name, namespace, before.get("latest", ""), "updated")
    else:
        inv.out.write(f"Service '{name}' updated in namespace '{namespace}'.\n")


# -- apply (kn's three-way JSON merge) ------------------------------------------------------------

def _create_merge_patch(original: Any, modified: Any) -> Any:
    """RFC 7386 merge patch turning ``original`` into ``modified``."""
    if not isinstance(original, dict) or not isinstance(modified, dict):
        return modified
    patch: Obj = {}
    for key, value in modified.items():
        if key not in original:
            patch[key] = value
        elif isinstance(value, dict) and isinstance(original[key], dict):
            sub = _create_merge_patch(original[key], value)
            if sub:
                patch[key] = sub
        elif value != original[key]:
            patch[key] = value
    for key in original:
        if key not in modified:
            patch[key] = None
    return patch


def _keep_or_delete_null(m: Obj, keep_null: bool) -> Obj:
    out: Obj = {}
    for key, value in m.items():
        if value is None:
            if keep_null:
                out[key] = None
        elif isinstance(value, dict):
            if not value:
                if not keep_null:
                    out[key] = value
                continue
            sub = _keep_or_delete_null(value, keep_null)
            if sub:
                out[key] = sub
        elif not keep_null:
            out[key] = value
    return out


def _merge_patch(doc: Obj, patch: Obj) -> Obj:
    out = dict(doc)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge_patch(out[key], value)
        else:
            out[key] = value
    return out


def three_way_merge_patch(original: Obj, modified: Obj, current: Obj) -> Obj:
    """apimachinery's ``CreateThreeWayJSONMergePatch`` (conflicts are not checked)."""
    add_and_change = _keep_or_delete_null(_create_merge_patch(current, modified), keep_null=False)
    deletions = _keep_or_delete_null(_create_merge_patch(original, modified), keep_null=True)
    return _merge_patch(deletions, add_and_change)


def encode_for_apply(svc: Obj) -> Obj:
    """kn's encodeService + cleanup: no status, no timestamps, no defaulted container name."""
    doc = copy.deepcopy(svc)
    doc.setdefault("apiVersion", SERVICE.api_version)
    doc.setdefault("kind", SERVICE.kind)
    doc.pop("status", None)
    (doc.get("metadata") or {}).pop("creationTimestamp", None)
    template = (doc.get("spec") or {}).get("template") or {}
    (template.get("metadata") or {}).pop("creationTimestamp", None)
    containers = (template.get("spec") or {}).get("containers") or []
    if containers:
        c = containers[0]
        if c.get("name"):
            del c["name"]
        if "resources" in c and not c["resources"]:
            del c["resources"]
    return doc


def _compact(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def apply(inv: Invocation) -> None:
    name = _name_arg(inv, "apply", allow_file=True)
    namespace = inv.namespace
    inv.flags.values["revision-name"] = ""  # kn's apply ignores --revision-name
    svc = construct_service(inv, name, namespace)
    name = svc["metadata"]["name"]
    client = inv.client
    try:
        current: Obj | None = client.get(SERVICE.api_version, SERVICE.plural, namespace, name)
    except ApiError as e:
        if not e.not_found:
            raise
        current = None
    if current is None:
        doing, done = "Creating", "created"
    else:
        doing, done = "Applying", "applied"
        annotations = (current.get("metadata") or {}).get("annotations")
        if annotations is not None and LAST_APPLIED not in annotations:
            inv.out.write("Warning: 'kn service apply' should be used only for services created by 'kn service apply'\n")
    containers = svc["spec"]["template"]["spec"].get("containers") or []
    if not containers or (not containers[0].get("image") and current is not None):
        raise KnError("'service apply' requires the image name to run provided with the --image option")
    modified = encode_for_apply(svc)
    modified.setdefault("metadata", {}).setdefault("annotations", {}).pop(LAST_APPLIED, None)
    if not modified["metadata"]["annotations"]:
        del modified["metadata"]["annotations"]
    last_applied = _compact(modified)
    if current is None:
        svc.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = last_applied
        client.create(SERVICE.api_version, SERVICE.plural, namespace, svc)
        changed = True
    else:
        original_text = ((current.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED, "")
        try:
            original = json.loads(original_text) if original_text else {}
        except ValueError:
            original = {}
        modified.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = last_applied
        patch = three_way_merge_patch(original, modified, encode_for_apply(current))
        if not patch:
            changed = False
        else:
            saved = client.patch(SERVICE.api_version, SERVICE.plural, namespace, name, patch)
            changed = (saved.get("metadata") or {}).get("generation") != \
                (saved.get("status") or {}).get("observedGeneration")
    if not changed:
        inv.out.write(f"No changes to apply to service '{name}'.\n")
        show_url(inv, name, namespace, "unchanged", "")
        return
    wait_if_requested(inv, name, namespace, doing, done, "")


# -- list, describe --------------------------------------------------------------------------------

COLUMNS = ("Name", "Url", "Latest", "Age", "Conditions", "Ready", "Reason")


def service_row(svc: Obj) -> list[str]:
    status = svc.get("status") or {}
    return [output.meta(svc).get("name", ""), str(status.get("url") or ""),
            str(status.get("latestReadyRevisionName") or ""), output.age(output.meta(svc).get("creationTimestamp")),
            output.conditions_value(svc), output.ready_condition(svc), output.non_ready_reason(svc)]


def list_services(inv: Invocation) -> None:
    if len(inv.args) > 1:
        raise KnError("'kn service list' accepts maximum 1 argument")
    st = store(inv)
    items = st.list(inv.args[0] if inv.args else "")
    items.sort(key=lambda s: (output.meta(s).get("namespace", ""), output.meta(s).get("name", "")))
    print_list(inv, SERVICE, items, COLUMNS, service_row, "No services found.")


class RevisionDesc:
    def __init__(self, revision: Obj, target: Obj | None, svc: Obj) -> None:
        status = svc.get("status") or {}
        name = revision["metadata"]["name"]
        generation = ((revision.get("metadata") or {}).get("labels") or {}).get(CONFIG_GENERATION, "")
        try:
            self.generation = int(generation, 0)
        except ValueError:
            raise KnError(f"cannot extract configuration generation for revision {name}: strconv.ParseInt: parsing "
                          f'"{generation}": invalid syntax') from None
        self.revision = revision
        self.latest_created = name == status.get("latestCreatedRevisionName")
        self.latest_ready = name == status.get("latestReadyRevisionName")
        self.percent = int((target or {}).get("percent") or 0)
        self.latest_traffic = (target or {}).get("latestRevision")
        self.tag = str((target or {}).get("tag") or "")


def revision_descriptions(inv: Invocation, svc: Obj, namespace: str, details: bool) -> list[RevisionDesc]:
    client = inv.client
    seen: set[str] = set()
    descs: list[RevisionDesc] = []

    def get_revision(rev_name: str) -> Obj:
        return client.get(REVISION.api_version, REVISION.plural, namespace, rev_name)

    status = svc.get("status") or {}
    for target in status.get("traffic") or []:
        rev_name = target.get("revisionName") or ""
        if not rev_name:
            conf = target.get("configurationName")
            if not conf:
                raise KnError(f"cannot extract revision from service {svc['metadata']['name']}: neither RevisionName "
                              "nor ConfigurationName set")
            cfg = client.get(CONFIGURATION.api_version, CONFIGURATION.plural, namespace, conf)
            rev_name = (cfg.get("status") or {}).get("latestCreatedRevisionName", "")
        try:
            rev = get_revision(rev_name)
        except ApiError as e:
            raise KnError(f"cannot extract revision from service {svc['metadata']['name']}: {e.message}") from None
        seen.add(rev_name)
        descs.append(RevisionDesc(rev, target, svc))
    for rev_name in (status.get("latestCreatedRevisionName"), status.get("latestReadyRevisionName")):
        if rev_name and rev_name not in seen:
            seen.add(rev_name)
            descs.append(RevisionDesc(get_revision(rev_name), None, svc))
    if details:
        doc = client.list(REVISION.api_version, REVISION.plural, namespace,
                          label_selector=f"{SERVICE_LABEL}={svc['metadata']['name']}")
        for rev in doc.get("items") or []:
            if rev["metadata"]["name"] not in seen:
                seen.add(rev["metadata"]["name"])
                descs.append(RevisionDesc(rev, None, svc))
    return sorted(descs, key=lambda d: -d.generation)


def _bullet(percent: int, status: str) -> str:
    symbol = "+"
    if status == "True":
        if percent > 0:
            symbol = "%"
    elif status == "False":
        symbol = "!"
    else:
        symbol = "?"
    return f"   {symbol}" if percent == 0 else f"{percent:3d}{symbol}"


def _revision_header(d: RevisionDesc) -> str:
    name = d.revision["metadata"]["name"]
    header = name
    if d.latest_traffic:
        header = f"@latest ({name})"
    elif d.latest_ready:
        header = f"{name} (current @latest)"
    elif d.latest_created:
        header = f"{name} (latest created)"
    if d.tag:
        header = f"{header} #{d.tag}"
    return f"{header} [{d.generation}] ({output.short_age(d.revision['metadata'].get('creationTimestamp'))})"


def describe_service(out: Any, svc: Obj, descs: list[RevisionDesc], details: bool) -> None:
    from knlite.cli.kn import revision as rev_mod

    dw = PrefixWriter.create(out)
    write_metadata(dw, svc, details)
    status = svc.get("status") or {}
    dw.write_attribute("URL", str(status.get("url") or ""))
    if details and status.get("address"):
        dw.write_attribute("Cluster", str((status.get("address") or {}).get("url") or ""))
    pod = ((svc.get("spec") or {}).get("template") or {}).get("spec") or {}
    if pod.get("serviceAccountName"):
        dw.write_attribute("Service Account", pod["serviceAccountName"])
    if pod.get("imagePullSecrets") is not None:
        dw.write_attribute("Image Pull Secret", (pod["imagePullSecrets"] or [{}])[0].get("name", ""))
    dw.write_line()
    dw.flush()
    section = dw.write_attribute("Revisions", "")
    dw.flush()
    for d in descs:
        ready = next((c for c in output.conditions(d.revision) if c.get("type") == "Ready"),
                     {"type": "Ready", "status": "Unknown"})
        sub = section.write_cols_ln(_bullet(d.percent, str(ready.get("status"))), _revision_header(d))
        if ready.get("status") == "False":
            sub.write_attribute("Error", str(ready.get("reason", "")))
        rev_mod.write_image(sub, d.revision)
        rev_mod.write_replicas(sub, d.revision)
        if details:
            rev_mod.write_port(sub, d.revision)
            rev_mod.write_env(sub, d.revision, details)
            rev_mod.write_env_from(sub, d.revision, details)
            rev_mod.write_scale(sub, d.revision)
            rev_mod.write_concurrency(sub, d.revision)
            rev_mod.write_resources(sub, d.revision)
    dw.write_line()
    dw.flush()
    write_conditions(dw, output.conditions(svc), details)
    dw.flush()


def describe(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'service describe' requires the service name given as single argument")
    name = inv.args[0]
    st = store(inv)
    svc = st.get(name)
    with_type([svc], SERVICE)
    if print_machine_readable(inv, svc, url=str((svc.get("status") or {}).get("url") or "")):
        return
    details = inv.flags.boolean("verbose")
    descs = revision_descriptions(inv, svc, inv.namespace, details) if isinstance(st, ApiStore) else []
    describe_service(inv.out, svc, descs, details)


# -- delete, wait -------------------------------------------------------------------------------

def delete(inv: Invocation) -> None:
    delete_all = inv.flags.boolean("all")
    if not inv.args and not delete_all:
        raise KnError("'service delete' requires the service name(s)")
    if inv.args and delete_all:
        raise KnError("'service delete' with --all flag requires no arguments")
    namespace = inv.namespace
    st = store(inv)
    names = list(inv.args)
    if delete_all:
        names = [output.meta(s).get("name", "") for s in st.list()]
        if not names:
            inv.out.write("No services found.\n")
            return
    errors = []
    timeout = float(inv.flags.integer("wait-timeout")) if inv.flags.boolean("wait") else 0.0
    for name in names:
        try:
            st.delete(name, timeout)
        except KnError as e:
            errors.append(e.message)
            continue
        inv.out.write(f"Service '{name}' successfully deleted in namespace '{namespace}'.\n")
    if errors:
        raise KnError("Error: " + "\nError: ".join(errors))


def wait(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'service wait' requires the service name given as single argument")
    name = inv.args[0]
    namespace = inv.namespace
    inv.out.write(f"Waiting for Service '{name}' in namespace '{namespace}':\n")
    _wait_ready(inv, name, namespace)
    inv.out.write("\n")
    inv.out.write(f"Service '{name}' in namespace '{namespace}' is ready.\n")


# -- export, import ------------------------------------------------------------------------------

IGNORED_SERVICE_ANNOTATIONS = (CREATOR, UPDATER, LAST_APPLIED)
IGNORED_REVISION_ANNOTATIONS = ("serving.knative.dev/lastPinned", CREATOR, "serving.knative.dev/routingStateModified",
                                "client.knative.dev/updateTimestamp")
IGNORED_LABELS = ("serving.knative.dev/configurationUID", "serving.knative.dev/serviceUID")


def _strip(meta: Obj, annotations: tuple[str, ...], labels: tuple[str, ...]) -> None:
    for key in annotations:
        (meta.get("annotations") or {}).pop(key, None)
    for key in labels:
        (meta.get("labels") or {}).pop(key, None)
    for field in ("annotations", "labels"):
        if field in meta and not meta[field]:
            del meta[field]


def _meta(obj: Obj) -> Obj:
    m = obj.get("metadata") or {}
    out: Obj = {"creationTimestamp": None, "name": m.get("name", "")}
    if m.get("labels"):
        out["labels"] = copy.deepcopy(m["labels"])
    if m.get("annotations"):
        out["annotations"] = copy.deepcopy(m["annotations"])
    return out


def export_latest_service(svc: Obj, with_routes: bool) -> Obj:
    template = copy.deepcopy((svc.get("spec") or {}).get("template") or {})
    template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    out: Obj = {"apiVersion": svc.get("apiVersion", SERVICE.api_version), "kind": svc.get("kind", SERVICE.kind),
                "metadata": _meta(svc), "spec": {"template": template}, "status": {}}
    if with_routes and (svc.get("spec") or {}).get("traffic") is not None:
        out["spec"]["traffic"] = copy.deepcopy(svc["spec"]["traffic"])
    _strip(out["metadata"], IGNORED_SERVICE_ANNOTATIONS, IGNORED_LABELS)
    _strip(out["spec"]["template"]["metadata"], IGNORED_REVISION_ANNOTATIONS, IGNORED_LABELS)
    return out


def _sorted_revisions(revisions: list[Obj]) -> list[Obj]:
    def key(r: Obj) -> tuple[int, str]:
        try:
            return (int(r["metadata"]["labels"][CONFIG_GENERATION]), r["metadata"]["name"])
        except (KeyError, ValueError):
            return (0, r["metadata"]["name"])

    return sorted(revisions, key=key)


def _revisions_to_export(inv: Invocation, svc: Obj, namespace: str) -> tuple[list[Obj], set[str]]:
    routed = {t["revisionName"] for t in (svc.get("spec") or {}).get("traffic") or [] if t.get("revisionName")}
    doc = inv.client.list(REVISION.api_version, REVISION.plural, namespace,
                          label_selector=f"{SERVICE_LABEL}={svc['metadata']['name']}")
    items = with_type(list(doc.get("items") or []), REVISION)
    if not items:
        raise KnError(f"no revisions found for the service {svc['metadata']['name']}")
    return _sorted_revisions(items), routed


def export(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn service export' requires name of the service as single argument")
    if not inv.flags.string("output"):
        raise KnError("'kn service export' requires output format")
    name = inv.args[0]
    namespace = inv.namespace
    svc = inv.client.get(SERVICE.api_version, SERVICE.plural, namespace, name)
    with_type([svc], SERVICE)
    with_revisions = inv.flags.boolean("with-revisions")
    latest_name = (((svc.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("name")
    if inv.flags.string("mode") == "replay":
        if not with_revisions:
            doc = export_latest_service(svc, False)
        else:
            revisions, routed = _revisions_to_export(inv, svc, namespace)
            items = []
            for rev in revisions:
                rname = rev["metadata"]["name"]
                if rname in routed and rname != latest_name:
                    item = export_latest_service(svc, False)
                    item["spec"]["template"]["spec"] = copy.deepcopy(rev.get("spec") or {})
                    ann = copy.deepcopy((rev.get("metadata") or {}).get("annotations") or {})
                    _strip({"annotations": ann}, IGNORED_REVISION_ANNOTATIONS, ())
                    item["spec"]["template"]["metadata"] = {"creationTimestamp": None, "name": rname}
                    if ann:
                        item["spec"]["template"]["metadata"]["annotations"] = ann
                    items.append(item)
            items.append(export_latest_service(svc, len(revisions) > 1))
            doc = {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {}}
    else:
        exported_revisions: list[Obj] = []
        history = 0
        if with_revisions:
            revisions, routed = _revisions_to_export(inv, svc, namespace)
            for rev in revisions:
                rname = rev["metadata"]["name"]
                if rname in routed and rname != latest_name:
                    r = {"apiVersion": rev.get("apiVersion", REVISION.api_version),
                         "kind": rev.get("kind", REVISION.kind), "metadata": _meta(rev),
                         "spec": copy.deepcopy(rev.get("spec") or {}), "status": {}}
                    _strip(r["metadata"], IGNORED_REVISION_ANNOTATIONS, IGNORED_LABELS)
                    exported_revisions.append(r)
            history = len(revisions)
        doc = {"apiVersion": "client.knative.dev/v1alpha1", "kind": "Export", "metadata": {"creationTimestamp": None},
               "spec": {"revisions": exported_revisions or None, "service": export_latest_service(svc, history > 1)}}
    output.print_object(inv.out, doc, inv.flags.string("output"), inv.flags.string("template"))


def import_service(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn service import' requires filename of import file as single argument")
    namespace = inv.namespace
    doc = read_document(inv.args[0]) or {}
    svc = ((doc.get("spec") or {}).get("service")) or {} if isinstance(doc, dict) else {}
    name = (svc.get("metadata") or {}).get("name", "")
    if not name:
        raise KnError("provided import file doesn't contain service name, please note that only kn's custom export "
                      "format is supported")
    client = inv.client
    try:
        client.get(SERVICE.api_version, SERVICE.plural, namespace, name)
        raise KnError(f"cannot import service '{name}' in namespace '{namespace}' because the service already exists")
    except ApiError as e:
        if not e.not_found:
            raise
    svc = _clean_for_create(svc, namespace)
    client.create(SERVICE.api_version, SERVICE.plural, namespace, svc)
    conf = None
    for _ in range(50):
        try:
            conf = client.get(CONFIGURATION.api_version, CONFIGURATION.plural, namespace, name)
            break
        except ApiError as e:
            if not e.not_found:
                raise
            time.sleep(0.1)
    if conf is None:
        raise KnError(f'configurations.serving.knative.dev "{name}" not found')
    for rev in ((doc.get("spec") or {}).get("revisions")) or []:
        rev = _clean_for_create(rev, namespace)
        rev["metadata"]["ownerReferences"] = [{
            "apiVersion": CONFIGURATION.api_version, "kind": CONFIGURATION.kind, "name": name,
            "uid": conf["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}]
        client.create(REVISION.api_version, REVISION.plural, namespace, rev)
    wait_if_requested(inv, name, namespace, "Importing", "imported", "")


def _clean_for_create(obj: Obj, namespace: str) -> Obj:
    out = copy.deepcopy(obj)
    out.pop("status", None)
    meta = out.setdefault("metadata", {})
    meta.pop("creationTimestamp", None)
    meta["namespace"] = namespace
    template = (out.get("spec") or {}).get("template")
    if isinstance(template, dict):
        (template.get("metadata") or {}).pop("creationTimestamp", None)
    return out


COMMANDS = {
    "service create": create,
    "service update": update,
    "service apply": apply,
    "service list": list_services,
    "service describe": describe,
    "service delete": delete,
    "service wait": wait,
    "service export": export,
    "service import": import_service,
}
