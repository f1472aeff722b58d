"""How ``kn service create|update|apply`` flags edit a Service (kn's ConfigurationEditFlags).

:func:`apply_edit_flags` is a port of ``ConfigurationEditFlags.Apply``: container flags (via
:mod:`knlite.cli.kn.podspec`), ``--revision-name`` (a Go-template name that kn prefixes with
``<service>-`` when it does not start with it: ``world`` → ``hello-world``), the
``client.knative.dev/updateTimestamp`` and ``user-image`` annotations and image pinning to
the base revision's digest (``--lock-to-digest``), kn's autoscaling flags as revision
annotations (``--scale-min`` → ``autoscaling.knative.dev/min-scale``, ``--scale 1..5``,
``--scale-window``, ``--scale-target``, ``--scale-utilization``, ``--scale-metric``,
``--scale-activation``, ``--scale-init``), ``--concurrency-limit`` (containerConcurrency),
``--timeout``, ``--cluster-local`` (the visibility label) and ``--label*``/``--annotation*``.
Autoscaling annotations are checked client-side with Knative's rules, as kn does.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from knlite.cli.kn.common import map_from_array, parse_minus_suffix
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.flags import FlagSet
from knlite.cli.kn.podspec import POD_FLAGS, container, resolve_pod_spec

Obj = dict[str, Any]

USER_IMAGE = "client.knative.dev/user-image"
UPDATE_TIMESTAMP = "client.knative.dev/updateTimestamp"
VISIBILITY = "networking.knative.dev/visibility"
AUTOSCALING = "autoscaling.knative.dev"
MIN_SCALE = f"{AUTOSCALING}/min-scale"
MAX_SCALE = f"{AUTOSCALING}/max-scale"
INITIAL_SCALE = f"{AUTOSCALING}/initial-scale"
ACTIVATION_SCALE = f"{AUTOSCALING}/activation-scale"
WINDOW = f"{AUTOSCALING}/window"
TARGET = f"{AUTOSCALING}/target"
TARGET_UTILIZATION = f"{AUTOSCALING}/target-utilization-percentage"
METRIC = f"{AUTOSCALING}/metric"

# Flags whose change makes a new revision (kn's markFlagMakesRevision list).
REVISION_FLAGS = (*POD_FLAGS, "scale", "scale-min", "scale-max", "scale-activation", "scale-metric",
                  "autoscale-window", "scale-window", "concurrency-target", "scale-target", "concurrency-limit",
                  "concurrency-utilization", "scale-utilization", "label-service", "label-revision",
                  "revision-name", "annotation-service", "annotation-revision", "scale-init", "timeout",
                  "filename", "annotation", "label")

_CONSONANTS = "bcdfghjklmnpqrstvwxyz"
_TEMPLATE_ACTION = re.compile(r"\{\{\s*(.*?)\s*\}\}")


def any_mutation(flags: FlagSet) -> bool:
    return any(flags.is_changed(f) for f in REVISION_FLAGS)


def generate_revision_name(template: str, service: Obj) -> str:
    """kn's ``GenerateRevisionName``: ``{{.Service}}``, ``{{.Generation}}``, ``{{.Random n}}``; prefixed."""
    name = str((service.get("metadata") or {}).get("name", ""))
    generation = int((service.get("metadata") or {}).get("generation") or 0) + 1

    def action(m: re.Match[str]) -> str:
        expr = m.group(1)
        if expr == ".Service":
            return name
        if expr == ".Generation":
            return str(generation)
        rand = re.fullmatch(r"\.Random\s+(\d+)", expr)
        if rand:
            import random

            return "".join(random.choice(_CONSONANTS) for _ in range(int(rand.group(1))))
        raise KnError(f'template: revisionName:1: function "{expr.split()[0]}" not defined'
                      if not expr.startswith(".") else
                      f"template: revisionName:1:{m.start() + 3}: executing \"revisionName\" at <{expr}>: "
                      f"can't evaluate field {expr.lstrip('.').split()[0]}")

    result = _TEMPLATE_ACTION.sub(action, template)
    if result and not result.startswith(name + "-"):
        result = f"{name}-{result}"
    return result


def _annotations(obj: Obj) -> dict[str, str]:
    return obj.setdefault("metadata", {}).setdefault("annotations", {})


def _validate_autoscaling(values: dict[str, str]) -> None:
    """kn validates the autoscaling annotations it is about to set, with allow-zero-initial-scale."""
    if not any(k.startswith(AUTOSCALING + "/") for k in values):
        return
    from knlite.apis.autoscaling.annotation import validate_annotations
    from knlite.config.types import AutoscalerConfig

    err = validate_annotations(values, AutoscalerConfig(allow_zero_initial_scale=True))
    if err:
        raise KnError(str(err))


def update_revision_annotations(template: Obj, update: dict[str, str], remove: list[str]) -> None:
    _validate_autoscaling(update)
    ann = _annotations(template)
    ann.update(update)
    for key in remove:
        ann.pop(key, None)


def _set_revision_annotation(template: Obj, key: str, value: str) -> None:
    update_revision_annotations(template, {key: value}, [])


def _update_labels(meta: Obj, flag_values: list[str], all_labels: dict[str, str]) -> None:
    try:
        flag_map = map_from_array(flag_values, allow_singles=True)
    except KnError as e:
        raise KnError(f"Unable to parse label flags: {e.message}") from None
    labels = dict(all_labels)
    labels.update(flag_map)
    removals = parse_minus_suffix(labels)
    current = meta.setdefault("labels", {})
    current.update(labels)
    for key in removals:
        current.pop(key, None)


def base_image_pin(template: Obj, base: Obj | None) -> None:
    """kn's ``PinImageToDigest``: use the base revision's resolved digest as the image."""
    if base is None:
        return
    current = container(template.setdefault("spec", {}))
    base_containers = (base.get("spec") or {}).get("containers") or []
    if not base_containers:
        raise KnError(f"can not pin image to digest: no container found in base revision "
                      f"{base['metadata']['name']}")
    if current.get("image") != base_containers[0].get("image"):
        raise KnError(f"can not pin image to digest: current revision {(template.get('metadata') or {}).get('name', '')} "
                      f"contains unexpected image ({current.get('image', '')}) that does not fit to the base revision's "
                      f"{base['metadata']['name']} image ({base_containers[0].get('image', '')})")
    statuses = (base.get("status") or {}).get("containerStatuses") or []
    if statuses and statuses[0].get("imageDigest"):
        current["image"] = statuses[0]["imageDigest"]


def _int_flag(flags: FlagSet, *names: str) -> int:
    for n in names:
        if flags.is_changed(n):
            return flags.integer(n)
    return flags.integer(names[0])


def apply_edit_flags(service: Obj, base: Obj | None, flags: FlagSet, command: str) -> None:
    """Edit ``service`` in place from the changed flags of ``kn service <command>``."""
    changed = flags.is_changed
    spec = service.setdefault("spec", {})
    template = spec.setdefault("template", {})
    template.setdefault("metadata", {})
    resolve_pod_spec(template.setdefault("spec", {}), flags)
    mutation = any_mutation(flags)

    if flags.string("revision-name"):
        name = generate_revision_name(flags.string("revision-name"), service)
        if mutation:
            template["metadata"]["name"] = name
    if mutation and command != "apply":
        _annotations(template)[UPDATE_TIMESTAMP] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    lock = flags.boolean("lock-to-digest")
    user_image_present = USER_IMAGE in (template["metadata"].get("annotations") or {})
    if (user_image_present or changed("lock-to-digest")) and lock and mutation:
        image = str(container(template["spec"]).get("image", ""))
        if "@" in image:
            image = (template["metadata"].get("annotations") or {}).get(USER_IMAGE) or image
        _annotations(template)[USER_IMAGE] = image
        if not changed("image") or command == "apply":
            base_image_pin(template, base)
    if not lock:
        (template["metadata"].get("annotations") or {}).pop(USER_IMAGE, None)

    if changed("scale-min"):
        _set_revision_annotation(template, MIN_SCALE, str(flags.integer("scale-min")))
    if changed("scale-max"):
        _set_revision_annotation(template, MAX_SCALE, str(flags.integer("scale-max")))
    if changed("scale"):
        if changed("scale-max"):
            raise KnError("only --scale or --scale-max can be specified")
        if changed("scale-min"):
            raise KnError("only --scale or --scale-min can be specified")
        _apply_scale(template, flags.string("scale"))
    if changed("scale-window") or changed("autoscale-window"):
        window = flags.string("scale-window") if changed("scale-window") else flags.string("autoscale-window")
        from knlite.apis import goduration

        try:
            goduration.parse(window)
        except ValueError as e:
            raise KnError(f"invalid duration for 'scale-window': {e}") from None
        _set_revision_annotation(template, WINDOW, window)
    if changed("scale-target") or changed("concurrency-target"):
        _set_revision_annotation(template, TARGET, str(_int_flag(flags, "scale-target", "concurrency-target")))
    if changed("scale-metric"):
        _annotations(template)[METRIC] = flags.string("scale-metric")
    if changed("scale-activation"):
        _annotations(template)[ACTIVATION_SCALE] = str(flags.integer("scale-activation"))
    if changed("concurrency-limit"):
        limit = flags.integer("concurrency-limit")
        if limit < 0:
            raise KnError(f"invalid concurrency-limit {limit} (must not be less than 0)")
        template["spec"]["containerConcurrency"] = limit
    if changed("scale-utilization") or changed("concurrency-utilization"):
        _set_revision_annotation(template, TARGET_UTILIZATION,
                                 str(_int_flag(flags, "scale-utilization", "concurrency-utilization")))

    if changed("cluster-local") or changed("no-cluster-local"):
        labels = service.setdefault("metadata", {}).setdefault("labels", {})
        if flags.boolean("cluster-local"):
            labels[VISIBILITY] = "cluster-local"
        else:
            labels.pop(VISIBILITY, None)

    if changed("label") or changed("label-service") or changed("label-revision"):
        try:
            all_labels = map_from_array(flags.strings("label"), allow_singles=True)
        except KnError as e:
            raise KnError(f"Invalid --label: {e.message}") from None
        try:
            _update_labels(service.setdefault("metadata", {}), flags.strings("label-service"), all_labels)
        except KnError as e:
            raise KnError(f"Invalid --label-service: {e.message}") from None
        try:
            _update_labels(template["metadata"], flags.strings("label-revision"), all_labels)
        except KnError as e:
            raise KnError(f"Invalid --label-revision: {e.message}") from None

    if changed("annotation") or changed("annotation-service") or changed("annotation-revision"):
        _apply_annotations(service, template, flags)

    if changed("scale-init"):
        if changed("annotation") and any(INITIAL_SCALE in a for a in flags.strings("annotation")):
            raise KnError(f"only one of the --scale-init or --annotation {INITIAL_SCALE} can be specified")
        _set_revision_annotation(template, INITIAL_SCALE, str(flags.integer("scale-init")))

    if changed("timeout"):
        template["spec"]["timeoutSeconds"] = flags.integer("timeout")


def _apply_scale(template: Obj, scale: str) -> None:
    if ".." in scale:
        lo, _, hi = scale.partition("..")
        for value, key in ((lo, MIN_SCALE), (hi, MAX_SCALE)):
            if value:
                try:
                    number = int(value)
                except ValueError:
                    raise KnError(f'strconv.Atoi: parsing "{value}": invalid syntax') from None
                _set_revision_annotation(template, key, str(number))
        return
    try:
        number = int(scale)
    except ValueError:
        raise KnError("Scale must be of the format x..y or x") from None
    _set_revision_annotation(template, MAX_SCALE, str(number))
    _set_revision_annotation(template, MIN_SCALE, str(number))


def _apply_annotations(service: Obj, template: Obj, flags: FlagSet) -> None:
    def parse(name: str) -> dict[str, str]:
        try:
            return map_from_array(flags.strings(name), allow_singles=True)
        except KnError as e:
            raise KnError(f"Invalid --{name}: {e.message}") from None

    all_ann = parse("annotation")
    revision_flag = parse("annotation-revision")
    service_flag = parse("annotation-service")
    removals = parse_minus_suffix(all_ann)
    revision_ann = {**all_ann, **revision_flag}
    update_revision_annotations(template, revision_ann, removals)
    service_ann = {k: v for k, v in all_ann.items() if not k.startswith(AUTOSCALING)}
    for key, value in service_flag.items():
        if key.startswith(AUTOSCALING):
            raise KnError(f"service can not have auto-scaling related annotation: {key} , please update using "
                          "'--annotation-revision'")
        service_ann[key] = value
    meta = service.setdefault("metadata", {})
    if service_ann or meta.get("annotations"):
        ann = meta.setdefault("annotations", {})
        ann.update(service_ann)
        for key in removals:
            ann.pop(key, None)
