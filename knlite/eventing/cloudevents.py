"""CloudEvents over HTTP: the one codec every part of knlite reads and writes events with.

Every hop of Knative's data plane (broker ingress, channel dispatchers, trigger filters,
sources, the sample apps) parses an HTTP request into an event and writes one back out, and
Knative does both with one library, sdk-go. knlite does the same with this module, so that
validation, error messages, header decoding and the binary re-send are identical wherever an
event crosses a hop.

**The SDK underneath.** The event object is the official Python SDK's ``CloudEvent``
(``cloudevents.v1.http`` in SDK 2.x, ``cloudevents.http`` in 1.x): what Python users and the
SDK's own helpers know (``event["type"]``, ``event.get("subject")``, ``event.data``,
``event.get_attributes()``). Structured output goes through the SDK's ``to_structured``.

**Knative's behaviour on top**, which the SDK's ``from_http``/``to_binary`` do not give:

- *Validation as sdk-go does it* (spec ``eventing.md`` §1.1): required attributes non-empty
  after trimming, specversion ``1.0`` (or ``0.3``), ``datacontenttype`` parsed the way Go's
  ``mime.ParseMediaType`` does, ``dataschema`` absolute, ``subject`` non-empty, ``time`` RFC
  3339, extension names ``[a-zA-Z0-9]``, structured extension values normalised the way
  sdk-go's ``types.Validate`` does (numbers → int32, truncated). The SDK checks only that the
  required keys exist, and invents ``id`` and ``time`` when they are missing.
  :class:`EventError` says which attribute is wrong; its ``status`` is what an sdk-go
  receiver answers (400, or 415 for an unknown encoding); Knative's broker ingress and
  InMemoryChannel answer 400 for every :class:`EventError`.
- *Data stays bytes*, as sdk-go's ``Event.DataEncoded``: a binary-mode body is kept
  byte-for-byte (the SDK JSON-decodes any body that parses, whatever its content type),
  structured JSON ``data`` keeps its exact source text, a string ``data`` becomes its UTF-8
  bytes, and ``data_base64`` becomes :class:`Base64Data` (sdk-go's ``DataBase64`` flag, which
  event_display prints as ``Data (binary),``). Forwarding therefore never re-encodes a body.
- *Binary mode out*, as Knative always re-sends: ``to_binary`` writes ``time`` in Go's
  RFC3339Nano UTC form and header values verbatim, percent-encoding only what a header
  cannot carry or what a decoder would misread (§1.3).
- *Lenient header decoding* (§1.3): RFC 7230 quoted-strings unquoted, one round of
  percent-decoding, invalid UTF-8 rejected.
- *Speed and start-up*: parsing a binary event is a single pass over the headers with no
  SDK code on the path (≈2-3× faster than the SDK's ``from_http``; ``to_binary`` ≈9× faster
  than the SDK's); and the SDK (≈25 ms of imports) is imported on first use only, so the
  sample apps, which need just :func:`decode` and :func:`encode_binary`, never import it.

Data model, as ``event.data`` holds it:

- ``None``: no data.
- ``bytes``: the data exactly as encoded in ``datacontenttype`` (every parsed event has this
  or ``None``); sent as-is in binary mode. :class:`Base64Data` (a ``bytes``) travels as
  ``data_base64`` in structured mode.
- Any other Python value (events built in process): a ``str`` is a string *value* (UTF-8 text
  under a non-JSON content type, a JSON string under a JSON one); ``dict``/``list``/numbers/
  booleans are JSON. With no ``datacontenttype``, such data is sent as ``application/json``
  (§1.4); bytes without one stay without one, as Knative forwards them (seed E142).

Header mappings: names are matched case-insensitively; values are ``str`` as aiohttp gives
them (UTF-8, invalid bytes surrogate-escaped) or as httptools-based servers give them
(Latin-1); both are accepted.
"""

from __future__ import annotations

import binascii
import copy
import importlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, NoReturn, cast

if TYPE_CHECKING:
    from cloudevents.v1.http import CloudEvent

__all__ = [
    "REASON_BATCH",
    "REASON_INVALID",
    "REASON_UNKNOWN_ENCODING",
    "SPECVERSIONS",
    "Base64Data",
    "CloudEvent",
    "EventError",
    "attributes",
    "clone",
    "decode",
    "decode_batch",
    "encode_binary",
    "get_attr",
    "is_event_response",
    "normalize_time",
    "parse",
    "parse_any",
    "parse_batch",
    "set_extension",
    "to_binary",
    "to_structured",
]

SPECVERSIONS: Final = frozenset({"1.0", "0.3"})
STRUCTURED: Final = "application/cloudevents+json"
BATCH: Final = "application/cloudevents-batch+json"

REASON_INVALID: Final = "InvalidEvent"
REASON_UNKNOWN_ENCODING: Final = "UnknownEncoding"
REASON_BATCH: Final = "BatchedMode"

Headers = Mapping[str, str] | Iterable[tuple[str, str]]
Attributes = dict[str, Any]

_CORE: Final = {
    "1.0": frozenset({"specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time"}),
    "0.3": frozenset({"specversion", "id", "source", "type", "datacontenttype", "schemaurl", "subject", "time",
                      "datacontentencoding"}),
}
_INT32: Final = (-(2**31), 2**31 - 1)


class EventError(ValueError):
    """A request that is not a valid CloudEvent; ``str(e)`` names the attribute at fault.

    ``reason`` is one of ``REASON_INVALID`` (unparsable or invalid: 400),
    ``REASON_UNKNOWN_ENCODING`` (neither binary nor structured mode: an sdk-go receiver
    answers 415, Knative's broker ingress and InMemoryChannel 400) and ``REASON_BATCH``
    (batched mode where one event is expected: 400). ``status`` is the sdk-go receiver's code.
    """

    def __init__(self, message: str, *, reason: str = REASON_INVALID, attribute: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.attribute = attribute
        self.status = 415 if reason == REASON_UNKNOWN_ENCODING else 400


class Base64Data(bytes):
    """Event data that travels as ``data_base64`` in structured mode (sdk-go's ``DataBase64``)."""

    __slots__ = ()


# -- the SDK, imported on first use --------------------------------------------------------------

_sdk_modules: dict[str, Any] = {}


def _sdk(name: str = "http") -> Any:
    """``cloudevents.v1.<name>`` (SDK 2.x) or ``cloudevents.<name>`` (SDK 1.x)."""
    module = _sdk_modules.get(name)
    if module is None:
        try:
            module = importlib.import_module(f"cloudevents.v1.{name}")
        except ImportError:
            module = importlib.import_module(f"cloudevents.{name}")
        _sdk_modules[name] = module
    return module


def __getattr__(name: str) -> Any:  # ``from knlite.eventing.cloudevents import CloudEvent``
    if name == "CloudEvent":
        return _sdk().CloudEvent
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _new(attrs: Attributes, data: Any) -> CloudEvent:
    """A CloudEvent of already validated attributes (the SDK constructor would invent id/time)."""
    cls = _sdk().CloudEvent
    event: CloudEvent = cls.__new__(cls)
    event._attributes = attrs
    event.data = data
    return event


# -- parsing -------------------------------------------------------------------------------------


def parse(headers: Headers, body: bytes) -> CloudEvent:
    """One event from an HTTP request or response: structured if ``Content-Type`` is
    ``application/cloudevents+json``, binary if a ``ce-specversion`` header names a known
    version (sdk-go's order); anything else raises :class:`EventError`."""
    attrs, data = decode(headers, body)
    return _new(attrs, data)


def parse_batch(headers: Headers, body: bytes) -> list[CloudEvent]:
    """The events of an ``application/cloudevents-batch+json`` request (``[]`` is valid)."""
    return [_new(attrs, data) for attrs, data in decode_batch(headers, body)]


def parse_any(headers: Headers, body: bytes) -> list[CloudEvent]:
    """A batch as :func:`parse_batch`, otherwise the one event of :func:`parse`."""
    ct = _find(headers, "content-type")
    if ct is not None and _media_type(ct) == BATCH:
        return parse_batch(headers, body)
    return [parse(headers, body)]


def decode(headers: Headers, body: bytes) -> tuple[Attributes, bytes | None]:
    """:func:`parse` without the SDK object: the validated attributes and the data bytes.

    For processes that must start fast (the sample apps): this path never imports the SDK.
    """
    attrs: Attributes = {}
    ct: str | None = None
    for name, value in _items(headers):
        lname = name.lower()
        if lname[:3] == "ce-":
            key = lname[3:]
            if key not in attrs:
                attrs[key] = value
        elif lname == "content-type" and ct is None:
            ct = value
    if ct:
        mt = _media_type(ct)
        if mt == STRUCTURED:
            return _structured(body)
        if mt == BATCH:
            raise EventError(f"batched mode ({BATCH}) is not accepted here: send one event", reason=REASON_BATCH)
    if "specversion" not in attrs:
        if attrs:
            raise EventError("missing required attribute: specversion (binary mode needs a ce-specversion header)",
                             reason=REASON_UNKNOWN_ENCODING, attribute="specversion")
        raise EventError(f"not a CloudEvent: no ce-specversion header and Content-Type {ct or ''!r} is not "
                         f"{STRUCTURED}", reason=REASON_UNKNOWN_ENCODING)
    for key, value in attrs.items():
        if "%" in value or value[:1] == '"' or not value.isascii():
            attrs[key] = _header_value(key, value)
    if ct:
        attrs["datacontenttype"] = ct
    if attrs["specversion"] not in SPECVERSIONS:
        raise EventError(f'invalid specversion "{attrs["specversion"]}"', reason=REASON_UNKNOWN_ENCODING,
                         attribute="specversion")
    _validate(attrs)
    if not body:
        return attrs, None
    return attrs, body if type(body) is bytes else bytes(body)


def decode_batch(headers: Headers, body: bytes) -> list[tuple[Attributes, bytes | None]]:
    """:func:`parse_batch` without the SDK objects."""
    ct = _find(headers, "content-type")
    if ct is None or _media_type(ct) != BATCH:
        raise EventError(f"not a batch: Content-Type {ct or ''!r} is not {BATCH}", reason=REASON_UNKNOWN_ENCODING)
    text = _utf8(body)
    pos = _ws(text, 0)
    if text[pos:pos + 1] != "[":
        _json_error("Expecting '['", text, pos)
    pos = _ws(text, pos + 1)
    out: list[tuple[Attributes, bytes | None]] = []
    if text[pos:pos + 1] == "]":
        pos += 1
    else:
        while True:
            members, pos = _members(text, pos)
            try:
                out.append(_from_members(members, text, body))
            except EventError as e:
                raise EventError(f"batch event {len(out)}: {e}", reason=e.reason, attribute=e.attribute) from None
            pos = _ws(text, pos)
            c = text[pos:pos + 1]
            if c == "]":
                pos += 1
                break
            if c != ",":
                _json_error("Expecting ',' delimiter", text, pos)
            pos = _ws(text, pos + 1)
    if _ws(text, pos) != len(text):
        _json_error("Extra data", text, pos)
    versions = {attrs["specversion"] for attrs, _ in out}
    if len(versions) > 1:
        raise EventError(f"events of a batch must share one specversion, got {sorted(versions)}",
                         attribute="specversion")
    return out


def is_event_response(headers: Headers, body: bytes) -> bool:
    """Whether a subscriber's response carries an event (binary or structured mode), which
    Knative then sends on as the reply; an empty or plain response does not."""
    ct: str | None = None
    specversion: str | None = None
    for name, value in _items(headers):
        lname = name.lower()
        if lname == "content-type":
            ct = value
        elif lname == "ce-specversion":
            specversion = value
    if ct and _media_type(ct) == STRUCTURED:
        return bool(body)
    return specversion is not None and specversion.strip('"') in SPECVERSIONS


# -- binary-mode header values (spec §1.3) ----------------------------------------------------------

_PCT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _header_value(key: str, value: str) -> str:
    if not value.isascii():
        value = _raw_utf8(key, value)
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        value = _unquote(value)
    if "%" in value:
        try:
            value = _PCT_RUN.sub(_pct_decode, value)
        except UnicodeDecodeError:
            raise EventError(f"invalid ce-{key} header: percent-encoded bytes are not valid UTF-8",
                             attribute=key) from None
    return value


def _pct_decode(m: re.Match[str]) -> str:
    return bytes.fromhex(m.group().replace("%", "")).decode("utf-8")


def _raw_utf8(key: str, value: str) -> str:
    """A header value with raw non-ASCII bytes, as the HTTP server decoded them."""
    try:
        raw = value.encode("latin-1")  # an httptools-based server: the bytes as Latin-1
    except UnicodeEncodeError:
        try:
            raw = value.encode("utf-8", "surrogateescape")  # aiohttp: UTF-8, bad bytes escaped
        except UnicodeEncodeError:
            return value
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise EventError(f"invalid ce-{key} header: not valid UTF-8", attribute=key) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return value  # already text (Latin-1 letters decoded as such)


def _unquote(value: str) -> str:
    """An RFC 7230 quoted-string's content; a value that is not one is returned unchanged."""
    out: list[str] = []
    i, end = 1, len(value) - 1
    while i < end:
        c = value[i]
        if c == "\\":
            if i + 1 >= end:
                return value
            out.append(value[i + 1])
            i += 2
            continue
        if c == '"':
            return value
        out.append(c)
        i += 1
    return "".join(out)


_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")


def _encode_header(value: str) -> str:
    """Verbatim (as Knative sends), except what a header cannot carry (controls, non-ASCII)
    and what our decoder would misread (``%XX``, a leading quote): percent-encoded."""
    if value.isascii() and value.isprintable() and "%" not in value and value[:1] != '"':
        return value
    out: list[str] = []
    for i, c in enumerate(value):
        if c == "%":
            out.append("%25" if _HEX2.match(value, i + 1) else "%")
        elif c == '"' and i == 0:
            out.append("%22")
        elif " " <= c <= "~":
            out.append(c)
        else:
            out.extend(f"%{b:02X}" for b in c.encode("utf-8", "replace"))
    return "".join(out)


# -- structured mode (JSON format) --------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid literal {name}")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
# the json module's C scanner: one JSON value at an offset -> (value, end offset)
_scan_value: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]
_WS = re.compile(r"[ \t\n\r]*")


def _ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]  # the pattern matches anywhere


def _json_error(message: str, text: str, pos: int) -> NoReturn:
    raise EventError(f"invalid JSON in structured event: {json.JSONDecodeError(message, text, pos)}")


def _utf8(body: bytes) -> str:
    try:
        return bytes(body).decode("utf-8")
    except UnicodeDecodeError as e:
        raise EventError(f"invalid JSON in structured event: not valid UTF-8 at byte {e.start}") from None


def _members(text: str, pos: int) -> tuple[list[tuple[str, Any, int, int]], int]:
    """The members of the JSON object at ``pos`` with each value's source span, and the end.

    Walks the object with the json module's C scanner so that ``data`` keeps its exact text
    (as sdk-go keeps the raw bytes) at the speed of ``json.loads``.
    """
    if text[pos:pos + 1] != "{":
        _json_error("Expecting '{'", text, pos)
    members: list[tuple[str, Any, int, int]] = []
    pos = _ws(text, pos + 1)
    if text[pos:pos + 1] == "}":
        return members, pos + 1
    try:
        while True:
            if text[pos:pos + 1] != '"':
                _json_error("Expecting property name enclosed in double quotes", text, pos)
            key, pos = _scan_value(text, pos)
            pos = _ws(text, pos)
            if text[pos:pos + 1] != ":":
                _json_error("Expecting ':' delimiter", text, pos)
            start = pos = _ws(text, pos + 1)
            try:
                value, pos = _scan_value(text, pos)
            except StopIteration as e:
                _json_error("Expecting value", text, e.value)
            members.append((key, value, start, pos))
            pos = _ws(text, pos)
            c = text[pos:pos + 1]
            if c == "}":
                return members, pos + 1
            if c != ",":
                _json_error("Expecting ',' delimiter", text, pos)
            pos = _ws(text, pos + 1)
    except EventError:
        raise
    except (ValueError, RecursionError) as e:  # JSONDecodeError, rejected NaN/Infinity, nesting
        raise EventError(f"invalid JSON in structured event: {e}") from None


def _structured(body: bytes) -> tuple[Attributes, bytes | None]:
    text = _utf8(body)
    members, pos = _members(text, _ws(text, 0))
    if _ws(text, pos) != len(text):
        _json_error("Extra data", text, pos)
    return _from_members(members, text, body)


def _from_members(members: list[tuple[str, Any, int, int]], text: str,
                  body: bytes) -> tuple[Attributes, bytes | None]:
    raw: dict[str, tuple[Any, int, int]] = {}
    for key, value, start, end in members:
        if key in raw:
            raise EventError(f'duplicate attribute "{key}" in structured event', attribute=key)
        raw[key] = (value, start, end)
    specversion = raw.get("specversion", (None,))[0]
    if specversion is None:
        raise EventError("missing required attribute: specversion", attribute="specversion")
    if not isinstance(specversion, str):
        raise EventError(f'invalid specversion {json.dumps(specversion)}: must be the string "1.0"',
                         attribute="specversion")
    if specversion not in SPECVERSIONS:
        raise EventError(f'invalid specversion "{specversion}"', attribute="specversion")
    core = _CORE[specversion]
    attrs: Attributes = {}
    for key, (value, _start, _end) in raw.items():
        if value is None or key == "data" or key == "data_base64":
            continue  # JSON null: the attribute is unset
        if key in core:
            if not isinstance(value, str):
                raise EventError(f"invalid {key}: must be a JSON string, not {json.dumps(value)}", attribute=key)
            attrs[key] = value
        else:
            name = key.lower()
            if name in core:
                raise EventError(f'invalid attribute name "{key}": context attribute names are lower-case',
                                 attribute=name)
            if name in attrs:
                raise EventError(f'duplicate attribute "{name}" in structured event', attribute=name)
            _check_extension_name(key)
            attrs[name] = _extension_value(name, value)
    _validate(attrs)

    data_member = raw.get("data")
    b64_member = raw.get("data_base64")
    if b64_member is not None and b64_member[0] is None:
        b64_member = None  # "data_base64": null is no data_base64
    if data_member is not None and b64_member is not None:
        raise EventError("data and data_base64 must not both be present", attribute="data")
    if b64_member is not None:
        return attrs, _base64("data_base64", b64_member[0])
    if data_member is None:
        return attrs, None
    value, start, end = data_member
    if specversion == "0.3" and "datacontentencoding" in attrs:
        return attrs, _base64("data", value)
    mt = _media_type(attrs.get("datacontenttype", ""))
    if _is_json(mt):
        # the member's exact source text, as sdk-go keeps it (``null`` included)
        if len(text) == len(body):  # ASCII: offsets are byte offsets
            return attrs, bytes(body[start:end])
        return attrs, text[start:end].encode("utf-8")
    if value is None:
        return attrs, None
    if not isinstance(value, str):
        raise EventError(f'invalid data: a JSON string was expected for media type "{mt}"', attribute="data")
    return attrs, value.encode("utf-8")


def _base64(key: str, value: Any) -> Base64Data | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise EventError(f"invalid {key}: must be a base64 string", attribute=key)
    try:
        return Base64Data(binascii.a2b_base64(value.replace("\r", "").replace("\n", "").encode("ascii"),
                                              strict_mode=True))
    except (binascii.Error, UnicodeEncodeError) as e:
        raise EventError(f"invalid {key}: {e}", attribute=key) from None


# -- validation (sdk-go's EventContextV1.Validate and friends) ---------------------------------------------


def _validate(attrs: Attributes) -> None:
    """Check (and canonicalise ``time`` of) a decoded event's attributes, in place."""
    specversion = attrs["specversion"]
    for name in ("id", "source", "type"):
        value = attrs.get(name)
        if value is None:
            raise EventError(f"missing required attribute: {name}", attribute=name)
        if not value.strip():
            raise EventError(f"invalid {name}: must be a non-empty string", attribute=name)
    _check_uri_reference("source", attrs["source"])
    core = _CORE[specversion]
    for name in attrs:
        if name not in core:
            _check_extension_name(name)
    ct = attrs.get("datacontenttype")
    if ct is not None:
        problem = _media_type_error(ct)
        if problem:
            raise EventError(f'datacontenttype: invalid media type "{ct}": {problem}', attribute="datacontenttype")
    if specversion == "1.0":
        schema = attrs.get("dataschema")
        if schema is not None and not _is_absolute_uri(schema):
            raise EventError(f'dataschema must be an absolute URI, got "{schema}"', attribute="dataschema")
    else:
        schema = attrs.get("schemaurl")
        if schema is not None:
            if not schema.strip():
                raise EventError("schemaurl must be a non-empty URI", attribute="schemaurl")
            _check_uri_reference("schemaurl", schema)
        encoding = attrs.get("datacontentencoding")
        if encoding is not None and encoding.strip().lower() != "base64":
            raise EventError(f'invalid datacontentencoding "{encoding}": the only allowed value is "base64"',
                             attribute="datacontentencoding")
    subject = attrs.get("subject")
    if subject is not None and not subject.strip():
        raise EventError("invalid subject: must be a non-empty string when present", attribute="subject")
    t = attrs.get("time")
    if t is not None:
        attrs["time"] = normalize_time(t)


def _check_extension_name(name: str) -> None:
    if not (name.isalnum() and name.isascii()):
        raise EventError(f'invalid extension name "{name}": extension names must contain only [a-zA-Z0-9]',
                         attribute=name)


def _extension_value(name: str, value: Any) -> str | int | bool:
    """sdk-go's ``types.Validate``: strings and booleans as they are, numbers as int32
    (truncated toward zero, as Go converts float64), anything else an error."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        if not _INT32[0] <= value <= _INT32[1]:
            raise EventError(f'invalid value for extension "{name}": {value} is out of the int32 range',
                             attribute=name)
        return int(value)
    raise EventError(f'invalid value for extension "{name}": must be a string, number or boolean, '
                     f"not {json.dumps(value)}", attribute=name)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _check_uri_reference(name: str, value: str) -> None:
    """What Go's ``url.Parse`` rejects in a URI-reference (sdk-go's ``types.ParseURIRef``)."""
    if ":" not in value and "%" not in value and value.isprintable():
        return  # the common case: a path or a name
    problem = None
    if _CONTROL.search(value):
        problem = "invalid control character in URL"
    elif "%" in value and _BAD_ESCAPE.search(value):
        problem = "invalid URL escape"
    else:
        colon = value.find(":")
        if colon == 0:
            problem = "missing protocol scheme"
        elif colon > 0 and not _SCHEME.match(value):
            head = value[:colon]
            if "/" not in head and "?" not in head and "#" not in head:
                problem = "first path segment in URL cannot contain colon"
    if problem:
        raise EventError(f'invalid {name} "{value}": {problem}', attribute=name)


def _is_absolute_uri(value: str) -> bool:
    return bool(_SCHEME.match(value)) and not _CONTROL.search(value) and not _BAD_ESCAPE.search(value)


# -- media types (Go's mime.ParseMediaType) ---------------------------------------------------------------

_TSPECIALS = frozenset('()<>@,;:\\"/[]?=')


def _media_type(ct: str) -> str:
    """The lower-cased media type without parameters (``""`` for none)."""
    return ct.partition(";")[0].strip().lower()


def _is_json(mt: str) -> bool:
    return mt == "" or mt == "application/json" or mt == "text/json" or mt.endswith("+json")


def _is_token_char(c: str) -> bool:
    return " " < c < "\x7f" and c not in _TSPECIALS


def _token(s: str, i: int) -> int:
    while i < len(s) and _is_token_char(s[i]):
        i += 1
    return i


@lru_cache(maxsize=256)
def _media_type_error(ct: str) -> str | None:
    """None when Go's ``mime.ParseMediaType`` accepts ``ct``, else its complaint."""
    base = ct.partition(";")[0].strip().lower()
    end = _token(base, 0)
    if end == 0:
        return "mime: no media type"
    if end < len(base):
        if base[end] != "/":
            return "mime: expected slash after first token"
        sub = _token(base, end + 1)
        if sub == end + 1:
            return "mime: expected token after slash"
        if sub != len(base):
            return "mime: unexpected content after media subtype"
    rest = ct[len(ct.partition(";")[0]):]
    seen: set[str] = set()
    while True:
        rest = rest.lstrip()
        if not rest:
            return None
        if not rest.startswith(";"):
            return "mime: invalid media parameter"
        rest = rest[1:].lstrip()
        if not rest:
            return None  # a trailing semicolon is ignored
        k = _token(rest, 0)
        if k == 0:
            return "mime: invalid media parameter"
        key, rest = rest[:k].lower(), rest[k:].lstrip()
        if not rest.startswith("="):
            return "mime: invalid media parameter"
        rest = rest[1:].lstrip()
        if rest.startswith('"'):
            i = 1
            while i < len(rest) and rest[i] != '"':
                i += 2 if rest[i] == "\\" else 1
            if i >= len(rest):
                return "mime: invalid media parameter"
            rest = rest[i + 1:]
        else:
            v = _token(rest, 0)
            if v == 0:
                return "mime: invalid media parameter"
            rest = rest[v:]
        if key in seen:
            return "mime: duplicate parameter name"
        seen.add(key)


# -- time (RFC 3339 in, Go's RFC3339Nano UTC out) -----------------------------------------------------------

_TIME_CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{0,8}[1-9])?Z\Z")
_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})\Z")
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(y: int, m: int) -> int:
    if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
        return 29
    return _MONTH_DAYS[m - 1]


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (m <= 2), m, d


def normalize_time(value: str) -> str:
    """An RFC 3339 timestamp as sdk-go writes it: UTC, ``Z``, fraction without trailing zeros.

    ``2018-04-05T05:56:24.500+02:00`` → ``2018-04-05T03:56:24.5Z``. Raises :class:`EventError`
    for what Go's ``time.Parse(time.RFC3339Nano, ...)`` rejects.
    """
    if _TIME_CANONICAL.match(value):  # the common case: only the ranges to check
        mo, d = int(value[5:7]), int(value[8:10])
        if (1 <= mo <= 12 and 1 <= d <= _days_in_month(int(value[:4]), mo) and value[11:13] < "24"
                and value[14:16] < "60" and value[17:19] < "60"):
            return value
    m = _TIME.match(value)
    bad = m is None
    if m is not None:
        y, mo, d, hh, mi, ss = (int(g) for g in m.group(1, 2, 3, 4, 5, 6))
        bad = not (1 <= mo <= 12 and 1 <= d <= _days_in_month(y, mo) and hh < 24 and mi < 60 and ss < 60)
    if bad or m is None:
        raise EventError(f'invalid time "{value}": not in RFC 3339 format', attribute="time")
    frac = (m.group(7) or "")[:9].rstrip("0")
    tz = m.group(8)
    if tz != "Z":
        oh, om = int(tz[1:3]), int(tz[4:6])
        if oh >= 24 or om >= 60:
            raise EventError(f'invalid time "{value}": time zone offset out of range', attribute="time")
        offset = (oh * 60 + om) * (1 if tz[0] == "+" else -1)
        if offset:
            minutes = (_days_from_civil(y, mo, d) * 24 + hh) * 60 + mi - offset
            days, minute_of_day = divmod(minutes, 1440)
            y, mo, d = _civil_from_days(days)
            hh, mi = divmod(minute_of_day, 60)
    dot = "." + frac if frac else ""
    return f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}{dot}Z"


# -- writing -------------------------------------------------------------------------------------------------


def to_binary(event: CloudEvent) -> tuple[dict[str, str], bytes]:
    """Binary mode, as Knative (re-)sends every event: ``ce-*`` headers (lower-case names)
    plus ``content-type`` from ``datacontenttype``, and the data as the body."""
    return encode_binary(event.get_attributes(), event.get_data())


def encode_binary(attrs: Mapping[str, Any], data: Any) -> tuple[dict[str, str], bytes]:
    """:func:`to_binary` of attributes and data, without the SDK object."""
    headers: dict[str, str] = {}
    ct: str | None = None
    for key, value in attrs.items():
        if value is None:
            continue
        if key == "datacontenttype":
            ct = value
            continue
        if type(value) is str:
            s = value if value.isascii() and value.isprintable() and "%" not in value and value[:1] != '"' \
                else _encode_header(value)
        else:
            s = _encode_header(_canonical(value))
        if key == "time" and s[-1:] != "Z":
            s = normalize_time(s)
        headers["ce-" + key] = s
    body, ct = _encode_data(data, ct)
    if ct is not None:
        headers["content-type"] = ct
    return headers, body


def _canonical(value: Any) -> str:
    """A CloudEvents attribute value's canonical string (spec §1.1 type system)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return str(int(value))
    if isinstance(value, bytes | bytearray | memoryview):
        return binascii.b2a_base64(bytes(value), newline=False).decode("ascii")
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:  # datetime: UTC RFC3339Nano as Go formats it (naive means UTC)
        text = isoformat()
        return normalize_time(text + "Z" if getattr(value, "tzinfo", True) is None else text)
    return str(value)


def _encode_data(data: Any, ct: str | None) -> tuple[bytes, str | None]:
    if data is None:
        return b"", ct
    if isinstance(data, bytes):
        return data, ct
    if isinstance(data, bytearray | memoryview):
        return bytes(data), ct
    if isinstance(data, str) and ct is not None and not _is_json(_media_type(ct)):
        return data.encode("utf-8"), ct
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as e:
        raise EventError(f"data of type {type(data).__name__} cannot be encoded as JSON: {e}",
                         attribute="data") from None
    return text.encode("utf-8"), ct if ct is not None else "application/json"


def to_structured(event: CloudEvent) -> tuple[dict[str, str], bytes]:
    """Structured mode (JSON format), written by the SDK's ``to_structured``; bytes data go
    in ``data`` when they are JSON or UTF-8 text under their content type, else in
    ``data_base64`` (always for :class:`Base64Data`)."""
    attrs = dict(event.get_attributes())
    for key, value in attrs.items():
        if value is not None and type(value) is not str and not isinstance(value, bool | int):
            attrs[key] = _canonical(value)
    t = attrs.get("time")
    if isinstance(t, str) and not t.endswith("Z"):
        attrs["time"] = normalize_time(t)
    data = event.get_data()
    if isinstance(data, bytes | bytearray | memoryview) and not isinstance(data, Base64Data):
        data = _structured_data(bytes(data), attrs.get("datacontenttype"))
    try:
        headers, body = _sdk("conversion").to_structured(_new(attrs, data))
    except Exception as e:  # the SDK's GenericException family
        raise EventError(f"cannot write the event in structured mode: {e}") from None
    return dict(headers), body if isinstance(body, bytes) else str(body).encode("utf-8")


def _structured_data(data: bytes, ct: str | None) -> Any:
    mt = _media_type(ct or "")
    if _is_json(mt):
        try:
            return json.loads(data)
        except ValueError:
            return data  # not JSON after all: data_base64
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


# -- helpers for the data plane --------------------------------------------------------------------------------


def get_attr(event: CloudEvent, name: str) -> Any:
    """A context attribute or extension (lower-case name), or None."""
    return event.get(name)


def attributes(event: CloudEvent) -> dict[str, Any]:
    """All context attributes including extensions, for filters and CESQL (a copy)."""
    return dict(event.get_attributes())


def set_extension(event: CloudEvent, name: str, value: Any) -> None:
    """Set (or, with None, remove) an extension attribute, as sdk-go's ``SetExtension``:
    the name must be ``[a-zA-Z0-9]`` and is lower-cased; values become str, int or bool."""
    _check_extension_name(name)
    key = name.lower()
    specversion = event.get("specversion") or "1.0"
    if key in _CORE.get(specversion, _CORE["1.0"]):
        raise EventError(f'"{key}" is a context attribute, not an extension', attribute=key)
    if value is None:
        if key in event:
            del event[key]
        return
    if isinstance(value, bool | str | int | float):
        event[key] = _extension_value(key, value)
    else:
        event[key] = _canonical(value)


def clone(event: CloudEvent) -> CloudEvent:
    """An independent copy (attributes copied; JSON data deep-copied, bytes shared)."""
    data = event.get_data()
    if isinstance(data, dict | list):
        data = copy.deepcopy(data)
    return _new(dict(event.get_attributes()), data)


def _items(headers: Headers) -> Iterable[tuple[str, str]]:
    """(name, value) pairs of a mapping (dict, multidict, ``http.client`` message) or a list."""
    items = getattr(headers, "items", None)
    return cast(Iterable[tuple[str, str]], items() if items is not None else headers)


def _find(headers: Headers, name: str) -> str | None:
    for key, value in _items(headers):
        if key.lower() == name:
            return value
    return None
