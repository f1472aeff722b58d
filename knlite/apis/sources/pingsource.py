"""PingSource (``sources.knative.dev/v1``, also served as ``v1beta2``): events on a cron schedule.

On each tick of ``spec.schedule`` (in ``spec.timezone``), a PingSource sends an event of type
``dev.knative.sources.ping`` carrying ``spec.data`` (or the decoded ``spec.dataBase64``) to its
sink. Both versions have the same fields, so objects convert by ``apiVersion`` alone. The
webhook defaults the schedule to every minute and validates (``ping_validation.go``): the
schedule parses (``@every`` is refused), the time zone exists, ``data`` and ``dataBase64`` are
not both set, ``dataBase64`` is standard base64, JSON content is a JSON object when
``contentType`` is ``application/json``, the size limit of ``config-ping-defaults`` holds, and
the sink and CloudEvent overrides are valid.
"""

from __future__ import annotations

import base64
from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    DEPLOYED,
    OIDC_IDENTITY_CREATED,
    READY,
    SINK_PROVIDED,
    SOURCE_SPEC,
    SOURCE_STATUS,
    as_dict,
    as_str,
    go_json_error,
    result,
    spec_of,
    validate_ce_overrides,
    validate_destination,
)
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_multiple_one_of
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj, string
from knlite.apis.sources import cron

GROUP = "sources.knative.dev"
KIND = "PingSource"
VERSIONS = ("v1", "v1beta2")
WEBHOOK = "validation.webhook.eventing.knative.dev"

DEFAULT_SCHEDULE = "* * * * *"
EVENT_TYPE = "dev.knative.sources.ping"
APPLICATION_JSON = "application/json"

CONDITIONS = ConditionSet(READY, SINK_PROVIDED, DEPLOYED, OIDC_IDENTITY_CREATED)


def event_source(namespace: str, name: str) -> str:
    """The CloudEvents ``source`` of a PingSource's events."""
    return f"/apis/v1/namespaces/{namespace}/pingsources/{name}"


SCHEMA = kind_schema(
    obj(
        {
            **SOURCE_SPEC,
            "schedule": string("Schedule in cron format, for example '*/10 * * * *'."),
            "timezone": string("Timezone modifies the actual time relative to the specified timezone."),
            "contentType": string("ContentType is the media type of Data or DataBase64."),
            "data": string("Data is data used as the body of the event posted to the sink."),
            "dataBase64": string("DataBase64 is the base64-encoded string of the actual event's body."),
        },
        "PingSourceSpec defines the desired state of the PingSource.",
    ),
    duck_status(dict(SOURCE_STATUS)),
    "PingSource describes an event source with a fixed payload produced on a specified cron schedule.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    spec = spec_of(o)
    if not spec.get("schedule"):
        spec["schedule"] = DEFAULT_SCHEDULE


# Go's encoding/base64 (StdEncoding) decoder, for its error positions: newlines are skipped,
# padding is required, and the first problem is reported as "illegal base64 data at input byte N".
_B64_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def base64_error(text: str) -> str | None:
    """``None`` if ``base64.StdEncoding.DecodeString(text)`` succeeds, else Go's error text."""
    src = text.encode()
    si = 0
    while True:
        j = 0
        while j < 4:
            if si == len(src):
                if j == 0:
                    return None
                return f"illegal base64 data at input byte {si - j}"
            c = src[si]
            si += 1
            if c in _B64_ALPHABET:
                j += 1
                continue
            if c in (0x0A, 0x0D):
                continue
            if c != 0x3D:  # '='
                return f"illegal base64 data at input byte {si - 1}"
            if j in (0, 1):
                return f"illegal base64 data at input byte {si - 1}"
            if j == 2:
                while si < len(src) and src[si] in (0x0A, 0x0D):
                    si += 1
                if si == len(src):
                    return f"illegal base64 data at input byte {len(src)}"
                if src[si] != 0x3D:
                    return f"illegal base64 data at input byte {si - 1}"
                si += 1
            while si < len(src) and src[si] in (0x0A, 0x0D):
                si += 1
            if si < len(src):
                return f"illegal base64 data at input byte {si}"
            return None


def _decode_base64(text: str) -> str:
    return base64.b64decode("".join(text.split("\n")).replace("\r", "")).decode("utf-8", "replace")


def _validate_schedule(spec: dict[str, Any]) -> FieldError:
    schedule = as_str(spec.get("schedule"))
    out = FieldError()
    if "@every" in schedule:
        out = out.also(err_invalid_value("unsupported descriptor @every", "schedule"))
    tz = as_str(spec.get("timezone"))
    if tz:
        schedule = f"CRON_TZ={tz} {schedule}"
    try:
        cron.parse(schedule)
    except cron.CronError as e:
        field = "timezone" if str(e).startswith("provided bad location") else "schedule"
        out = out.also(err_invalid_value(str(e), field))
    return out


def _validate_data(spec: dict[str, Any], max_size: int) -> FieldError:
    data, data64 = as_str(spec.get("data")), as_str(spec.get("dataBase64"))
    is_json = spec.get("contentType") == APPLICATION_JSON
    if data and data64:
        return err_multiple_one_of("data", "dataBase64")
    out = FieldError()
    if data64:
        if max_size > -1 and len(data64.encode()) > max_size:
            out = out.also(err_invalid_value(
                f"the dataBase64 length of {len(data64.encode())} bytes exceeds limit set at {max_size}.",
                "dataBase64"))
        problem = base64_error(data64)
        if problem is not None:
            out = out.also(err_invalid_value(problem, "dataBase64"))
        elif is_json:
            json_problem = go_json_error(_decode_base64(data64))
            if json_problem is not None:
                out = out.also(err_invalid_value(json_problem, "dataBase64"))
    elif data:
        if max_size > -1 and len(data.encode()) > max_size:
            out = out.also(err_invalid_value(
                f"the data length of {len(data.encode())} bytes exceeds limit set at {max_size}.", "data"))
        if is_json:
            json_problem = go_json_error(data)
            if json_problem is not None:
                out = out.also(err_invalid_value(json_problem, "data"))
    return out


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    # Knative validates the sink twice (itself and through SourceSpec); the duplicate merges away.
    out = FieldError().also(
        _validate_schedule(spec),
        validate_destination(spec.get("sink")).via_field("sink"),
        _validate_data(spec, ctx.config.ping.data_max_size),
        validate_ce_overrides(spec.get("ceOverrides")).via_field("ceOverrides"),
    )
    return result(out.via_field("spec"))


COLUMNS = (
    columns.path("Sink", ".status.sinkUri"),
    columns.path("Schedule", ".spec.schedule"),
    columns.age(),
    *columns.ready_reason(),
)


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=VERSIONS, kind=KIND, plural="pingsources",
        categories=("all", "knative", "sources"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="PingSource describes an event source with a fixed payload produced on a cron schedule.",
    )
