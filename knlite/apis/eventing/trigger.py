"""Trigger (``eventing.knative.dev/v1``): schema, defaulting, validation and conditions.

A Trigger subscribes a destination to a Broker, with an optional filter. Knative's webhook
defaults ``spec.filter`` to ``{}`` (match everything), the subscriber's ref namespace to the
trigger's and adds the ``eventing.knative.dev/broker`` label; it validates that ``broker`` is
set (and never changes), that attribute names are lowercase alphanumerics, that each
``filters[]`` entry uses one dialect and that CESQL expressions parse, plus the
``knative.dev/dependency`` and ``eventing.knative.dev/injection`` annotations
(``trigger_validation.go``). Knative's list validation re-applies each index to the errors
already collected (``errs.Also(...).ViaIndex(i)``), so an error in ``filters[0]`` of a
two-element list reads ``filters[1][0]``; knlite reproduces that, as users see it.

Triggers of a RabbitMQ broker get eventing-rabbitmq's extra checks: the
``rabbitmq.eventing.knative.dev/parallelism`` annotation is an integer from 1 to 1000 and the
filter never changes.
"""

from __future__ import annotations

import importlib
import json
import re
from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    AUTH_STATUS,
    DEAD_LETTER_SINK_RESOLVED,
    DELIVERY,
    DELIVERY_STATUS,
    DESTINATION,
    FEATURE_NEW_TRIGGER_FILTERS,
    OIDC_IDENTITY_CREATED,
    READY,
    RefScope,
    annotations_of,
    as_dict,
    as_list,
    as_str,
    default_delivery,
    default_destination,
    ensure_labels,
    feature_enabled,
    go_json_error,
    go_quote,
    immutable_error,
    namespace_of,
    result,
    spec_of,
    validate_delivery,
    validate_destination,
)
from knlite.apis.eventing.broker import CLASS_ANNOTATION, RABBITMQ_BROKER
from knlite.apis.fielderrors import (
    CURRENT_FIELD,
    FieldError,
    err_invalid_key_name,
    err_invalid_value,
    err_missing_field,
    err_out_of_bounds,
)
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import Schema, array, duck_status, free_object, kind_schema, obj, string, string_map

GROUP = "eventing.knative.dev"
KIND = "Trigger"
WEBHOOK = "validation.webhook.eventing.knative.dev"

BROKER_LABEL = "eventing.knative.dev/broker"
DEPENDENCY_ANNOTATION = "knative.dev/dependency"
INJECTION_ANNOTATION = "eventing.knative.dev/injection"
RABBITMQ_PARALLELISM_ANNOTATION = "rabbitmq.eventing.knative.dev/parallelism"
KAFKA_DELIVERY_ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order"

# Conditions (trigger_lifecycle.go).
BROKER_READY = "BrokerReady"
SUBSCRIPTION_READY = "SubscriptionReady"
DEPENDENCY_READY = "DependencyReady"
SUBSCRIBER_RESOLVED = "SubscriberResolved"
CONDITIONS = ConditionSet(READY, BROKER_READY, SUBSCRIPTION_READY, DEPENDENCY_READY, SUBSCRIBER_RESOLVED,
                          DEAD_LETTER_SINK_RESOLVED, OIDC_IDENTITY_CREATED)

FILTER_DIALECTS = ("exact", "prefix", "suffix", "all", "any", "not", "cesql")


def _filter_schema(depth: int) -> Schema:
    """``SubscriptionsAPIFilter``; recursive in Go, unrolled here (published schemas cannot be cyclic)."""
    props: dict[str, Schema] = {
        "exact": string_map("Exact match of attribute values."),
        "prefix": string_map("Prefix match of attribute values."),
        "suffix": string_map("Suffix match of attribute values."),
        "cesql": string("A CloudEvents SQL expression."),
    }
    if depth > 0:
        child = _filter_schema(depth - 1)
        props.update({"all": array(child), "any": array(child), "not": child})
    else:
        props.update({"all": array(free_object()), "any": array(free_object()), "not": free_object()})
    return obj(props)


SCHEMA = kind_schema(
    obj(
        {
            "broker": string("Broker is the broker that this trigger receives events from."),
            "filter": obj({"attributes": string_map("Attributes filters events by exact match on attributes.")}),
            "filters": array(_filter_schema(4), "Filters is an array of Subscriptions API filter expressions."),
            "subscriber": DESTINATION,
            "delivery": DELIVERY,
        },
        "Spec defines the desired state of the Trigger.",
    ),
    duck_status({"subscriberUri": string(), "subscriberCACerts": string(), "subscriberAudience": string(),
                 "auth": AUTH_STATUS, **DELIVERY_STATUS}),
    "Trigger represents a request to have events delivered to a subscriber from a Broker's event pool.",
)


# -- defaulting --------------------------------------------------------------------------------


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    ns = namespace_of(o)
    spec = spec_of(o)
    if spec.get("filter") is None:
        spec["filter"] = {}
    default_destination(spec.get("subscriber"), ns)
    default_delivery(spec.get("delivery"), ns)
    broker = as_str(spec.get("broker"))
    if broker:
        ensure_labels(o)[BROKER_LABEL] = broker


# -- validation --------------------------------------------------------------------------------

_ATTRIBUTE_NAME = re.compile(r"^[a-z][a-z0-9]*$")


def _validate_attribute_names(attrs: Any) -> FieldError:
    out = FieldError()
    for attr in sorted(as_dict(attrs)):
        if not _ATTRIBUTE_NAME.match(attr):
            err = err_invalid_key_name(
                attr, CURRENT_FIELD, "Attribute name must start with a letter and can only contain lowercase alphanumeric")
            out = out.also(err.via_key(attr))
    return out


def _cesql_parse_error(expression: str) -> str | None:
    """The CESQL parser's complaint about ``expression``, or ``None`` when it parses.

    The parser lives in :mod:`knlite.eventing.cesql` (the data plane's filter language); when
    it is not available, expressions are accepted as they are.
    """
    try:
        cesql = importlib.import_module("knlite.eventing.cesql")
    except ImportError:
        return None  # TODO: reject unparsable expressions once knlite.eventing.cesql exists
    parse = getattr(cesql, "parse", None)
    if parse is None:
        return None
    try:
        parse(expression)
    except Exception as e:  # the parser's own error type is not part of this contract
        return str(e)
    return None


def _validate_cesql(expression: Any) -> FieldError:
    if not isinstance(expression, str) or expression == "":
        return FieldError()
    problem = _cesql_parse_error(expression)
    if problem is None:
        return FieldError()
    return err_invalid_value(expression, CURRENT_FIELD, details=problem)


def _has_multiple_dialects(f: dict[str, Any]) -> bool:
    present = [bool(f.get(k)) for k in ("exact", "prefix", "suffix", "all", "any")]
    present.append(f.get("not") is not None)
    present.append(bool(f.get("cesql")))
    return sum(present) > 1


def validate_filter(f: Any, ctx: AdmissionContext) -> FieldError:
    """``ValidateSubscriptionAPIFilter`` for one ``filters[]`` element."""
    if not isinstance(f, dict):
        return FieldError()
    out = FieldError()
    if _has_multiple_dialects(f):
        out = out.also(FieldError.new("multiple dialects found, filters can have only one dialect set"))
    return out.also(
        _validate_attribute_names(f.get("exact")).via_field("exact"),
        _validate_attribute_names(f.get("prefix")).via_field("prefix"),
        _validate_attribute_names(f.get("suffix")).via_field("suffix"),
        validate_filters(f.get("all"), ctx).via_field("all"),
        validate_filters(f.get("any"), ctx).via_field("any"),
        validate_filter(f.get("not"), ctx).via_field("not"),
        _validate_cesql(f.get("cesql")).via_field("cesql"),
    )


def validate_filters(filters: Any, ctx: AdmissionContext) -> FieldError:
    """``ValidateSubscriptionAPIFiltersList`` (only with the ``new-trigger-filters`` feature)."""
    if filters is None or not feature_enabled(ctx, FEATURE_NEW_TRIGGER_FILTERS):
        return FieldError()
    out = FieldError()
    for i, f in enumerate(as_list(filters)):
        # Knative prefixes the accumulated errors with every later index too; kept for fidelity.
        out = out.also(validate_filter(f, ctx)).via_index(i)
    return out


def _validate_dependency(value: str, namespace: str) -> FieldError:
    problem = go_json_error(value, "v1.ObjectReference")
    parsed: Any = None
    if problem is None:
        parsed = json.loads(value)
        problem = _object_reference_type_error(parsed)
    if problem is not None:
        return FieldError.new(f"The provided annotation was not a corev1.ObjectReference: {go_quote(value)}",
                              CURRENT_FIELD, details=problem)
    ref = as_dict(parsed)
    out = FieldError()
    dep_ns = as_str(ref.get("namespace"))
    if dep_ns and dep_ns != namespace:
        out = out.also(FieldError.new(
            f"Namespace must be empty or equal to the trigger namespace {go_quote(namespace)}", "namespace"))
    for f in ("kind", "name", "apiVersion"):
        if not as_str(ref.get(f)):
            out = out.also(err_missing_field(f))
    return out


_OBJECT_REFERENCE_STRINGS = ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")


def _object_reference_type_error(ref: Any) -> str | None:
    if not isinstance(ref, dict):
        return None
    for f in _OBJECT_REFERENCE_STRINGS:
        v = ref.get(f)
        if v is not None and not isinstance(v, str):
            kind = {bool: "bool", int: "number", float: "number", list: "array", dict: "object"}.get(type(v), "value")
            return f"json: cannot unmarshal {kind} into Go struct field ObjectReference.{f} of type string"
    return None


def _validate_injection(value: str, broker: str) -> FieldError:
    if value not in ("enabled", "disabled"):
        return FieldError.new(
            f'The provided injection annotation value can only be "enabled" or "disabled", not {go_quote(value)}',
            CURRENT_FIELD)
    if broker != "default":
        return FieldError.new(
            "The provided injection annotation is only used for default broker, but non-default broker specified "
            f"here: {go_quote(broker)}", CURRENT_FIELD)
    return FieldError()


def _validate_spec(spec: dict[str, Any], ctx: AdmissionContext) -> FieldError:
    out = FieldError()
    if not as_str(spec.get("broker")):
        out = out.also(err_missing_field("broker"))
    flt = spec.get("filter")
    if isinstance(flt, dict):
        out = out.also(_validate_attribute_names(flt.get("attributes")).via_field("attributes").via_field("filter"))
    # Trigger.Validate sets no parent, so the subscriber ref's namespace is not compared.
    scope = RefScope.of(ctx)
    return out.also(
        validate_filters(spec.get("filters"), ctx).via_field("filters"),
        validate_destination(spec.get("subscriber"), scope).via_field("subscriber"),
        validate_delivery(spec.get("delivery"), ctx, scope).via_field("delivery"),
    )


def _validate_rabbitmq(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    """eventing-rabbitmq's trigger webhook, for triggers of a RabbitMQ broker."""
    spec = as_dict(o.get("spec"))
    broker = ctx.get(f"{GROUP}/v1", "Broker", namespace_of(o), as_str(spec.get("broker")))
    if broker is None or annotations_of(broker).get(CLASS_ANNOTATION) != RABBITMQ_BROKER:
        return FieldError()
    value = annotations_of(o).get(RABBITMQ_PARALLELISM_ANNOTATION)
    if value is not None:
        if not re.fullmatch(r"[+-]?[0-9]+", str(value)):
            return FieldError.new("Failed to parse valid int from parallelismAnnotation", "metadata", "annotations",
                                  RABBITMQ_PARALLELISM_ANNOTATION,
                                  details=f"strconv.Atoi: parsing {go_quote(str(value))}: invalid syntax")
        n = int(str(value))
        if n < 1 or n > 1000:
            return err_out_of_bounds(n, 1, 1000, RABBITMQ_PARALLELISM_ANNOTATION)
    if old is not None:
        return FieldError().also(immutable_error(as_dict(as_dict(old.get("spec")).get("filter")) or None,
                                                 as_dict(spec.get("filter")) or None, "*v1.TriggerFilter",
                                                 "spec", "filter", maps=("attributes",)))
    return FieldError()


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = _validate_spec(spec, ctx).via_field("spec")
    ann = annotations_of(o)
    if DEPENDENCY_ANNOTATION in ann:
        err = _validate_dependency(as_str(ann[DEPENDENCY_ANNOTATION]), namespace_of(o))
        out = out.also(err.via_field(f"metadata.annotations[{DEPENDENCY_ANNOTATION}]"))
    if INJECTION_ANNOTATION in ann:
        err = _validate_injection(as_str(ann[INJECTION_ANNOTATION]), as_str(spec.get("broker")))
        out = out.also(err.via_field(f"metadata.annotations[{INJECTION_ANNOTATION}]"))
    if old is not None:
        out = out.also(immutable_error(as_str(as_dict(old.get("spec")).get("broker")), as_str(spec.get("broker")),
                                       "string", "spec", "broker"))
    if not out and as_str(spec.get("broker")):
        # eventing-rabbitmq's webhook is a second webhook: it is only heard when the core one accepts.
        out = _validate_rabbitmq(o, old, ctx)
    return result(out)


COLUMNS = (
    columns.path("Broker", ".spec.broker"),
    columns.path("Subscriber_URI", ".status.subscriberUri"),
    columns.age(),
    *columns.ready_reason(),
)


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="triggers",
        categories=("all", "knative", "eventing"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="Trigger represents a request to have events delivered to a subscriber from a Broker's event pool.",
    )
