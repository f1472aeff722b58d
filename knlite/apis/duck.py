"""Knative's duck types, written once and shared by every eventing kind.

Knative eventing builds its kinds out of a handful of shared shapes ("duck types", from
``knative.dev/pkg/apis/duck/v1`` and ``knative.dev/eventing/pkg/apis/duck/v1``): a
*KReference* names another object, a *Destination* is a ``ref`` and/or a ``uri`` that resolves
to a URL, a *DeliverySpec* says how hard to try before dead-lettering, a *Source* has a sink
and CloudEvent overrides, an *Addressable* publishes ``status.address``, a *Channelable* has
``spec.subscribers`` and ``spec.delivery``. Each kind embeds these, so their schema pieces,
defaulting (a ref's namespace defaults to the parent's) and validation (with Knative's exact
messages, e.g. ``expected at least one, got none: spec.sink.ref, spec.sink.uri``) live here
and nowhere else.

Also here, because several kinds need them and they are part of the same contract:

* :func:`parse_iso8601_duration` — the ISO-8601 durations of ``backoffDelay``, ``timeout``,
  ``retryAfterMax`` and ``retentionDuration`` (``PT0.2S``, ``PT1M``, ``P1D``), parsed like
  ``rickb777/date/period`` and exported for the delivery code of the data plane;
* :func:`short_diff` — the ``(-old +new)`` details of "Immutable fields changed" errors, in
  the shape ``knative.dev/pkg/kmp.ShortDiff`` prints them;
* :func:`go_quote` and :func:`go_json_error` — Go's ``%q`` and ``encoding/json`` error texts,
  which Knative embeds in a few validation messages.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from knlite.apis.fielderrors import (
    CURRENT_FIELD,
    FieldError,
    err_disallowed_fields,
    err_invalid_key_name,
    err_invalid_value,
    err_missing_field,
)
from knlite.apis.registry import AdmissionContext, Obj
from knlite.apis.schema import (
    Schema,
    array,
    boolean,
    free_object,
    int32,
    integer,
    obj,
    string,
    string_map,
)

# -- well-known names --------------------------------------------------------------------------

SUBSCRIBABLE_ANNOTATION = "messaging.knative.dev/subscribable"
SCOPE_ANNOTATION = "eventing.knative.dev/scope"
SCOPE_CLUSTER, SCOPE_NAMESPACE = "cluster", "namespace"

BACKOFF_LINEAR, BACKOFF_EXPONENTIAL = "linear", "exponential"

# Condition types and reasons several kinds share.
READY = "Ready"
ADDRESSABLE = "Addressable"
DEAD_LETTER_SINK_RESOLVED = "DeadLetterSinkResolved"
SINK_PROVIDED = "SinkProvided"
DEPLOYED = "Deployed"
OIDC_IDENTITY_CREATED = "OIDCIdentityCreated"
REASON_DLS_NOT_CONFIGURED = "DeadLetterSinkNotConfigured"
MESSAGE_DLS_NOT_CONFIGURED = "No dead letter sink is configured."

# Feature flags (config-features in knative-eventing) that change validation.
FEATURE_DELIVERY_TIMEOUT = "delivery-timeout"
FEATURE_DELIVERY_RETRY_AFTER = "delivery-retryafter"
FEATURE_KREFERENCE_GROUP = "kreference-group"
FEATURE_NEW_TRIGGER_FILTERS = "new-trigger-filters"


# -- small helpers for plain-dict objects -------------------------------------------------------


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a dict, else an empty dict (validators never crash on bad types)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def meta(o: Obj) -> dict[str, Any]:
    return as_dict(o.get("metadata"))


def namespace_of(o: Obj) -> str:
    return as_str(meta(o).get("namespace"))


def name_of(o: Obj) -> str:
    return as_str(meta(o).get("name"))


def annotations_of(o: Obj) -> dict[str, Any]:
    return as_dict(meta(o).get("annotations"))


def ensure_annotations(o: Obj) -> dict[str, Any]:
    m = o.setdefault("metadata", {})
    ann = m.get("annotations")
    if not isinstance(ann, dict):
        ann = m["annotations"] = {}
    return ann


def ensure_labels(o: Obj) -> dict[str, Any]:
    m = o.setdefault("metadata", {})
    labels = m.get("labels")
    if not isinstance(labels, dict):
        labels = m["labels"] = {}
    return labels


def spec_of(o: Obj) -> dict[str, Any]:
    """The object's spec, created if missing (defaulters write into it)."""
    spec = o.get("spec")
    if not isinstance(spec, dict):
        spec = o["spec"] = {}
    return spec


def feature_enabled(ctx: AdmissionContext, name: str) -> bool:
    return ctx.config.eventing_features.enabled(name)


def combine(*parts: FieldError | None) -> FieldError:
    """Combine optional errors into one (empty, hence falsy, when there are none)."""
    return FieldError().also(*parts)


def result(err: FieldError) -> FieldError | None:
    return err if err else None


# -- ISO-8601 durations -------------------------------------------------------------------------

_NUM = r"(\d+(?:[.,]\d+)?)"
_ISO_DURATION = re.compile(
    rf"^([-+])?P(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}W)?(?:{_NUM}D)?(?:T(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?$"
)
# rickb777/date/period's approximations for the calendar units.
_YEAR_S = 31556952.0  # 365.2425 days
_MONTH_S = 2629746.0  # 30.436875 days
_UNIT_S = (_YEAR_S, _MONTH_S, 7 * 86400.0, 86400.0, 3600.0, 60.0, 1.0)


class DurationError(ValueError):
    pass


def parse_iso8601_duration(text: str) -> timedelta:
    """Parse an ISO-8601 duration (``PT0.2S``, ``PT1M``, ``P1DT2H``, ``-PT5S``, ``P0``).

    Mirrors ``rickb777/date/period.Parse``, which Knative uses for delivery durations: a
    ``P`` mark, optional sign, at least one ``nY nM nW nD`` / ``T nH nM nS`` component,
    decimal fractions with ``.`` or ``,``. Years and months use the library's approximations.
    """
    if not isinstance(text, str) or text in ("", "-", "+"):
        raise DurationError("cannot parse a blank string as a period")
    if text == "P0":
        return timedelta(0)
    m = _ISO_DURATION.match(text)
    if m is None:
        raise DurationError(f"{text}: invalid ISO-8601 period")
    parts = m.groups()[1:]
    if all(p is None for p in parts) or text.endswith("T"):
        raise DurationError(f"{text}: expected a number before a designator")
    total = sum(float(p.replace(",", ".")) * unit for p, unit in zip(parts, _UNIT_S, strict=True) if p)
    if m.group(1) == "-":
        total = -total
    return timedelta(seconds=total)


def iso8601_seconds(text: str) -> float:
    """:func:`parse_iso8601_duration` in (possibly fractional, possibly negative) seconds."""
    return parse_iso8601_duration(text).total_seconds()


# -- Go formatting that leaks into Knative messages -------------------------------------------------


def go_quote(s: str) -> str:
    """Go's ``%q`` / ``strconv.Quote`` for a string (printable Unicode kept, the rest escaped)."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\v":
            out.append("\\v")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif not ch.isprintable():
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _go_quote_char(ch: str) -> str:
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    return "'" + go_quote(ch)[1:-1] + "'"


def _json_context(text: str, pos: int) -> str:
    """The innermost open bracket before ``pos`` (``{`` or ``[``), ignoring strings."""
    stack: list[str] = []
    in_str = esc = False
    for ch in text[:pos]:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "{[":
            stack.append(ch)
        elif ch in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else ""


_GO_JSON_KIND = {str: "string", int: "number", float: "number", bool: "bool", list: "array", dict: "object"}


def go_json_error(text: str, target: str = "map[string]interface {}") -> str | None:
    """What Go's ``json.Unmarshal(text, &v)`` says, for ``v`` a map/struct type named ``target``.

    ``None`` when Go would accept the text (a JSON object, or ``null``). Syntax errors are
    rendered with Go's wording (``invalid character 'x' looking for beginning of value``,
    ``unexpected end of JSON input``); a valid non-object value gives
    ``json: cannot unmarshal string into Go value of type <target>``.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        pos = e.pos
        rest = text[pos:]
        if not rest.strip() or e.msg.startswith("Unterminated string"):
            return "unexpected end of JSON input"
        ch = text[pos]
        q = _go_quote_char(ch)
        if e.msg == "Expecting value":
            for literal in ("null", "true", "false"):
                if ch == literal[0]:
                    for i, want in enumerate(literal):
                        if pos + i >= len(text):
                            return "unexpected end of JSON input"
                        if text[pos + i] != want:
                            return (f"invalid character {_go_quote_char(text[pos + i])} in literal {literal} "
                                    f"(expecting {_go_quote_char(want)})")
            return f"invalid character {q} looking for beginning of value"
        if e.msg.startswith("Expecting property name"):
            return f"invalid character {q} looking for beginning of object key string"
        if e.msg == "Expecting ':' delimiter":
            return f"invalid character {q} after object key"
        if e.msg == "Expecting ',' delimiter":
            if _json_context(text, pos) == "{":
                return f"invalid character {q} after object key:value pair"
            return f"invalid character {q} after array element"
        if e.msg == "Extra data":
            return f"invalid character {q} after top-level value"
        if e.msg.startswith("Invalid control character"):
            return f"invalid character {q} in string literal"
        return f"invalid character {q} {e.msg}"
    except ValueError as e:  # pragma: no cover - defensive (e.g. invalid surrogates)
        return str(e)
    if value is None or isinstance(value, dict):
        return None
    return f"json: cannot unmarshal {_GO_JSON_KIND.get(type(value), 'value')} into Go value of type {target}"


# -- kmp.ShortDiff ------------------------------------------------------------------------------

_GO_NAMES = {
    "apiVersion": "APIVersion",
    "uri": "URI",
    "uid": "UID",
    "CACerts": "CACerts",
    "ceOverrides": "CloudEventOverrides",
    "subscriberUri": "SubscriberURI",
    "replyUri": "ReplyURI",
    "mode": "EventMode",
    "owner": "ResourceOwner",
    "cesql": "CESQL",
    "projectUrl": "ProjectURL",
    "sslverify": "SSLVerify",
}

# Pointer-typed scalar fields (``*int32``, ``*string``): cmp prefixes their path with ``*``.
_GO_POINTER_SCALARS = frozenset({"retry", "backoffPolicy", "backoffDelay", "timeout", "retryAfterMax"})


def go_field_name(json_name: str) -> str:
    return _GO_NAMES.get(json_name) or (json_name[:1].upper() + json_name[1:])


def _go_value(value: Any) -> str:
    """``fmt.Sprintf("%+v", v)`` for a decoded JSON value, approximately."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        inner = " ".join(f"{go_field_name(k)}:{_go_value(v)}" for k, v in value.items())
        return "&{" + inner + "}"
    if isinstance(value, list):
        return "[" + " ".join(_go_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def short_diff(old: Any, new: Any, root: str, inline: Mapping[str, str] | None = None,
               maps: Iterable[str] = ()) -> str:
    """The details ``kmp.ShortDiff(old, new)`` gives, for two decoded JSON values.

    ``root`` is the Go type name of the compared values (``v1.BrokerSpec``, ``string``);
    ``inline`` maps JSON paths (dot-joined keys, no indexes) of fields promoted from embedded
    Go structs to the embedding field (``{"delivery": "ChannelableSpec"}``); ``maps`` names
    JSON paths whose values are Go maps (their entries print as ``["key"]``). Each difference
    is rendered as cmp's path and both values, e.g.
    ``{v1.SubscriptionSpec}.Channel.Name:\\n\\t-: "a"\\n\\t+: "b"\\n``. Empty when equal.
    This reproduces the common shapes (changed scalars, added or removed fields), not every
    corner of go-cmp's reporter.
    """
    out: list[str] = []
    _diff(old, new, [f"{{{root}}}"], "", inline or {}, frozenset(maps), out)
    return "".join(out)


def _missing(v: Any) -> bool:
    return v is None or v == "" or v == {} or v == []


def _diff(old: Any, new: Any, path: list[str], jpath: str, inline: Mapping[str, str],
          maps: frozenset[str], out: list[str]) -> None:
    if old == new or (_missing(old) and _missing(new)):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        is_map = jpath in maps
        for k in list(old) + [k for k in new if k not in old]:
            if is_map:
                step = f"[{go_quote(k)}]"
                if k not in old or k not in new:
                    lines = f"{''.join(path)}{step}:\n"
                    lines += f'\t-: "{_go_value(old[k])}"\n' if k in old else ""
                    lines += f'\t+: "{_go_value(new[k])}"\n' if k in new else ""
                    out.append(lines)
                else:
                    _diff(old[k], new[k], [*path, step], jpath, inline, maps, out)
                continue
            child = f"{jpath}.{k}" if jpath else k
            prefix = inline.get(child, "")
            steps = [f".{p}" for p in prefix.split(".")] if prefix else []
            _diff(old.get(k), new.get(k), [*path, *steps, f".{go_field_name(k)}"], child, inline, maps, out)
        return
    if isinstance(old, list) and isinstance(new, list) and old and new:
        for i in range(max(len(old), len(new))):
            if i >= len(old) or i >= len(new):
                lines = f"{''.join(path)}[{i}]:\n"
                lines += f'\t-: "{_go_value(old[i])}"\n' if i < len(old) else ""
                lines += f'\t+: "{_go_value(new[i])}"\n' if i < len(new) else ""
                out.append(lines)
            else:
                _diff(old[i], new[i], [*path, f"[{i}]"], jpath, inline, maps, out)
        return
    leaf = jpath.rpartition(".")[2]
    star = "*" if leaf in _GO_POINTER_SCALARS and old is not None and new is not None else ""
    out.append(f"{star}{''.join(path)}:\n\t-: \"{_go_value(old)}\"\n\t+: \"{_go_value(new)}\"\n")


def immutable_error(old: Any, new: Any, root: str, *paths: str, message: str = "Immutable fields changed (-old +new)",
                    inline: Mapping[str, str] | None = None, maps: Iterable[str] = ()) -> FieldError | None:
    """Knative's ``CheckImmutableFields`` result: ``None`` when equal, else the diff error."""
    diff = short_diff(old, new, root, inline, maps)
    if not diff:
        return None
    return FieldError.new(message, *(paths or ("spec",)), details=diff)


# -- KReference ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefScope:
    """Where a reference is validated: the parent's namespace (``""`` = not checked) and features."""

    namespace: str = ""
    allow_group: bool = False

    @classmethod
    def of(cls, ctx: AdmissionContext, namespace: str = "") -> RefScope:
        return cls(namespace, feature_enabled(ctx, FEATURE_KREFERENCE_GROUP))


def validate_kreference(ref: Any, scope: RefScope = RefScope()) -> FieldError:
    """``duckv1.KReference.Validate``: name, apiVersion (or group) and kind required; namespace match."""
    if not isinstance(ref, dict):
        return combine(err_missing_field("name"), err_missing_field("apiVersion"), err_missing_field("kind"))
    out = FieldError()
    if not as_str(ref.get("name")):
        out = out.also(err_missing_field("name"))
    api_version, group = as_str(ref.get("apiVersion")), as_str(ref.get("group"))
    if scope.allow_group:
        if not api_version and not group:
            out = out.also(err_missing_field("apiVersion"), err_missing_field("group"))
        if api_version and group and not api_version.startswith(group):
            out = out.also(FieldError.new(
                "both apiVersion and group are specified and they refer to different API groups",
                "apiVersion", "group", details="Only one of them must be specified"))
    else:
        if group:
            out = out.also(err_disallowed_fields("group"))
        if not api_version:
            out = out.also(err_missing_field("apiVersion"))
    if not as_str(ref.get("kind")):
        out = out.also(err_missing_field("kind"))
    ns = as_str(ref.get("namespace"))
    if ns and scope.namespace and ns != scope.namespace:
        out = out.also(FieldError.new(
            "mismatched namespaces", "namespace",
            details=f"parent namespace: {go_quote(scope.namespace)} does not match ref: {go_quote(ns)}"))
    return out


def default_kreference(ref: Any, namespace: str) -> None:
    """A reference without a namespace points into the parent's namespace."""
    if isinstance(ref, dict) and not ref.get("namespace") and namespace:
        ref["namespace"] = namespace


# -- Destination -----------------------------------------------------------------------------------


def _uri_is_absolute_with_host(uri: str) -> bool:
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    host = parts.netloc.rpartition("@")[2]
    return bool(parts.scheme) and bool(host)


def _uri_is_absolute(uri: str) -> bool:
    try:
        return bool(urlsplit(uri).scheme)
    except ValueError:
        return False


_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\s*([A-Za-z0-9+/=\s]*?)\s*-----END \1-----")


def _validate_ca_certs(pem: str) -> FieldError | None:
    m = _PEM_BLOCK.search(pem)
    if m is None:
        return err_invalid_value("CA Cert provided is invalid", "caCert")
    if m.group(1) != "CERTIFICATE":
        return err_invalid_value("CA Cert provided is not a certificate", "caCert")
    try:
        der = base64.b64decode("".join(m.group(2).split()), validate=True)
    except (binascii.Error, ValueError):
        return err_invalid_value("CA Cert provided is invalid", "caCert")
    if not der or der[0] != 0x30:  # an X.509 certificate is a DER SEQUENCE
        return err_invalid_value("CA Cert provided is invalid", "caCert")
    return None


def validate_destination(dest: Any, scope: RefScope = RefScope()) -> FieldError:
    """``duckv1.Destination.Validate`` with Knative's exact messages (paths relative to the destination).

    * neither ``ref`` nor ``uri``: ``expected at least one, got none: ref, uri``;
    * ``ref`` with an absolute ``uri``: the ``uri`` must be relative to the ref's URL;
    * ``uri`` alone: absolute, with a host;
    * ``ref`` alone: a valid KReference.
    """
    if not isinstance(dest, dict):
        return FieldError.new("expected at least one, got none", "ref", "uri")
    ref, uri = dest.get("ref"), dest.get("uri")
    if ref is None and uri is None:
        return FieldError.new("expected at least one, got none", "ref", "uri")
    uri_s = uri if isinstance(uri, str) else ""
    if ref is not None and uri is not None and _uri_is_absolute(uri_s):
        return FieldError.new("Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present",
                              "[apiVersion, kind, name]", "ref", "uri")
    if ref is None and not _uri_is_absolute_with_host(uri_s):
        return err_invalid_value("Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent", "uri")
    if ref is not None and uri is None:
        return validate_kreference(ref, scope).via_field("ref")
    ca = dest.get("CACerts")
    if isinstance(ca, str):
        return combine(_validate_ca_certs(ca))
    return FieldError()


def default_destination(dest: Any, namespace: str) -> None:
    if isinstance(dest, dict):
        default_kreference(dest.get("ref"), namespace)


def is_empty_destination(dest: Any) -> bool:
    """``nil`` or ``Destination{}`` (Subscription's "must reference a subscriber" check)."""
    return not isinstance(dest, dict) or all(v is None for v in dest.values())


# -- DeliverySpec ----------------------------------------------------------------------------------


def validate_delivery(delivery: Any, ctx: AdmissionContext, scope: RefScope = RefScope()) -> FieldError:
    """``eventingduckv1.DeliverySpec.Validate``; paths are relative to the delivery object."""
    if not isinstance(delivery, dict):
        return FieldError()
    out = FieldError()
    dls = delivery.get("deadLetterSink")
    if dls is not None:
        out = out.also(validate_destination(dls, scope).via_field("deadLetterSink"))
    retry = delivery.get("retry")
    if isinstance(retry, int) and not isinstance(retry, bool) and retry < 0:
        out = out.also(err_invalid_value(retry, "retry"))
    timeout = delivery.get("timeout")
    if timeout is not None:
        if feature_enabled(ctx, FEATURE_DELIVERY_TIMEOUT):
            try:
                bad = parse_iso8601_duration(timeout) == timedelta(0)
            except DurationError:
                bad = True
            if bad:
                out = out.also(err_invalid_value(timeout, "timeout"))
        else:
            out = out.also(err_disallowed_fields("timeout"))
    policy = delivery.get("backoffPolicy")
    if policy is not None and policy not in (BACKOFF_EXPONENTIAL, BACKOFF_LINEAR):
        out = out.also(err_invalid_value(policy, "backoffPolicy"))
    delay = delivery.get("backoffDelay")
    if delay is not None:
        try:
            parse_iso8601_duration(delay)
        except DurationError:
            out = out.also(err_invalid_value(delay, "backoffDelay"))
    retry_after = delivery.get("retryAfterMax")
    if retry_after is not None:
        if feature_enabled(ctx, FEATURE_DELIVERY_RETRY_AFTER):
            try:
                bad = parse_iso8601_duration(retry_after) < timedelta(0)
            except DurationError:
                bad = True
            if bad:
                out = out.also(err_invalid_value(retry_after, "retryAfterMax"))
        else:
            out = out.also(err_disallowed_fields("retryAfterMax"))
    return out


def default_delivery(delivery: Any, namespace: str) -> None:
    if isinstance(delivery, dict):
        default_destination(delivery.get("deadLetterSink"), namespace)


# -- Sources ---------------------------------------------------------------------------------------


def _validate_extension_name(key: str) -> FieldError | None:
    if key == "":
        return err_invalid_key_name(key, CURRENT_FIELD, "keys MUST NOT be empty")
    if not all(c.isascii() and c.isalnum() for c in key):
        return err_invalid_key_name(key, CURRENT_FIELD, "keys are expected to be alphanumeric")
    return None


def validate_ce_overrides(overrides: Any) -> FieldError:
    """``CloudEventOverrides.Validate``: the first bad extension key (sorted, as the map is unordered in Go)."""
    if not isinstance(overrides, dict):
        return FieldError()
    for key in sorted(as_dict(overrides.get("extensions"))):
        err = _validate_extension_name(key)
        if err:
            return err.via_field("extensions")
    return FieldError()


def validate_source_spec(spec: dict[str, Any], scope: RefScope = RefScope()) -> FieldError:
    """``duckv1.SourceSpec.Validate``: ``sink`` (required) and ``ceOverrides``."""
    return combine(validate_destination(spec.get("sink"), scope).via_field("sink"),
                validate_ce_overrides(spec.get("ceOverrides")).via_field("ceOverrides"))


# -- Channelable ------------------------------------------------------------------------------------


def default_subscribable_annotation(o: Obj) -> None:
    """Channels declare the subscribable duck version they implement (``messaging.knative.dev/subscribable: v1``)."""
    ensure_annotations(o).setdefault(SUBSCRIBABLE_ANNOTATION, "v1")


def validate_scope_annotation(o: Obj) -> FieldError:
    """``eventing.knative.dev/scope`` on a channel must be ``cluster`` or ``namespace``."""
    ann = annotations_of(o)
    if SCOPE_ANNOTATION in ann and ann[SCOPE_ANNOTATION] not in (SCOPE_CLUSTER, SCOPE_NAMESPACE):
        err = err_invalid_value(ann[SCOPE_ANNOTATION], CURRENT_FIELD,
                                details="expected either 'cluster' or 'namespace'")
        return err.via_field_key("annotations", SCOPE_ANNOTATION).via_field("metadata")
    return FieldError()


def validate_subscribers(spec: dict[str, Any]) -> FieldError:
    """Each ``spec.subscribers[i]`` needs a subscriber or a reply URI (the channel implementations' check)."""
    out = FieldError()
    for i, sub in enumerate(as_list(spec.get("subscribers"))):
        sub = as_dict(sub)
        if sub.get("replyUri") is None and sub.get("subscriberUri") is None:
            fe = FieldError.new("missing field(s)", "replyURI", "subscriberURI",
                                details="expected at least one of, got none")
            out = out.also(fe.via_field(f"subscriber[{i}]").via_field("subscribable"))
    return out


def default_channel_template(ctx: AdmissionContext, namespace: str) -> dict[str, Any] | None:
    """The channel template from ``default-ch-webhook`` (namespace entry first, then the cluster default)."""
    tpl = ctx.config.ch_defaults.for_namespace(namespace)
    return copy.deepcopy(tpl.to_dict()) if tpl is not None else None


def validate_channel_template(tpl: Any) -> FieldError:
    """``IsValidChannelTemplate``: ``kind`` and ``apiVersion`` are required."""
    tpl = as_dict(tpl)
    out = FieldError()
    if not as_str(tpl.get("kind")):
        out = out.also(err_missing_field("kind"))
    if not as_str(tpl.get("apiVersion")):
        out = out.also(err_missing_field("apiVersion"))
    return out


# -- schema pieces -----------------------------------------------------------------------------------

KREFERENCE = obj(
    {
        "apiVersion": string("API version of the referent."),
        "kind": string("Kind of the referent."),
        "name": string("Name of the referent."),
        "namespace": string("Namespace of the referent. Defaults to the namespace of the referring object."),
    },
    "KReference contains enough information to refer to another object.",
)

DESTINATION = obj(
    {
        "ref": KREFERENCE,
        "uri": string("URI can be an absolute URL (non-empty scheme and non-empty host) pointing to the target "
                      "or a relative URI. Relative URIs will be resolved using the base URI retrieved from Ref."),
        "CACerts": string("Certification Authority (CA) certificates in PEM format that the source trusts."),
        "audience": string("Audience is the OIDC audience."),
    },
    "Destination represents a target of an invocation over HTTP.",
)

DELIVERY = obj(
    {
        "deadLetterSink": DESTINATION,
        "retry": int32("Retry is the minimum number of retries the sender should attempt."),
        "backoffPolicy": string("BackoffPolicy is the retry backoff policy (linear, exponential)."),
        "backoffDelay": string("BackoffDelay is the delay before retrying (ISO-8601 duration)."),
        "timeout": string("Timeout is the timeout of each single request (ISO-8601 duration)."),
        "retryAfterMax": string("RetryAfterMax is an upper bound on Retry-After durations (ISO-8601 duration)."),
    },
    "Delivery options: retries, backoff and dead letter sink.",
)

ADDRESSABLE_SCHEMA = obj(
    {
        "name": string(),
        "url": string(),
        "CACerts": string(),
        "audience": string(),
    },
    "Addressable provides a generic mechanism for a custom resource definition to indicate a destination.",
)

AUTH_STATUS = obj({"serviceAccountName": string(), "serviceAccountNames": array(string())})

ADDRESS_STATUS: dict[str, Schema] = {
    "address": ADDRESSABLE_SCHEMA,
    "addresses": array(ADDRESSABLE_SCHEMA),
}

DELIVERY_STATUS: dict[str, Schema] = {
    "deadLetterSinkUri": string("The resolved URI of the dead letter sink."),
    "deadLetterSinkCACerts": string(),
}

SUBSCRIBER_SPEC = obj(
    {
        "uid": string(),
        "generation": integer(),
        "subscriberUri": string(),
        "subscriberCACerts": string(),
        "subscriberAudience": string(),
        "replyUri": string(),
        "replyCACerts": string(),
        "replyAudience": string(),
        "delivery": DELIVERY,
    }
)

SUBSCRIBER_STATUS = obj(
    {
        "uid": string(),
        "observedGeneration": integer(),
        "ready": string(),
        "message": string(),
        "auth": AUTH_STATUS,
    }
)

CHANNELABLE_SPEC: dict[str, Schema] = {
    "subscribers": array(SUBSCRIBER_SPEC, "Subscribers of this channel (written by Subscriptions).", merge_key="uid"),
    "delivery": DELIVERY,
}

CHANNELABLE_STATUS: dict[str, Schema] = {
    **ADDRESS_STATUS,
    **DELIVERY_STATUS,
    "subscribers": array(SUBSCRIBER_STATUS, merge_key="uid"),
    "deadLetterChannel": KREFERENCE,
}

CHANNEL_TEMPLATE = obj(
    {
        "apiVersion": string(),
        "kind": string(),
        "spec": free_object("Spec defines the Spec to use for each channel created."),
    },
    "The template used to create channels.",
)

CE_OVERRIDES = obj({"extensions": string_map("Extensions specify what attribute are added or overridden.")})

SOURCE_SPEC: dict[str, Schema] = {
    "sink": DESTINATION,
    "ceOverrides": CE_OVERRIDES,
}

SOURCE_STATUS: dict[str, Schema] = {
    "sinkUri": string("The current active sink URI that has been configured for the Source."),
    "sinkCACerts": string(),
    "sinkAudience": string(),
    "ceAttributes": array(obj({"type": string(), "source": string()})),
    "auth": AUTH_STATUS,
}

OBJECT_REFERENCE = obj(
    {
        "apiVersion": string(),
        "kind": string(),
        "name": string(),
        "namespace": string(),
        "uid": string(),
        "resourceVersion": string(),
        "fieldPath": string(),
    }
)

SECRET_KEY_SELECTOR = obj({"name": string(), "key": string(), "optional": boolean()}, required=["key"])
