"""Traffic targets: defaulting and validation of ``spec.traffic`` (``route_validation.go``).

A Service and a Route share the RouteSpec. Inside a Service every target implicitly refers to
the Service's own Configuration (Knative's "default configuration name" context), so a
missing ``traffic`` becomes ``[{latestRevision: true, percent: 100}]`` and naming a
``configurationName`` is an error; a standalone Route must name a configuration or a
revision in each target. In both, percents must add up to exactly 100, tags must be unique
DNS-1035 labels, and ``latestRevision`` must agree with the presence of ``revisionName``.
"""

from __future__ import annotations

from typing import Any

from knlite.apis.fielderrors import (
    CURRENT_FIELD,
    FieldError,
    err_disallowed_fields,
    err_invalid_array_value,
    err_invalid_key_name,
    err_missing_one_of,
    err_multiple_one_of,
    err_out_of_bounds,
)
from knlite.apis.k8snames import bracket, is_dns1035_label, is_qualified_name
from knlite.apis.schema import array, boolean, integer, obj, string
from knlite.apis.serving.metadata import go_quote

Obj = dict[str, Any]

TRAFFIC_TARGET = obj(
    {
        "tag": string("Tag is optionally used to expose a dedicated url for referencing this target exclusively."),
        "revisionName": string("RevisionName of a specific revision to which to send this portion of traffic."),
        "configurationName": string(
            "ConfigurationName of a configuration to whose latest revision we will send this portion of traffic."),
        "latestRevision": boolean(
            "LatestRevision may be optionally provided to indicate that the latest ready Revision of the "
            "Configuration should be used for this traffic target."),
        "percent": integer("Percent indicates that percentage based routing should be used and the value "
                           "indicates the percent of traffic that is routed to this Revision or Configuration."),
        "url": string("URL displays the URL for accessing named traffic targets."),
    },
    "TrafficTarget holds a single entry of the routing table for a Route.",
)
TRAFFIC = array(TRAFFIC_TARGET, "Traffic specifies how to distribute traffic over a collection of revisions "
                "and configurations.")


def default_traffic(spec: Obj, in_service: bool) -> None:
    """``RouteSpec.SetDefaults``: the Service default target, then per-target defaults."""
    if not spec.get("traffic") and in_service:
        spec["traffic"] = [{"latestRevision": True, "percent": 100}]
    for target in spec.get("traffic") or []:
        if target.get("latestRevision") is None:
            target["latestRevision"] = not target.get("revisionName")
        if target.get("percent") is None:
            target["percent"] = 0


def _validate_latest_revision(t: Obj) -> FieldError | None:
    latest = t.get("latestRevision")
    if latest is None:
        return None
    revision = t.get("revisionName") or ""
    if bool(revision) == bool(latest):
        sense = "true" if latest else "false"
        return FieldError.new(f"may not set revisionName {go_quote(revision)} when latestRevision is {sense}",
                              "latestRevision")
    return None


def _validate_names(t: Obj, in_service: bool) -> FieldError | None:
    revision = t.get("revisionName") or ""
    config = t.get("configurationName") or ""
    if in_service and config:
        return err_disallowed_fields("configurationName")
    if revision and config:
        return err_multiple_one_of("revisionName", "configurationName")
    if revision:
        msgs = is_qualified_name(revision)
        return err_invalid_key_name(revision, "revisionName", *msgs) if msgs else None
    if config:
        msgs = is_qualified_name(config)
        return err_invalid_key_name(config, "configurationName", *msgs) if msgs else None
    if in_service:
        return None  # the Service's own configuration is implied
    return err_missing_one_of("revisionName", "configurationName")


def validate_target(t: Obj, in_service: bool) -> FieldError:
    """One spec target (``TrafficTarget.Validate`` in a spec context); paths relative to it."""
    errs = FieldError().also(_validate_latest_revision(t), _validate_names(t, in_service))
    percent = t.get("percent")
    if percent is not None and (percent < 0 or percent > 100):
        errs = errs.also(err_out_of_bounds(percent, 0, 100, "percent"))
    if t.get("url"):
        errs = errs.also(err_disallowed_fields("url"))  # never in spec (Knative also says so when untagged)
    return errs


def validate_traffic(traffic: list[Obj], in_service: bool) -> FieldError:
    """The whole list; paths relative to ``traffic`` (callers add ``spec.traffic``)."""
    errs = FieldError()
    tags: dict[str, int] = {}
    total = 0
    for i, t in enumerate(traffic):
        errs = errs.also(validate_target(t, in_service).via_index(i))
        total += t.get("percent") or 0
        tag = t.get("tag") or ""
        if not tag:
            continue
        msgs = is_dns1035_label(tag)
        if msgs:
            errs = errs.also(err_invalid_array_value(f"not a DNS 1035 label: {bracket(msgs)}", "tag", i))
        if tag in tags:
            errs = errs.also(FieldError.new(f"Multiple definitions for {go_quote(tag)}", f"[{i}].tag",
                                            f"[{tags[tag]}].tag"))
        else:
            tags[tag] = i
    if total != 100:
        errs = errs.also(FieldError.new(f"Traffic targets sum to {total}, want 100", CURRENT_FIELD))
    return errs


def validate_route_spec(spec: Obj, in_service: bool) -> FieldError:
    """``RouteSpec.Validate``; paths relative to the spec."""
    return validate_traffic(spec.get("traffic") or [], in_service).via_field("traffic")
