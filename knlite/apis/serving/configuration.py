"""Configuration (serving.knative.dev/v1): schema, defaults, validation and status lifecycle.

A Configuration is the "floating HEAD" of a history of Revisions: every change to its
``spec.template`` stamps out a new Revision. Its ConfigurationSpec is also the template half
of a Service's spec, so the spec-level functions here are reused by :mod:`.service`.
Its status only tracks two names — the latest created and the latest ready Revision — and a
single ``Ready`` condition that is True when they are the same.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.core.podspec import revision_spec_schema
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import PRESERVE, array, duck_status, kind_schema, obj, string, string_map
from knlite.apis.serving import keys
from knlite.apis.serving.lifecycle import initialize, is_ready
from knlite.apis.serving.metadata import (
    go_quote,
    meta,
    set_user_info,
    typed,
    validate_object_metadata,
    validate_user_info_update,
    verify_label_owner_ref,
)
from knlite.apis.serving.revisionspec import (
    default_template,
    template_name_unchanged,
    validate_template,
    verify_name_change,
)

Obj = dict[str, Any]

TEMPLATE = obj(
    {
        "metadata": {
            **obj({
                "name": string("Name of the Revision; must be {parent}-{suffix}."),
                "namespace": string(),
                "labels": string_map("Labels of the Revision."),
                "annotations": string_map("Annotations of the Revision (autoscaling settings go here)."),
                "finalizers": array(string()),
            }),
            PRESERVE: True,
        },
        "spec": revision_spec_schema(),
    },
    "Template holds the latest specification for the Revision to be stamped out.",
)

STATUS_FIELDS = {
    "latestCreatedRevisionName": string(
        "LatestCreatedRevisionName is the last revision that was created from this Configuration. "
        "It might not be ready yet, for that use LatestReadyRevisionName."),
    "latestReadyRevisionName": string(
        "LatestReadyRevisionName holds the name of the latest Revision stamped out from this Configuration "
        "that has had its \"Ready\" condition become \"True\"."),
}

SCHEMA = kind_schema(
    obj({"template": TEMPLATE}, "ConfigurationSpec holds the desired state of the Configuration (from the client)."),
    duck_status(STATUS_FIELDS, "ConfigurationStatus communicates the observed state of the Configuration."),
    "Configuration represents the \"floating HEAD\" of a linear history of Revisions. Users create new "
    "Revisions by updating the Configuration's spec.",
)


# -- spec (shared with Service) ------------------------------------------------------------------


def default_configuration_spec(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    """Default ``spec.template``, unless it keeps its BYO name (defaults would force a new one)."""
    if template_name_unchanged(obj, old):
        return
    default_template(obj.setdefault("spec", {}).setdefault("template", {}), ctx, meta(obj))


def validate_configuration_spec(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    """``spec.template`` checks, plus the BYO-name rule on update; paths from the object root."""
    template = (obj.get("spec") or {}).get("template") or {}
    errs = validate_template(template, ctx, meta(obj)).via_field("spec", "template")
    if ctx.operation == "UPDATE" and old is not None:
        old_template = (old.get("spec") or {}).get("template") or {}
        change = verify_name_change(template, old_template)
        errs = errs.also(change.via_field("spec", "template") if change else None)
    return errs


# -- kind ----------------------------------------------------------------------------------------


def _owned(obj: Obj) -> bool:
    return bool(meta(obj).get("ownerReferences"))


def default(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_configuration_spec(obj, old, ctx)
    if not _owned(obj):  # a Service's Configuration carries the Service's user info
        set_user_info(obj, (old or {}).get("spec"), obj.get("spec"), ctx)


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    m = meta(obj)
    label_errs = FieldError().also(verify_label_owner_ref(m.get("labels") or {}, keys.SERVICE_LABEL, "Service", obj))
    errs = validate_object_metadata(m, ctx, allow_autoscaling=False).also(label_errs.via_field("labels"))
    errs = errs.via_field("metadata").also(validate_configuration_spec(obj, old, ctx))
    if not _owned(obj):
        errs = errs.also(validate_user_info_update(obj, old, ctx))
    return errs


# -- status lifecycle ----------------------------------------------------------------------------

CONDITIONS = ConditionSet("Ready")


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def set_latest_created_revision_name(status: Obj, name: str) -> None:
    status["latestCreatedRevisionName"] = name
    if status.get("latestReadyRevisionName") != name:
        CONDITIONS.manage(status).mark_unknown("Ready", "", "")


def set_latest_ready_revision_name(status: Obj, name: str) -> None:
    status["latestReadyRevisionName"] = name
    if name == status.get("latestCreatedRevisionName"):
        CONDITIONS.manage(status).mark_true("Ready")


def mark_latest_created_failed(status: Obj, name: str, message: str) -> None:
    CONDITIONS.manage(status).mark_false(
        "Ready", "RevisionFailed", f"Revision {go_quote(name)} failed with message: {message}.")


def mark_revision_creation_failed(status: Obj, message: str) -> None:
    CONDITIONS.manage(status).mark_false("Ready", "RevisionFailed",
                                         f"Revision creation failed with message: {message}.")


def mark_latest_ready_deleted(status: Obj) -> None:
    name = status.get("latestReadyRevisionName") or ""
    CONDITIONS.manage(status).mark_false("Ready", "RevisionDeleted", f"Revision {go_quote(name)} was deleted.")


def is_latest_ready_up_to_date(obj: Obj) -> bool:
    status = obj.get("status") or {}
    return is_ready(obj) and status.get("latestCreatedRevisionName") == status.get("latestReadyRevisionName")


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1",), kind="Configuration", plural="configurations",
        short_names=("config", "cfg"), categories=("all", "knative", "serving"), schema=SCHEMA,
        columns=(
            columns.path("LatestCreated", ".status.latestCreatedRevisionName"),
            columns.path("LatestReady", ".status.latestReadyRevisionName"),
            *columns.ready_reason(),
        ),
        defaulter=typed(SCHEMA, default), validator=validate, webhook=keys.WEBHOOK,
        description=SCHEMA["description"],
    )
