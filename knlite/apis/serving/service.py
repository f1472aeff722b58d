"""Service (serving.knative.dev/v1): schema, defaults, validation and status lifecycle.

A Service is a Configuration (``spec.template``) and a Route (``spec.traffic``) under one
name, and owns one of each. Its spec rules are theirs, with the Service's own Configuration
implied in traffic targets: with no ``traffic`` at all, everything goes to the latest ready
Revision. Its status copies both children's status fields and maps their ``Ready`` onto
``ConfigurationsReady`` and ``RoutesReady``.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj
from knlite.apis.serving import configuration, keys, route
from knlite.apis.serving.lifecycle import condition, initialize, propagate, resource_not_owned_message
from knlite.apis.serving.metadata import (
    go_quote,
    meta,
    set_user_info,
    typed,
    validate_object_metadata,
    validate_user_info_update,
)
from knlite.apis.serving.traffic import TRAFFIC, default_traffic, validate_route_spec

Obj = dict[str, Any]

SCHEMA = kind_schema(
    obj({"template": configuration.TEMPLATE, "traffic": TRAFFIC},
        "ServiceSpec represents the configuration for the Service object: the union of the specifications "
        "for a Route and Configuration."),
    duck_status({**configuration.STATUS_FIELDS, **route.STATUS_FIELDS},
                "ServiceStatus represents the Status stanza of the Service resource."),
    "Service acts as a top-level container that manages a Route and Configuration which implement a network "
    "service.",
)


def default(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    configuration.default_configuration_spec(obj, old, ctx)
    default_traffic(obj.setdefault("spec", {}), in_service=True)
    set_user_info(obj, (old or {}).get("spec"), obj.get("spec"), ctx)


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    errs = validate_object_metadata(meta(obj), ctx, allow_autoscaling=False).via_field("metadata")
    errs = errs.also(route.validate_rollout_metadata(obj))
    errs = errs.also(configuration.validate_configuration_spec(obj, old, ctx))
    errs = errs.also(validate_route_spec(obj.get("spec") or {}, in_service=True).via_field("spec"))
    return errs.also(validate_user_info_update(obj, old, ctx))


# -- status lifecycle ----------------------------------------------------------------------------

CONFIGURATIONS_READY = "ConfigurationsReady"
ROUTES_READY = "RoutesReady"
CONDITIONS = ConditionSet("Ready", CONFIGURATIONS_READY, ROUTES_READY)


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_configuration_not_owned(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(CONFIGURATIONS_READY, "NotOwned",
                                         resource_not_owned_message("Configuration", name))


def mark_route_not_owned(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(ROUTES_READY, "NotOwned", resource_not_owned_message("Route", name))


def mark_configuration_not_reconciled(status: Obj) -> None:
    CONDITIONS.manage(status).mark_unknown(
        CONFIGURATIONS_READY, "OutOfDate", "The Configuration is still working to reflect the latest desired "
        "specification.")


def mark_route_not_reconciled(status: Obj) -> None:
    CONDITIONS.manage(status).mark_unknown(
        ROUTES_READY, "OutOfDate", "The Route is still working to reflect the latest desired specification.")


def mark_route_not_yet_ready(status: Obj) -> None:
    CONDITIONS.manage(status).mark_unknown(ROUTES_READY, "TrafficNotMigrated",
                                           "Traffic is not yet migrated to the latest revision.")


def mark_revision_name_taken(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(
        ROUTES_READY, "RevisionNameTaken",
        f"The revision name {go_quote(name)} is taken by a conflicting Revision, so traffic will not be migrated")


def _copy_fields(status: Obj, source: Obj, fields: Any) -> None:
    for f in fields:
        if source.get(f) is not None:
            status[f] = source[f]
        else:
            status.pop(f, None)


def propagate_configuration_status(status: Obj, config_status: Obj) -> None:
    """Copy latestCreated/latestReady and mirror the Configuration's Ready."""
    _copy_fields(status, config_status, configuration.STATUS_FIELDS)
    propagate(CONDITIONS, status, CONFIGURATIONS_READY, condition(config_status, "Ready"))


def propagate_route_status(status: Obj, route_status: Obj) -> None:
    """Copy url/address/traffic and mirror the Route's Ready."""
    _copy_fields(status, route_status, route.STATUS_FIELDS)
    propagate(CONDITIONS, status, ROUTES_READY, condition(route_status, "Ready"))


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1",), kind="Service", plural="services", short_names=("kservice", "ksvc"),
        categories=("all", "knative", "serving"), schema=SCHEMA,
        columns=(
            columns.path("URL", ".status.url"),
            columns.path("LatestCreated", ".status.latestCreatedRevisionName"),
            columns.path("LatestReady", ".status.latestReadyRevisionName"),
            *columns.ready_reason(),
        ),
        defaulter=typed(SCHEMA, default), validator=validate, webhook=keys.WEBHOOK,
        description=SCHEMA["description"],
    )
