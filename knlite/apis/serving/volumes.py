"""Volumes and volume mounts of a Revision (the volume half of ``k8s_validation.go``).

Revisions may mount configuration (ConfigMaps, Secrets, projections of both, the downward
API and service account tokens) and, when the operator allows it, scratch ``emptyDir``
space and PersistentVolumeClaims. Configuration is mounted read-only, every volume must be
mounted somewhere, and paths the runtime owns (``/``, ``/dev``, ``/tmp``, ``/var``...) are off
limits. Messages and paths follow Knative, including ``projected[i]`` for projected sources.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

from knlite.apis.fielderrors import (
    FieldError,
    err_invalid_value,
    err_missing_field,
    err_missing_one_of,
    err_multiple_one_of,
)
from knlite.apis.k8snames import is_dns1123_label
from knlite.apis.serving import fieldmask as mask
from knlite.apis.serving.fieldmask import check_disallowed, items, sub
from knlite.apis.serving.metadata import go_quote
from knlite.config.types import ENABLED, FeaturesConfig

Obj = dict[str, Any]

RESERVED_PATHS = frozenset({"/", "/dev", "/dev/log", "/tmp", "/var", "/var/log"})


def _validate_key_to_path(k2p: Obj) -> FieldError:
    errs = FieldError().also(check_disallowed(k2p, mask.KEY_TO_PATH))
    if not k2p.get("key"):
        errs = errs.also(err_missing_field("key"))
    if not k2p.get("path"):
        errs = errs.also(err_missing_field("path"))
    return errs


def _validate_items(values: Any) -> FieldError:
    errs = FieldError()
    for i, item in enumerate(items(values)):
        errs = errs.also(_validate_key_to_path(item).via_field_index("items", i))
    return errs


def _validate_object_projection(p: Obj) -> FieldError:
    errs = FieldError().also(check_disallowed(p, mask.OBJECT_PROJECTION))
    if not p.get("name"):
        errs = errs.also(err_missing_field("name"))
    return errs.also(_validate_items(p.get("items")))


def _validate_downward_api_file(f: Obj) -> FieldError:
    errs = FieldError().also(check_disallowed(f, mask.DOWNWARD_API_FILE))
    has_field, has_resource = f.get("fieldRef") is not None, f.get("resourceFieldRef") is not None
    if not has_field and not has_resource:
        errs = errs.also(err_missing_one_of("fieldRef", "resourceFieldRef"))
    if has_field and has_resource:
        errs = errs.also(FieldError.new("Within a single item, cannot set both", "resourceFieldRef", "fieldRef"))
    if not f.get("path"):
        errs = errs.also(err_missing_field("path"))
    return errs


def _validate_projection_source(key: str, source: Obj) -> FieldError:
    if key in ("secret", "configMap"):
        return _validate_object_projection(source)
    if key == "serviceAccountToken":
        errs = FieldError().also(check_disallowed(source, mask.SERVICE_ACCOUNT_TOKEN))
        return errs.also(None if source.get("path") else err_missing_field("path"))
    errs = FieldError().also(check_disallowed(source, mask.DOWNWARD_API_PROJECTION))
    for i, item in enumerate(items(source.get("items"))):
        errs = errs.also(_validate_downward_api_file(item).via_field_index("items", i))
    return errs


def _validate_projection(p: Obj) -> FieldError:
    errs = FieldError().also(check_disallowed(p, mask.PROJECTION))
    specified = []
    for key in ("secret", "configMap", "serviceAccountToken", "downwardAPI"):
        source = sub(p, key)
        if source is not None:
            specified.append(key)
            errs = errs.also(_validate_projection_source(key, source).via_field(key))
    if not specified:
        errs = errs.also(err_missing_one_of("secret", "configMap", "serviceAccountToken", "downwardAPI"))
    elif len(specified) > 1:
        errs = errs.also(err_multiple_one_of(*specified))
    return errs


def _validate_pvc(volume: Obj, features: FeaturesConfig) -> FieldError:
    pvc = sub(volume, "persistentVolumeClaim")
    errs = FieldError()
    if pvc is None:
        return errs
    claim = pvc.get("claimName", "")
    if features.get("kubernetes.podspec-persistent-volume-claim") != ENABLED:
        errs = errs.also(FieldError.new(
            f"Persistent volume claim support is disabled, but found persistent volume claim {claim}"))
    if not pvc.get("readOnly") and features.get("kubernetes.podspec-persistent-volume-write") != ENABLED:
        errs = errs.also(FieldError.new(f"Persistent volume write support is disabled, but found persistent "
                                        f"volume claim {claim} that is not read-only"))
    return errs


def _validate_empty_dir(d: Obj) -> FieldError:
    errs = FieldError()
    medium = d.get("medium") or ""
    if medium not in ("", "Memory"):
        errs = errs.also(err_invalid_value(medium, "medium"))
    size = d.get("sizeLimit")
    if size is not None and str(size).startswith("-") and str(size).strip("-0.") != "":
        errs = errs.also(err_invalid_value(size, "sizeLimit"))
    return errs


def _validate_volume(features: FeaturesConfig, volume: Obj) -> FieldError:
    errs = _validate_pvc(volume, features)
    if volume.get("emptyDir") is not None and features.get("kubernetes.podspec-volumes-emptydir") != ENABLED:
        errs = errs.also(FieldError.new(
            f"EmptyDir volume support is disabled, but found EmptyDir volume {volume.get('name', '')}"))
    name = volume.get("name") or ""
    # Knative replaces (rather than adds to) the errors so far when the name is bad.
    if not name:
        errs = err_missing_field("name")
    elif is_dns1123_label(name):
        errs = err_invalid_value(name, "name")
    errs = errs.also(check_disallowed(volume, mask.volume_source(features)))
    specified = []
    for key in ("secret", "configMap"):
        src = sub(volume, key)
        if src is not None:
            specified.append(key)
            errs = errs.also(_validate_items(src.get("items")))
    projected = sub(volume, "projected")
    if projected is not None:
        specified.append("projected")
        for i, proj in enumerate(items(projected.get("sources"))):
            errs = errs.also(_validate_projection(proj).via_field_index("projected", i))
    empty_dir = sub(volume, "emptyDir")
    if empty_dir is not None:
        specified.append("emptyDir")
        errs = errs.also(_validate_empty_dir(empty_dir).via_field("emptyDir"))
    if volume.get("persistentVolumeClaim") is not None:
        specified.append("persistentVolumeClaim")
    if not specified:
        paths = ["secret", "configMap", "projected"]
        if features.get("kubernetes.podspec-volumes-emptydir") == ENABLED:
            paths.append("emptyDir")
        if features.get("kubernetes.podspec-persistent-volume-claim") == ENABLED:
            paths.append("persistentVolumeClaim")
        errs = errs.also(err_missing_one_of(*paths))
    elif len(specified) > 1:
        errs = errs.also(err_multiple_one_of(*specified))
    return errs


def validate_volumes(features: FeaturesConfig, vs: list[Obj], mounted: set[str]) -> tuple[dict[str, Obj], FieldError]:
    """Volumes must be unique, mounted somewhere and of an allowed type; returns them by name."""
    volumes: dict[str, Obj] = {}
    errs = FieldError()
    for i, volume in enumerate(vs):
        name = volume.get("name") or ""
        if name in volumes:
            errs = errs.also(FieldError.new(f"duplicate volume name {go_quote(name)}", "name").via_index(i))
        if name not in mounted:
            errs = errs.also(FieldError.new(f"volume with name {go_quote(name)} not mounted", "name").via_index(i))
        errs = errs.also(_validate_volume(features, volume).via_index(i))
        volumes[name] = volume
    return volumes, errs


def all_mounted_volumes(containers: Iterable[Obj]) -> set[str]:
    return {vm.get("name") or "" for c in containers for vm in items(c.get("volumeMounts"))}


def validate_volume_mounts(mounts: list[Obj], volumes: dict[str, Obj]) -> FieldError:
    errs = FieldError()
    seen_paths: set[str] = set()
    for i, vm in enumerate(mounts):
        here = FieldError().also(check_disallowed(vm, mask.VOLUME_MOUNT))
        name = vm.get("name") or ""
        if name not in volumes:
            here = here.also(FieldError.new("volumeMount has no matching volume", "name"))
        mount_path = vm.get("mountPath") or ""
        clean = posixpath.normpath(mount_path) if mount_path else ""
        if clean.startswith("//"):
            clean = clean[1:]
        if not mount_path:
            here = here.also(err_missing_field("mountPath"))
        elif clean in RESERVED_PATHS:
            here = here.also(FieldError.new(f"mountPath {go_quote(clean)} is a reserved path", "mountPath"))
        elif not mount_path.startswith("/"):
            here = here.also(err_invalid_value(mount_path, "mountPath"))
        elif clean in seen_paths:
            here = here.also(err_invalid_value(f"{go_quote(mount_path)} must be unique", "mountPath"))
        seen_paths.add(clean)
        volume = volumes.get(name, {})
        writable = volume.get("emptyDir") is not None or volume.get("persistentVolumeClaim") is not None
        if not writable and not vm.get("readOnly"):
            here = here.also(FieldError.new("volume mount should be readOnly for this type of volume", "readOnly"))
        pvc = sub(volume, "persistentVolumeClaim")
        if pvc is not None and pvc.get("readOnly") and not vm.get("readOnly"):
            here = here.also(FieldError.new("volume is readOnly but volume mount is not", "readOnly"))
        errs = errs.also(here.via_index(i))
    return errs
