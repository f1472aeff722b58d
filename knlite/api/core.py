"""The API's semantics, independent of HTTP: what create, update, patch and delete mean.

This is the part of kube-apiserver that sits between the wire and etcd, plus the admission
webhooks Knative installs. Every write — from kubectl over HTTP or from an in-process
reconciler — goes through the same steps, in the apiserver's order:

1. decode: ``apiVersion``/``kind`` must match the URL; fields unknown to the kind's schema are
   an error (``fieldValidation=Strict``), a warning (``Warn``) or dropped (``Ignore``);
2. system fields are set or kept (uid, creationTimestamp, resourceVersion, generation, status
   for kinds with a status subresource) and the object is converted to its storage version;
3. mutating admission: the kind's defaulter (Knative's defaulting webhook);
4. validation: schema types, object metadata (names, labels, annotations), then the kind's
   validator (Knative's validating webhook, whose messages users see);
5. persistence, unless ``dryRun=All``; an update that changes nothing is not written at all.

Deletion honours finalizers and ``deletionTimestamp`` and the propagation policies;
dependents are collected by :mod:`knlite.store.gc`.
"""

from __future__ import annotations

import copy
import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from knlite.api import errors
from knlite.api import patch as patches
from knlite.api.errors import ApiError
from knlite.apis import k8snames, schema
from knlite.apis.admission import CREATE, UPDATE, Denied
from knlite.apis.fielderrors import Level
from knlite.apis.registry import Registry, ResourceType
from knlite.apis.selectors import (
    Selector,
    SelectorError,
    matches,
    matches_fields,
    parse_field_selector,
    parse_label_selector,
)
from knlite.config.types import ConfigView
from knlite.store.store import AlreadyExists, Conflict, Expired, NotFound, Store, Watch

log = logging.getLogger(__name__)

Obj = dict[str, Any]

STRICT, WARN, IGNORE = "Strict", "Warn", "Ignore"
NAMESPACE_GK = "Namespace"
_GENERATE_CHARS = "bcdfghjklmnpqrstvwxz2456789"

SYSTEM_META = ("uid", "creationTimestamp", "resourceVersion", "generation", "deletionTimestamp",
               "deletionGracePeriodSeconds", "selfLink")


@dataclass
class Caller:
    """Who is asking and how: the parts of a request that are not the object."""

    user: str = "system:admin"
    field_manager: str = ""
    dry_run: bool = False
    field_validation: str = STRICT
    warnings: list[str] = field(default_factory=list)
    internal: bool = False  # a knlite component (e.g. the runtime writing Pods), not an API client


@dataclass
class _Ctx:
    """AdmissionContext handed to defaulters and validators."""

    operation: str
    user: str
    dry_run: bool
    core: ApiCore

    @property
    def config(self) -> ConfigView:
        return self.core.config_view()

    def get(self, api_version: str, kind: str, namespace: str, name: str) -> Obj | None:
        rt = self.core.registry.by_kind(api_version.rpartition("/")[0], kind)
        if rt is None:
            return None
        return self.core.store.peek(rt.group_kind, namespace if rt.namespaced else "", name)


def now_rfc3339() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _meta(obj: Obj) -> dict[str, Any]:
    meta = obj.get("metadata")
    if not isinstance(meta, dict):
        meta = {}
        obj["metadata"] = meta
    return meta


def _spec_part(obj: Obj) -> Obj:
    return {k: v for k, v in obj.items() if k not in ("metadata", "status", "apiVersion", "kind")}


def _comparable(obj: Obj) -> Obj:
    out = dict(obj)
    meta = dict(out.get("metadata") or {})
    meta.pop("resourceVersion", None)
    meta.pop("managedFields", None)
    out["metadata"] = meta
    return out


Mutator = Callable[[ResourceType, Obj, "Obj | None"], None]


class ApiCore:
    def __init__(self, registry: Registry, store: Store, config_view: Callable[[], ConfigView],
                 validate_config: Callable[..., str | None] | None = None) -> None:
        self.registry = registry
        self.store = store
        self.config_view = config_view
        self.validate_config = validate_config
        # mutating webhooks beyond the kinds' own defaulters (SinkBinding's psbinding webhook):
        # called on every create and update of a main resource, after the kind's defaulter
        self.mutators: list[Mutator] = []

    # -- reads -------------------------------------------------------------------------------
    def get(self, rt: ResourceType, namespace: str, name: str) -> Obj:
        obj = self.store.peek(rt.group_kind, namespace if rt.namespaced else "", name)
        if obj is None:
            raise errors.not_found(rt, name)
        return obj

    def list_objects(self, rt: ResourceType, namespace: str | None, label_selector: str = "",
             field_selector: str = "") -> tuple[list[Obj], int]:
        pred = self.selector_predicate(label_selector, field_selector)
        items = [o for o in self.store.iter(rt.group_kind, namespace or None) if pred(o)]
        items.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
        return items, self.store.resource_version

    @staticmethod
    def selector_predicate(label_selector: str, field_selector: str) -> Callable[[Obj], bool]:
        try:
            labels: Selector | None = parse_label_selector(label_selector) if label_selector else None
            fields = parse_field_selector(field_selector) if field_selector else None
        except SelectorError as e:
            raise errors.bad_request(str(e)) from e

        def pred(o: Obj) -> bool:
            if labels is not None and not matches(labels, o.get("metadata", {}).get("labels")):
                return False
            return not (fields is not None and not matches_fields(fields, o))

        return pred

    def watch(self, rt: ResourceType, namespace: str | None, since_rv: int | None) -> Watch:
        try:
            return self.store.watch(rt.group_kind, namespace, since_rv)
        except Expired as e:
            raise errors.expired(str(e)) from e

    # -- decoding ----------------------------------------------------------------------------
    def _decode(self, rt: ResourceType, version: str, body: Any, caller: Caller) -> Obj:
        if not isinstance(body, dict):
            raise errors.bad_request("Object 'Kind' is missing in '" + str(body)[:200] + "'")
        expected = rt.api_version_of(version)
        api_version = body.get("apiVersion")
        kind = body.get("kind")
        if not kind:
            raise errors.bad_request(f"Object 'Kind' is missing in '{_short(body)}'")
        if not api_version:
            raise errors.bad_request(f"Object 'apiVersion' is missing in '{_short(body)}'")
        if api_version != expected or kind != rt.kind:
            raise errors.bad_request(
                f"the API version in the data ({api_version}) does not match the expected API version ({expected})"
                if api_version != expected else
                f"the kind in the data ({kind}) does not match the expected kind ({rt.kind})")
        issues = schema.check(body, rt.schema) if rt.schema else []
        unknown = [i.path for i in issues if i.kind == "unknown"]
        if unknown:
            if caller.field_validation == STRICT:
                raise errors.bad_request("strict decoding error: " + ", ".join(f'unknown field "{p}"' for p in unknown))
            if caller.field_validation == WARN:
                caller.warnings.extend(f'unknown field "{p}"' for p in unknown)
        obj: Obj = schema.prune(body, rt.schema) if rt.schema else schema.strip_nulls(body)
        _meta(obj)
        return obj

    def _to_storage(self, rt: ResourceType, obj: Obj) -> Obj:
        if obj.get("apiVersion") == rt.api_version:
            return obj
        return rt.to_version(obj, rt.storage_version)

    def versioned(self, rt: ResourceType, obj: Obj, version: str) -> Obj:
        """The stored object as the client asked for it (storage → requested version)."""
        if version == rt.storage_version:
            return obj
        return rt.to_version(obj, version)

    # -- admission ---------------------------------------------------------------------------
    def _ctx(self, op: str, caller: Caller) -> _Ctx:
        return _Ctx(op, caller.user, caller.dry_run, self)

    def _admit(self, rt: ResourceType, obj: Obj, old: Obj | None, op: str, caller: Caller) -> None:
        ctx = self._ctx(op, caller)
        name = _meta(obj).get("name") or _meta(obj).get("generateName", "")
        try:
            if rt.defaulter is not None:
                rt.defaulter(obj, old, ctx)
            for mutate in self.mutators:
                mutate(rt, obj, old)
            self._validate_types(rt, obj, name)
            self._validate_meta(rt, obj, old)
            if rt.validator is not None:
                err = rt.validator(obj, old, ctx)
                if err:
                    warnings = err.filter(Level.WARNING)
                    caller.warnings.extend(line for line in str(warnings).split("\n") if line)
                    hard = err.filter(Level.ERROR)
                    if hard:
                        raise errors.webhook_denied(rt, name, hard)
        except Denied as d:
            causes = d.causes or [{"reason": "FieldValueInvalid", "message": d.message, "field": ""}]
            raise errors.invalid(rt, name, causes,
                                 f'admission webhook "{d.webhook}" denied the request: {d.message}') from d

    def _validate_types(self, rt: ResourceType, obj: Obj, name: str) -> None:
        if not rt.schema:
            return
        causes = []
        for issue in schema.check(obj, rt.schema):
            if issue.kind == "type":
                causes.append({"reason": "FieldValueInvalid", "field": issue.path,
                               "message": f"Invalid value: {_go_value(issue.value)}: {issue.path} in body "
                                          f"{issue.detail}: {_go_value(issue.value)}"})
            elif issue.kind == "enum":
                causes.append({"reason": "FieldValueNotSupported", "field": issue.path,
                               "message": f"Unsupported value: {_go_value(issue.value)}: {issue.detail}"})
            elif issue.kind == "required" and not issue.path.startswith("metadata."):
                causes.append({"reason": "FieldValueRequired", "field": issue.path, "message": "Required value"})
        if causes:
            raise errors.invalid(rt, name, causes)

    def _validate_meta(self, rt: ResourceType, obj: Obj, old: Obj | None) -> None:
        meta = _meta(obj)
        name = meta.get("name", "")
        causes: list[dict[str, str]] = []

        def bad(path: str, value: Any, msgs: list[str]) -> None:
            for m in msgs:
                causes.append({"reason": "FieldValueInvalid", "field": path,
                               "message": f"Invalid value: {_go_value(value)}: {m}"})

        checker = {
            "subdomain": k8snames.is_dns1123_subdomain,
            "label": k8snames.is_dns1123_label,
            "dns1035": k8snames.is_dns1035_label,
            "path": _path_segment,
        }[rt.name_validation]
        if name:
            bad("metadata.name", name, checker(name))
        for key, value in (meta.get("labels") or {}).items():
            bad("metadata.labels", key, k8snames.is_qualified_name(key))
            if not isinstance(value, str):
                value = str(value)
            bad("metadata.labels", value, k8snames.is_valid_label_value(value))
        size = 0
        for key, value in (meta.get("annotations") or {}).items():
            bad("metadata.annotations", key, k8snames.is_qualified_name(key.lower()))
            size += len(key) + len(str(value))
        if size > k8snames.TOTAL_ANNOTATION_SIZE:
            causes.append({"reason": "FieldValueTooLong", "field": "metadata.annotations",
                           "message": f"Too long: must have at most {k8snames.TOTAL_ANNOTATION_SIZE} bytes"})
        if causes:
            raise errors.invalid(rt, name, causes)

    # -- create ------------------------------------------------------------------------------
    def create(self, rt: ResourceType, namespace: str, body: Any, caller: Caller,
               version: str | None = None) -> Obj:
        if not rt.creatable and not caller.internal:
            raise errors.method_not_allowed()
        obj = self._decode(rt, version or rt.storage_version, body, caller)
        return self._create_decoded(rt, namespace, obj, caller)

    def _create_decoded(self, rt: ResourceType, namespace: str, obj: Obj, caller: Caller) -> Obj:
        meta = _meta(obj)
        if rt.namespaced:
            ns = meta.get("namespace") or namespace
            if namespace and ns != namespace:
                raise errors.bad_request("the namespace of the provided object does not match the namespace "
                                         "sent on the request")
            meta["namespace"] = ns
            self._check_namespace(rt, ns, meta.get("name", ""))
        else:
            meta.pop("namespace", None)
            ns = ""
        for k in SYSTEM_META:
            meta.pop(k, None)
        meta.pop("managedFields", None)
        if not meta.get("name"):
            prefix = meta.get("generateName")
            if not prefix:
                raise errors.field_required(rt, "", "metadata.name", "name or generateName is required")
            meta["name"] = prefix + "".join(random.choice(_GENERATE_CHARS) for _ in range(5))
        if rt.status_subresource:
            obj.pop("status", None)
        obj = self._to_storage(rt, obj)
        meta = _meta(obj)
        name = meta["name"]
        if self.store.peek(rt.group_kind, ns, name) is not None:
            raise errors.already_exists(rt, name)
        self._admit(rt, obj, None, CREATE, caller)
        meta = _meta(obj)
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = now_rfc3339()
        if rt.tracks_generation:
            meta["generation"] = 1
        self._record_managed(rt, None, obj, caller, "Update")
        if caller.dry_run:
            return obj
        try:
            return self.store.create(rt.group_kind, obj)
        except AlreadyExists as e:
            raise errors.already_exists(rt, name) from e

    def _check_namespace(self, rt: ResourceType, ns: str, name: str) -> None:
        if not ns:
            raise errors.bad_request("the server could not find the requested resource: namespace is required")
        nso = self.store.peek(NAMESPACE_GK, "", ns)
        if nso is None:
            raise errors.namespace_not_found(ns)
        if nso["metadata"].get("deletionTimestamp"):
            raise errors.forbidden(rt, name, f"unable to create new content in namespace {ns} because it is "
                                             "being terminated")

    # -- update ------------------------------------------------------------------------------
    def update(self, rt: ResourceType, namespace: str, name: str, body: Any, caller: Caller,
               version: str | None = None, subresource: str = "") -> Obj:
        version = version or rt.storage_version
        obj = self._decode(rt, version, body, caller)
        meta = _meta(obj)
        if meta.get("name") and meta["name"] != name:
            raise errors.bad_request(f"the name of the object ({meta['name']}) does not match the name on the URL ({name})")
        meta["name"] = name
        old = self.store.peek(rt.group_kind, namespace if rt.namespaced else "", name)
        if old is None:
            raise errors.not_found(rt, name)
        rv = meta.get("resourceVersion")
        if not rv and rt.crd:
            raise errors.field_invalid(rt, name, "metadata.resourceVersion", 0,
                                       "must be specified for an update")
        if rv and str(rv) != old["metadata"]["resourceVersion"]:
            raise errors.conflict(rt, name)
        return self._update_decoded(rt, old, self._to_storage(rt, obj), caller, subresource)

    def _update_decoded(self, rt: ResourceType, old: Obj, obj: Obj, caller: Caller, subresource: str,
                        operation: str = "Update") -> Obj:
        name = old["metadata"]["name"]
        if subresource == "status":
            new = copy.deepcopy(old)
            if "status" in obj:
                new["status"] = obj["status"]
            else:
                new.pop("status", None)
        else:
            new = obj
            meta = _meta(new)
            for k in ("uid", "creationTimestamp", "generation", "deletionTimestamp",
                      "deletionGracePeriodSeconds", "namespace", "name"):
                if k in old["metadata"]:
                    meta[k] = old["metadata"][k]
                else:
                    meta.pop(k, None)
            if rt.status_subresource:
                if "status" in old:
                    new["status"] = copy.deepcopy(old["status"])
                else:
                    new.pop("status", None)
            self._admit(rt, new, old, UPDATE, caller)
        meta = _meta(new)
        if rt.tracks_generation and _spec_part(new) != _spec_part(old):
            meta["generation"] = int(old["metadata"].get("generation", 1)) + 1
        if _comparable(new) == _comparable(old):
            return old  # a no-op update is not written and does not change resourceVersion
        self._record_managed(rt, old, new, caller, operation, subresource)
        if caller.dry_run:
            return new
        if meta.get("deletionTimestamp") and not meta.get("finalizers"):
            self._remove(rt, new)
            return new
        try:
            return self.store.update(rt.group_kind, new, int(old["metadata"]["resourceVersion"]))
        except Conflict as e:
            raise errors.conflict(rt, name) from e
        except NotFound as e:
            raise errors.not_found(rt, name) from e

    # -- scale -------------------------------------------------------------------------------
    def scale_of(self, rt: ResourceType, obj: Obj) -> Obj:
        """The ``autoscaling/v1`` Scale of a Deployment (``/scale`` subresource)."""
        meta = obj["metadata"]
        spec, status = obj.get("spec") or {}, obj.get("status") or {}
        labels = ((spec.get("selector") or {}).get("matchLabels")) or {}
        return {"kind": "Scale", "apiVersion": "autoscaling/v1",
                "metadata": {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
                             if k in meta},
                "spec": {"replicas": int(spec.get("replicas", 0))},
                "status": {"replicas": int(status.get("replicas", 0)),
                           "selector": ",".join(f"{k}={v}" for k, v in sorted(labels.items()))}}

    def update_scale(self, rt: ResourceType, namespace: str, name: str, scale: Any, caller: Caller) -> Obj:
        """Set ``spec.replicas`` from a Scale (PUT or a patch already applied to the Scale)."""
        replicas = (scale.get("spec") or {}).get("replicas") if isinstance(scale, dict) else None
        if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 0:
            raise errors.invalid_scale(name, replicas)
        obj = copy.deepcopy(self.get(rt, namespace, name))
        rv = _meta(scale).get("resourceVersion")
        if rv and rv != obj["metadata"].get("resourceVersion"):
            raise errors.conflict(rt, name)
        obj.setdefault("spec", {})["replicas"] = replicas
        return self.scale_of(rt, self.update(rt, namespace, name, obj, caller))

    def patch_scale(self, rt: ResourceType, namespace: str, name: str, patch_type: str, patch: Any,
                    caller: Caller) -> Obj:
        current = self.scale_of(rt, self.get(rt, namespace, name))
        try:
            if patch_type == "merge" or patch_type == "strategic":
                if not isinstance(patch, dict):
                    raise errors.bad_request("the patch must be a JSON object")
                result = patches.merge_patch(current, patch)
            elif patch_type == "json":
                result = patches.json_patch(current, patch)
            else:
                raise errors.unsupported_media_type(patch_type, [])
        except patches.PatchError as e:
            raise _patch_error(e) from e
        _meta(result).pop("resourceVersion", None)  # a patch applies to the current object
        return self.update_scale(rt, namespace, name, result, caller)

    # -- patch -------------------------------------------------------------------------------
    def patch(self, rt: ResourceType, namespace: str, name: str, patch_type: str, patch: Any, caller: Caller,
              version: str | None = None, subresource: str = "", force: bool = False) -> tuple[Obj, bool]:
        """Apply a patch; returns the object and whether it was created (server-side apply only)."""
        version = version or rt.storage_version
        old = self.store.peek(rt.group_kind, namespace if rt.namespaced else "", name)
        if patch_type == "apply":
            return self._apply(rt, namespace, name, old, patch, caller, version, subresource, force)
        if old is None:
            raise errors.not_found(rt, name)
        current = copy.deepcopy(self.versioned(rt, old, version))
        try:
            if patch_type == "merge":
                if not isinstance(patch, dict):
                    raise errors.bad_request("json: cannot unmarshal into object: the patch must be a JSON object")
                result = patches.merge_patch(current, patch)
            elif patch_type == "json":
                if not isinstance(patch, list):
                    raise errors.bad_request("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
                result = patches.json_patch(current, patch)
            elif patch_type == "strategic":
                if rt.crd:
                    raise errors.unsupported_media_type("application/strategic-merge-patch+json", [
                        "application/json-patch+json", "application/merge-patch+json",
                        "application/apply-patch+yaml"])
                if not isinstance(patch, dict):
                    raise errors.bad_request("the patch must be a JSON object")
                result = patches.strategic_merge_patch(current, patch, rt.schema)
            else:
                raise errors.unsupported_media_type(patch_type, [])
        except patches.PatchError as e:
            raise _patch_error(e) from e
        if not isinstance(result, dict):
            raise errors.bad_request("the patch produced something that is not an object")
        rmeta = _meta(result)
        if rmeta.get("name", name) != name:
            raise errors.bad_request(f"the name of the object ({rmeta.get('name')}) does not match the name on "
                                     f"the URL ({name})")
        prv = rmeta.get("resourceVersion")
        if prv and str(prv) != old["metadata"]["resourceVersion"]:
            raise errors.conflict(rt, name)
        obj = self._decode(rt, version, result, caller)
        return self._update_decoded(rt, old, self._to_storage(rt, obj), caller, subresource), False

    def _apply(self, rt: ResourceType, namespace: str, name: str, old: Obj | None, applied: Any, caller: Caller,
               version: str, subresource: str, force: bool) -> tuple[Obj, bool]:
        if not caller.field_manager:
            raise errors.bad_request("PATCH, application/apply-patch+yaml requires fieldManager to be set")
        if not isinstance(applied, dict):
            raise errors.bad_request("error decoding YAML: the applied configuration must be an object")
        applied = self._decode(rt, version, applied, caller)
        ameta = _meta(applied)
        if ameta.get("name", name) != name:
            raise errors.bad_request(f"the name of the object ({ameta.get('name')}) does not match the name on "
                                     f"the URL ({name})")
        ameta["name"] = name
        current = copy.deepcopy(self.versioned(rt, old, version)) if old is not None else None
        reset = ("status",) if rt.status_subresource and subresource != "status" else ()
        try:
            merged, conflicts = patches.apply_patch(current, applied, caller.field_manager, rt.schema, force,
                                                    now_rfc3339(), subresource=subresource, reset_fields=reset,
                                                    crd=rt.crd)
        except patches.PatchError as e:
            raise _patch_error(e) from e
        if conflicts:
            err = patches.conflict_error(conflicts)
            raise ApiError(409, "Conflict", err.message,
                           {"name": name, "kind": rt.plural, **({"group": rt.group} if rt.group else {}),
                            "causes": err.causes})
        if old is None:
            managed = _meta(merged).get("managedFields")
            created = self._create_decoded(rt, namespace, merged, Caller(
                caller.user, caller.field_manager, caller.dry_run, IGNORE, caller.warnings))
            if managed and not caller.dry_run:
                created = copy.deepcopy(created)
                created["metadata"]["managedFields"] = managed
                created = self.store.update(rt.group_kind, created)
            return created, True
        merged = self._to_storage(rt, merged)
        return self._update_decoded(rt, old, merged, caller, subresource, operation="Apply"), False

    def _record_managed(self, rt: ResourceType, old: Obj | None, new: Obj, caller: Caller, operation: str,
                        subresource: str = "") -> None:
        if operation == "Apply" or not caller.field_manager:
            return
        reset = ("status",) if rt.status_subresource and subresource != "status" else ()
        try:
            managed = patches.update_managed_fields(old, new, caller.field_manager, operation, subresource,
                                                    now_rfc3339(), rt.schema, reset_fields=reset, crd=rt.crd)
        except Exception:  # ownership bookkeeping must never fail a write
            log.exception("managed fields of %s not updated", rt.kind)
            return
        if managed is None:
            return
        if managed:
            _meta(new)["managedFields"] = managed
        else:
            _meta(new).pop("managedFields", None)

    # -- delete ------------------------------------------------------------------------------
    def delete(self, rt: ResourceType, namespace: str, name: str, caller: Caller,
               propagation: str = "", preconditions: dict[str, Any] | None = None) -> tuple[Obj, bool]:
        """Delete (or start deleting) an object; returns it and whether it is gone already."""
        ns = namespace if rt.namespaced else ""
        old = self.store.peek(rt.group_kind, ns, name)
        if old is None:
            raise errors.not_found(rt, name)
        pre = preconditions or {}
        if pre.get("uid") and pre["uid"] != old["metadata"].get("uid"):
            raise errors.conflict(rt, name, f"Precondition failed: UID in precondition: {pre['uid']}, UID in "
                                             f"object meta: {old['metadata'].get('uid')}")
        if pre.get("resourceVersion") and pre["resourceVersion"] != old["metadata"]["resourceVersion"]:
            raise errors.conflict(rt, name)
        if rt.group_kind == NAMESPACE_GK and name in ("default", "kube-system", "kube-public"):
            raise errors.forbidden(rt, name, "this namespace may not be deleted")
        if caller.dry_run:
            return old, True
        if propagation == "Orphan":
            self.orphan_dependents(old)
        finalizers = list(old["metadata"].get("finalizers") or [])
        if propagation == "Foreground" and "foregroundDeletion" not in finalizers:
            finalizers.append("foregroundDeletion")
        if rt.group_kind == NAMESPACE_GK and "kubernetes" not in finalizers:
            finalizers.append("kubernetes")
        if finalizers:
            if old["metadata"].get("deletionTimestamp"):
                return old, False
            new = copy.deepcopy(old)
            new["metadata"]["deletionTimestamp"] = now_rfc3339()
            new["metadata"]["deletionGracePeriodSeconds"] = 0
            new["metadata"]["finalizers"] = finalizers
            if rt.group_kind == NAMESPACE_GK:
                new.setdefault("status", {})["phase"] = "Terminating"
            return self.store.update(rt.group_kind, new), False
        return self._remove(rt, old), True

    def _remove(self, rt: ResourceType, obj: Obj) -> Obj:
        meta = obj["metadata"]
        try:
            return self.store.delete(rt.group_kind, meta.get("namespace") or "", meta["name"])
        except NotFound as e:
            raise errors.not_found(rt, meta["name"]) from e

    def orphan_dependents(self, owner: Obj) -> None:
        uid = owner["metadata"].get("uid")
        for gk in self.store.kinds():
            for dep in list(self.store.iter(gk)):
                refs = dep["metadata"].get("ownerReferences") or []
                if any(r.get("uid") == uid for r in refs):
                    new = copy.deepcopy(dep)
                    new["metadata"]["ownerReferences"] = [r for r in refs if r.get("uid") != uid]
                    if not new["metadata"]["ownerReferences"]:
                        del new["metadata"]["ownerReferences"]
                    self.store.update(gk, new)

    def delete_collection(self, rt: ResourceType, namespace: str | None, caller: Caller, label_selector: str = "",
                          field_selector: str = "", propagation: str = "") -> list[Obj]:
        items, _ = self.list_objects(rt, namespace, label_selector, field_selector)
        out = []
        for o in list(items):
            try:
                obj, _gone = self.delete(rt, o["metadata"].get("namespace", ""), o["metadata"]["name"], caller,
                                         propagation)
                out.append(obj)
            except ApiError as e:
                if e.code != 404:
                    raise
        return out


def _patch_error(e: patches.PatchError) -> ApiError:
    details = {"causes": e.causes} if e.causes else None
    return ApiError(e.code, e.reason, e.message, details)


def _short(body: Obj) -> str:
    import json

    text = json.dumps(body, separators=(",", ":"))
    return text if len(text) < 200 else text[:200] + "..."


def _go_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "\"object\""
    if isinstance(value, list):
        return "\"array\""
    return str(value)


def _path_segment(name: str) -> list[str]:
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    for bad in ("/", "%"):
        if bad in name:
            return [f"may not contain '{bad}'"]
    return []
