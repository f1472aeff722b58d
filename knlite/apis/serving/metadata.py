"""Metadata rules shared by every serving kind (``metadata_validation.go`` and friends).

Names must be DNS-1035 labels; autoscaling annotations belong on the revision template only;
duration annotations (``rollout-duration``, ``progress-deadline``) must be whole seconds; the
``creator``/``lastModifier`` annotations record who made a change and are protected from
edits; a ``serving.knative.dev/service`` label must be backed by an owner reference. Each
function returns errors with paths relative to the object it is given, so callers compose
them with ``via_field`` exactly as Knative's ``ViaField`` chains do.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from knlite.apis import goduration
from knlite.apis.autoscaling import annotation as autoscaling
from knlite.apis.fielderrors import (
    CURRENT_FIELD,
    FieldError,
    err_invalid_key_name,
    err_invalid_value,
    err_missing_field,
    err_out_of_bounds,
)
from knlite.apis.k8snames import bracket, is_dns1035_label
from knlite.apis.kmeta import KeyPriority, has_owner
from knlite.apis.registry import AdmissionContext, Defaulter, Obj
from knlite.apis.schema import Schema, check
from knlite.apis.serving import keys
from knlite.config.types import DefaultsConfig


def go_quote(s: str) -> str:
    """Go's ``%q`` for ordinary strings."""
    return json.dumps(s, ensure_ascii=False)


def meta(obj: Obj) -> Obj:
    return obj.get("metadata") or {}


def annotations_of(obj: Obj) -> dict[str, str]:
    return meta(obj).get("annotations") or {}


def name_is_dns1035_label(name: str, prefix: bool) -> list[str]:
    """``NameIsDNS1035Label``: a generateName prefix may end with ``-``."""
    if prefix and name.endswith("-"):
        name = name[:-1] + "a"
    return is_dns1035_label(name)


def validate_names(m: Obj) -> FieldError | None:
    """``apis.ValidateObjectMetadata``: name/generateName must be DNS-1035 labels (first error wins)."""
    generate_name = m.get("generateName") or ""
    name = m.get("name") or ""
    if generate_name:
        msgs = name_is_dns1035_label(generate_name, True)
        if msgs:
            return FieldError.new(f"not a DNS 1035 label prefix: {bracket(msgs)}", "generateName")
    if name:
        msgs = name_is_dns1035_label(name, False)
        if msgs:
            return FieldError.new(f"not a DNS 1035 label: {bracket(msgs)}", "name")
    if not generate_name and not name:
        return FieldError.new("name or generateName is required", "name")
    return None


def validate_has_no_autoscaling_annotation(annotations: dict[str, str]) -> FieldError:
    """Autoscaling annotations on a Service/Configuration would silently do nothing: reject them."""
    errs = FieldError()
    for key in annotations:
        if key.startswith(autoscaling.GROUP):
            errs = errs.also(err_invalid_key_name(
                key, CURRENT_FIELD, 'autoscaling annotations must be put under "spec.template.metadata.annotations" to work'))
    return errs


def validate_object_metadata(m: Obj, ctx: AdmissionContext, allow_autoscaling: bool) -> FieldError:
    """``serving.ValidateObjectMetadata``; paths relative to ``metadata``."""
    annotations = m.get("annotations") or {}
    if allow_autoscaling:
        ann_errs = autoscaling.validate_annotations(annotations, ctx.config.autoscaler)
    else:
        ann_errs = validate_has_no_autoscaling_annotation(annotations)
    return FieldError().also(validate_names(m), ann_errs.via_field("annotations"))


def _validate_seconds_duration(annotations: dict[str, str], key: KeyPriority, label: str) -> FieldError | None:
    found = key.get(annotations)
    if not found or not found[1]:
        return None
    k, v = found
    try:
        d = goduration.parse(v)
    except ValueError:
        return err_invalid_value(v, k)
    if d % goduration.SECOND:
        return FieldError.new(f"{label}={v} is not at second precision", k)
    if d < 0:
        return FieldError.new(f"{label}={v} must be positive", k)
    return None


def validate_rollout_duration(annotations: dict[str, str]) -> FieldError | None:
    """``serving.knative.dev/rollout-duration`` (Service and Route); paths are annotation keys."""
    return _validate_seconds_duration(annotations, keys.ROLLOUT_DURATION, "rollout-duration")


def validate_progress_deadline(annotations: dict[str, str]) -> FieldError | None:
    """``serving.knative.dev/progress-deadline`` on a revision template."""
    return _validate_seconds_duration(annotations, keys.PROGRESS_DEADLINE, "progress-deadline")


def validate_container_concurrency(value: int | None, defaults: DefaultsConfig) -> FieldError | None:
    """containerConcurrency in [0 (or 1), container-concurrency-max-limit]; path is the field itself."""
    if value is None:
        return None
    lower = 0 if defaults.allow_container_concurrency_zero else 1
    if value < lower or value > defaults.container_concurrency_max_limit:
        return err_out_of_bounds(value, lower, defaults.container_concurrency_max_limit, CURRENT_FIELD)
    return None


def verify_label_owner_ref(labels: dict[str, str], label: str, kind: str, obj: Obj) -> FieldError | None:
    """A label naming a parent (``serving.knative.dev/service: S``) needs an owner reference to it."""
    if label in labels and not has_owner(obj, kind, labels[label]):
        return err_missing_field(label)
    return None


# -- creator / lastModifier ----------------------------------------------------------------------


def _normalized(value: Any) -> Any:
    """Drop nulls and empty lists/maps: Kubernetes' semantic equality treats them as unset."""
    if isinstance(value, dict):
        out = {k: _normalized(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [_normalized(v) for v in value]
    return value


def semantic_equal(a: Any, b: Any) -> bool:
    return bool(_normalized(a) == _normalized(b))


def set_user_info(obj: Obj, old_spec: Any, new_spec: Any, ctx: AdmissionContext) -> None:
    """``serving.SetUserInfo``: creator+lastModifier on create, lastModifier on spec changes."""
    if not ctx.user:
        return
    if ctx.operation == "UPDATE":
        if semantic_equal(old_spec, new_spec):
            return
        obj.setdefault("metadata", {}).setdefault("annotations", {})[keys.UPDATER_ANNOTATION] = ctx.user
        return
    ann = obj.setdefault("metadata", {}).setdefault("annotations", {})
    ann[keys.CREATOR_ANNOTATION] = ctx.user
    ann[keys.UPDATER_ANNOTATION] = ctx.user


def validate_creator_and_modifier(old_spec: Any, new_spec: Any, old_ann: dict[str, str],
                                  new_ann: dict[str, str]) -> FieldError:
    """``apis.ValidateCreatorAndModifier``; paths are annotation keys."""
    errs = FieldError()
    creator, updater = keys.CREATOR_ANNOTATION, keys.UPDATER_ANNOTATION
    if old_ann.get(creator, "") != new_ann.get(creator, ""):
        errs = errs.also(FieldError.new("annotation value is immutable", creator))
    if semantic_equal(old_spec, new_spec) and old_ann.get(updater, "") != new_ann.get(updater, ""):
        errs = errs.also(err_invalid_value(new_ann.get(updater, ""), updater))
    return errs


def validate_user_info_update(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    """The UPDATE-time creator/modifier check, with paths under ``metadata.annotations``."""
    if ctx.operation != "UPDATE" or old is None:
        return FieldError()
    return validate_creator_and_modifier(
        old.get("spec"), obj.get("spec"), annotations_of(old), annotations_of(obj)
    ).via_field("metadata", "annotations")


def typed(schema: Schema, defaulter: Defaulter) -> Defaulter:
    """Run ``defaulter`` only on an object that fits ``schema``'s types.

    Knative's webhook cannot decode a mistyped object; the API reports the type errors
    (``Invalid value: "x": spec.template.spec.timeoutSeconds in body must be of type integer``)
    right after mutating admission, so defaulting simply stands aside.
    """

    def run(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
        if not any(issue.kind == "type" for issue in check(obj, schema)):
            _zero_null_items(obj, schema)
            defaulter(obj, old, ctx)

    return run


_ZEROS: dict[str, Any] = {"object": {}, "string": "", "integer": 0, "boolean": False}


def _zero_null_items(value: Any, schema: Schema) -> None:
    """``[null]`` decodes to a zero value in Go (``containers: [null]`` is one empty container)."""
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for key, sub in value.items():
            if key in props:
                _zero_null_items(sub, props[key])
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        items = schema["items"]
        for i, item in enumerate(value):
            if item is None and items.get("type") in _ZEROS:
                value[i] = copy.deepcopy(_ZEROS[items["type"]])
            _zero_null_items(value[i], items)
