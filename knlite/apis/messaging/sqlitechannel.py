"""SqliteChannel (``messaging.knlite.dev/v1alpha1``, short name ``sqlch``): knlite's durable channel.

A Channelable like InMemoryChannel — ``spec.subscribers`` written by Subscriptions,
``spec.delivery``, ``status.address`` and InMemoryChannel's conditions — whose events live in
an append-only log in the state directory (:mod:`knlite.eventing.channels.durable`): a
sender gets its 202 only once the event is on disk, every subscriber has its own offset, and
delivery resumes where it stopped after the daemon is killed. It is a knlite kind (Knative
has no embedded durable channel); pick it with a ``channelTemplate``, ``default-ch-webhook``
or ``config-br-default-channel``::

    apiVersion: messaging.knlite.dev/v1alpha1
    kind: SqliteChannel

Beyond the duck, three optional spec fields, defaulted by the webhook and changeable at any
time (they apply to the running channel):

* ``retentionDuration`` (ISO-8601, default ``PT168H`` as KafkaChannel's): events older than
  this are deleted from the log;
* ``retentionSize`` (a quantity, default ``1Gi``): when the log holds more than this, its
  oldest events are deleted;
* ``parallelism`` (1–1000, default 32): deliveries in flight per subscriber. Events are sent
  in log order; with 1, each is finished (retries, dead letter) before the next is sent.

Retention applies whether or not every subscriber has had an event, as Kafka's does: a
subscriber that lags by more than the retention loses what expired.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knlite.apis import columns, quantity
from knlite.apis.duck import (
    CHANNELABLE_SPEC,
    CHANNELABLE_STATUS,
    DurationError,
    as_dict,
    default_delivery,
    default_subscribable_annotation,
    iso8601_seconds,
    namespace_of,
    result,
    spec_of,
    validate_scope_annotation,
    validate_subscribers,
)
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_out_of_bounds
from knlite.apis.messaging import inmemorychannel as imc
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import duck_status, int32, kind_schema, obj, string
from knlite.apis.schema import quantity as quantity_schema

GROUP = "messaging.knlite.dev"
VERSION = "v1alpha1"
KIND = "SqliteChannel"
API_VERSION = f"{GROUP}/{VERSION}"
WEBHOOK = "validation.webhook.messaging.knlite.dev"

DEFAULT_RETENTION_DURATION = "PT168H"
DEFAULT_RETENTION_SIZE = "1Gi"
DEFAULT_PARALLELISM = 32
MAX_PARALLELISM = 1000

# InMemoryChannel's conditions: the same Channelable status, the same meaning.
DISPATCHER_READY = imc.DISPATCHER_READY
SERVICE_READY = imc.SERVICE_READY
ENDPOINTS_READY = imc.ENDPOINTS_READY
CHANNEL_SERVICE_READY = imc.CHANNEL_SERVICE_READY
CONDITIONS = imc.CONDITIONS

SCHEMA = kind_schema(
    obj(
        {
            "retentionDuration": string("How long events are kept in the log (ISO-8601 duration, default PT168H)."),
            "retentionSize": quantity_schema("How many bytes of events the log keeps (default 1Gi); the oldest "
                                             "events are deleted beyond it."),
            "parallelism": int32("Deliveries in flight per subscriber (default 32); 1 delivers strictly in order."),
            **CHANNELABLE_SPEC,
        },
        "Spec defines the desired state of the SqliteChannel.",
    ),
    duck_status(dict(CHANNELABLE_STATUS)),
    "SqliteChannel is a channel backed by a durable append-only log in knlite's state directory.",
)


@dataclass(frozen=True, slots=True)
class LogSpec:
    """The log settings of a SqliteChannel's spec, in seconds and bytes."""

    retention_seconds: float
    retention_bytes: int
    parallelism: int


def log_spec(spec: dict[str, Any] | Any) -> LogSpec:
    """The settings the data plane applies; anything missing or invalid falls back to its default."""
    spec = as_dict(spec)
    try:
        seconds = iso8601_seconds(str(spec.get("retentionDuration") or DEFAULT_RETENTION_DURATION))
    except DurationError:
        seconds = 0.0
    if seconds <= 0:
        seconds = iso8601_seconds(DEFAULT_RETENTION_DURATION)
    try:
        size = quantity.to_int(spec.get("retentionSize") or DEFAULT_RETENTION_SIZE)
    except (quantity.QuantityError, ValueError, TypeError):
        size = 0
    if size <= 0:
        size = quantity.to_int(DEFAULT_RETENTION_SIZE)
    p = spec.get("parallelism")
    parallelism = p if isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= MAX_PARALLELISM \
        else DEFAULT_PARALLELISM
    return LogSpec(seconds, size, parallelism)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_subscribable_annotation(o)
    spec = spec_of(o)
    spec.setdefault("retentionDuration", DEFAULT_RETENTION_DURATION)
    spec.setdefault("retentionSize", DEFAULT_RETENTION_SIZE)
    spec.setdefault("parallelism", DEFAULT_PARALLELISM)
    default_delivery(spec.get("delivery"), namespace_of(o))


def _validate_log(spec: dict[str, Any]) -> FieldError:
    out = FieldError()
    retention = spec.get("retentionDuration")
    if retention is not None:
        try:
            ok = iso8601_seconds(str(retention)) > 0
        except DurationError:
            ok = False
        if not ok:
            out = out.also(err_invalid_value(retention, "retentionDuration",
                                             details="expected a positive ISO-8601 duration, e.g. PT168H"))
    size = spec.get("retentionSize")
    if size is not None:
        try:
            ok = quantity.to_int(size) > 0
        except (quantity.QuantityError, ValueError, TypeError):
            ok = False
        if not ok:
            out = out.also(err_invalid_value(size, "retentionSize", details="expected a positive quantity, e.g. 1Gi"))
    p = spec.get("parallelism")
    if p is not None and (not isinstance(p, int) or isinstance(p, bool) or not 1 <= p <= MAX_PARALLELISM):
        out = out.also(err_out_of_bounds(p, 1, MAX_PARALLELISM, "parallelism"))
    return out


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = _validate_log(spec).also(validate_subscribers(spec)).via_field("spec")
    return result(out.also(validate_scope_annotation(o)))


COLUMNS = (columns.path("URL", ".status.address.url"), columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=(VERSION,), kind=KIND, plural="sqlitechannels", short_names=("sqlch",),
        categories=("all", "knative", "messaging", "channel"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="SqliteChannel is a channel backed by a durable append-only log in knlite's state directory.",
    )
