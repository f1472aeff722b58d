"""CloudEvents as Kafka records and back (the CloudEvents Kafka protocol binding).

Knative's Kafka receivers store every event as a *binary-mode* record: one ``ce_<attribute>``
header per context attribute (the UTF-8 text of its canonical value, nothing escaped), a
``content-type`` header for ``datacontenttype``, the data as the record value, and — via the
CloudEvents ``PartitionKeyExtensionInterceptor`` — the ``partitionkey`` extension as the
record key, so events of one key share a partition and keep their order there.
:func:`to_record` writes that; :func:`to_event` reads binary or structured records
(``content-type: application/cloudevents+json``) back, validated as every other event in
knlite is (:mod:`knlite.eventing.cloudevents`).

KafkaSource reads topics that other programs write, so a record need not be a CloudEvent.
Such records (and records whose CloudEvent does not parse) are wrapped as the dispatcher's
``InvalidCloudEventInterceptor`` does (spec §7.6): ``type`` ``dev.knative.kafka.event``,
``source`` ``/apis/v1/namespaces/{ns}/kafkasources/{name}#{topic}``, ``subject``
``partition:{p}#{offset}``, ``id`` ``partition:{p}/offset:{offset}``, ``time`` the record's
timestamp; the key (deserialised per the ``key-type`` label) as both ``key`` and
``partitionkey``; every header as ``kafkaheader<name>`` (lower-cased, only ``[a-z0-9]``
kept) except ``content-type``, which becomes ``datacontenttype`` (lower-cased); the value
as data. :func:`wrap` does that and :func:`read_source_record` picks between the two.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from knlite.eventing import cloudevents as ce

if TYPE_CHECKING:
    from knlite.eventing.cloudevents import CloudEvent

KafkaHeaders = Sequence[tuple[str, bytes]]

WRAPPED_TYPE = "dev.knative.kafka.event"
PARTITION_KEY = "partitionkey"
KEY_EXTENSION = "key"
HEADER_PREFIX = "kafkaheader"
CONTENT_TYPE = "content-type"
STRUCTURED_PREFIX = "application/cloudevents"

# kafkasources.sources.knative.dev/key-type values (KeyDeserializer)
KEY_STRING, KEY_INT, KEY_FLOAT, KEY_BYTES = "string", "int", "float", "byte-array"

# Header values reach cloudevents.parse percent-encoded where its decoder would change them.
_SAFE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '%"')


@dataclass(frozen=True, slots=True)
class Record:
    """What the dispatchers need of a consumed record (aiokafka's ConsumerRecord has the same fields)."""

    topic: str
    partition: int
    offset: int
    timestamp: int  # milliseconds since the epoch
    key: bytes | None
    value: bytes | None
    headers: KafkaHeaders = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class OutRecord:
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]


# -- writing ---------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """An attribute's canonical string (CloudEvents type system), as a Kafka header carries it."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    h, _ = ce.encode_binary({"x": value}, None)  # datetimes, bytes: the codec's canonical forms
    return _unescape(h.get("ce-x", ""))


def _unescape(text: str) -> str:
    return unquote(text) if "%" in text else text


def to_record(event: CloudEvent) -> OutRecord:
    """The binary-mode record of ``event``; its ``partitionkey`` (if a non-empty string) is the key."""
    attrs = event.get_attributes()
    ct = attrs.get("datacontenttype")
    headers: list[tuple[str, bytes]] = []
    for name, value in attrs.items():
        if value is None or name == "datacontenttype":
            continue
        text = _text(value)
        if name == "time" and not text.endswith("Z"):
            text = ce.normalize_time(text)
        headers.append(("ce_" + name, text.encode("utf-8")))
    data_headers, body = ce.encode_binary({"datacontenttype": ct} if ct else {}, event.get_data())
    content_type = data_headers.get("content-type")
    if content_type:
        headers.append((CONTENT_TYPE, content_type.encode("utf-8")))
    pk = attrs.get(PARTITION_KEY)
    key = _text(pk).encode("utf-8") if pk is not None and _text(pk) else None
    return OutRecord(key, body, headers)


# -- reading ---------------------------------------------------------------------------------------


def _header(headers: KafkaHeaders, name: str) -> bytes | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def is_cloudevent(headers: KafkaHeaders) -> bool:
    """Whether a record claims to be a CloudEvent: a ``ce_specversion`` header or a structured content type."""
    if _header(headers, "ce_specversion") is not None:
        return True
    ct = _header(headers, CONTENT_TYPE)
    return ct is not None and ct.decode("latin-1").strip().lower().startswith(STRUCTURED_PREFIX)


def _as_http_value(text: str) -> str:
    """A header's text as a binary-mode HTTP value that ``cloudevents.parse`` reads back unchanged."""
    if text.isascii() and text.isprintable() and "%" not in text and text[:1] != '"':
        return text
    return quote(text, safe=_SAFE)


def to_event(headers: KafkaHeaders, value: bytes | None) -> CloudEvent:
    """The CloudEvent a record carries (binary or structured mode); raises ``ce.EventError`` if none."""
    body = value or b""
    http: list[tuple[str, str]] = []
    try:
        for k, v in headers:
            lk = k.lower()
            if lk == CONTENT_TYPE:
                http.append(("content-type", v.decode("utf-8")))
            elif lk.startswith("ce_"):
                http.append(("ce-" + lk[3:], _as_http_value(v.decode("utf-8"))))
    except UnicodeDecodeError:
        raise ce.EventError("a CloudEvents header of the record is not valid UTF-8") from None
    return ce.parse(http, body)


# -- KafkaSource: plain records ---------------------------------------------------------------------


def _java_float(value: float, bits: int) -> str:
    """Java's ``Float.toString``/``Double.toString``: the shortest digits that read back to the
    same value, plain between 10^-3 and 10^7, ``d.dddE<n>`` outside."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    text = repr(value)
    if bits == 32:
        for precision in range(9):
            candidate = f"{value:.{precision}e}"
            if struct.unpack(">f", struct.pack(">f", float(candidate)))[0] == value:
                text = candidate
                break
    dec = Decimal(text).normalize()
    sign = "-" if dec.is_signed() else ""
    _, digit_tuple, exponent = dec.as_tuple()
    digits = "".join(map(str, digit_tuple))
    assert isinstance(exponent, int)
    if 1e-3 <= abs(value) < 1e7:
        plain = format(abs(dec), "f")
        return sign + (plain if "." in plain else plain + ".0")
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{len(digits) - 1 + exponent}"


def deserialize_key(raw: bytes | None, key_type: str | None) -> str | int | bytes | None:
    """A record key as the KafkaSource's ``KeyDeserializer`` reads it (empty keys are none).

    ``int``: a 4-byte big-endian integer; ``float``: a 4- or 8-byte IEEE float, given as
    Java prints it; both fall back to a string for other lengths. ``byte-array``: the bytes.
    Anything else (and no label): UTF-8 text, malformed bytes replaced.
    """
    if not raw:
        return None
    if key_type == KEY_INT and len(raw) == 4:
        return int(struct.unpack(">i", raw)[0])
    if key_type == KEY_FLOAT and len(raw) in (4, 8):
        bits = len(raw) * 8
        return _java_float(struct.unpack(">f" if bits == 32 else ">d", raw)[0], bits)
    if key_type == KEY_BYTES:
        return bytes(raw)
    return raw.decode("utf-8", "replace")


def header_extension(name: str) -> str:
    """``kafkaheader`` + the header name lower-cased and reduced to ``[a-z0-9]``."""
    return HEADER_PREFIX + "".join(c for c in name.lower() if "a" <= c <= "z" or "0" <= c <= "9")


def record_time(timestamp_ms: int) -> str:
    """A record timestamp as an RFC 3339 UTC time (milliseconds, trailing zeros dropped)."""
    t = datetime.fromtimestamp(timestamp_ms / 1000, UTC)
    frac = f"{timestamp_ms % 1000:03d}".rstrip("0")
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"


def wrapped_source(namespace: str, name: str, topic: str, plural: str = "kafkasources") -> str:
    return f"/apis/v1/namespaces/{namespace}/{plural}/{name}#{topic}"


def wrap(record: Record, namespace: str, name: str, key_type: str | None = None) -> CloudEvent:
    """A plain record as the CloudEvent a KafkaSource sends for it (module docstring)."""
    attrs: dict[str, Any] = {
        "specversion": "1.0",
        "id": f"partition:{record.partition}/offset:{record.offset}",
        "source": wrapped_source(namespace, name, record.topic),
        "type": WRAPPED_TYPE,
        "subject": f"partition:{record.partition}#{record.offset}",
        "time": record_time(record.timestamp),
    }
    key = deserialize_key(record.key, key_type)
    if key is not None:
        attrs[PARTITION_KEY] = key
        attrs[KEY_EXTENSION] = key
    content_type: bytes | None = None
    for hname, hvalue in record.headers:
        if hname.lower() == CONTENT_TYPE:
            content_type = hvalue
            continue
        attrs[header_extension(hname)] = (hvalue or b"").decode("utf-8", "replace")
    if content_type is not None:
        attrs["datacontenttype"] = content_type.decode("utf-8", "replace").lower()
    event: CloudEvent = ce.CloudEvent(attrs, record.value)
    return event


def read_source_record(record: Record, namespace: str, name: str, key_type: str | None = None) -> CloudEvent:
    """What a KafkaSource sends for ``record``: its CloudEvent as is, or the wrapped record."""
    if is_cloudevent(record.headers):
        try:
            return to_event(record.headers, record.value)
        except ce.EventError:
            pass  # the dispatcher's deserializer fails over to InvalidCloudEvent: wrap it
    return wrap(record, namespace, name, key_type)


def headers_dict(headers: Iterable[tuple[str, bytes]]) -> Mapping[str, bytes]:
    """Headers by lower-cased name (the last of duplicates wins), for tests and logs."""
    return {k.lower(): v for k, v in headers}
