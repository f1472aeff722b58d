"""Encode the Swagger 2.0 document as gnostic's ``openapi_v2.Document`` protobuf.

client-go's ``DiscoveryClient.OpenAPISchema()`` asks ``/openapi/v2`` for
``application/com.github.proto-openapi.spec.v2@v1.0+protobuf`` and parses the answer only as
protobuf, with no JSON fallback. kubectl goes there whenever OpenAPI v3 cannot answer: the
client-side schema validation of ``kubectl apply``/``create`` (which is what lets an unknown kind
reach kubectl's own ``no matches for kind`` error) and the ``fieldValidation`` support check.
kube-apiserver produces the body by running gnostic's ``ParseDocument`` over its JSON document
and marshalling the result. No maintained Python package encodes that message, so this module
writes the same bytes from the same JSON-shaped dict:

* one table row per field, JSON key → field number and type, taken from gnostic's
  ``openapiv2/OpenAPIv2.proto`` (github.com/google/gnostic-models, the v0.6 line that
  Kubernetes v1.32 vendors);
* proto3 as protobuf-go writes it: fields in number order, zero scalars left out, messages and
  oneof members written even when empty (``additionalProperties: false`` is a field);
* gnostic's mapping: JSON objects with free keys become repeated ``Named*`` pairs in document
  order, ``x-`` keys become ``vendor_extension`` entries, and each oneof takes the member its
  parser would match (``$ref`` → ``JsonReference``, ``in: body`` → ``BodyParameter``, else the
  query/path/header/formData sub-schema; ``type: file`` → ``FileSchema``);
* values gnostic keeps as ``Any`` (vendor extensions, ``enum``, ``default``, ``example``) carry
  the YAML that go-yaml v3 writes for them (gnostic's ``compiler.Marshal``), because that is
  what kube-openapi and kubectl read back, e.g. ``x-kubernetes-group-version-kind`` through
  ``yaml.Unmarshal``.

It encodes and does not validate: keys Swagger 2.0 has no field for are left out, where
``ParseDocument`` would reject the whole document.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import struct
from collections.abc import Callable
from typing import Any, NamedTuple

__all__ = ["CONTENT_TYPE", "MEDIA_TYPES", "encode_v2"]

# client-go asks for the "@v1.0" spelling; kube-apiserver answers with ".v1.0" whichever was asked,
# because Go's mime.ParseMediaType (which client-go runs on the response) rejects the "@".
CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"
MEDIA_TYPES = frozenset({CONTENT_TYPE, "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"})


def encode_v2(doc: dict[str, Any]) -> bytes:
    """The ``openapi_v2.Document`` wire bytes for a Swagger 2.0 document given as its JSON dict."""
    return _message("Document", doc)


# -- wire format ---------------------------------------------------------------------------------
def _varint(n: int) -> bytes:
    if 0 <= n < 0x80:
        return _BYTES[n]
    n &= 0xFFFF_FFFF_FFFF_FFFF  # a negative int64 is ten bytes of two's complement, as Go writes it
    out = bytearray()
    while n > 0x7F:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


_BYTES = [bytes((i,)) for i in range(0x80)]


@functools.cache
def _tag(number: int, wire_type: int) -> bytes:
    return _varint(number << 3 | wire_type)


def _len(number: int, data: bytes) -> bytes:
    return _tag(number, 2) + _varint(len(data)) + data


# -- the message table ---------------------------------------------------------------------------
class Kind(enum.Enum):
    STRING = "string"
    BOOL = "bool"
    INT64 = "int64"
    DOUBLE = "double"


STRING, BOOL, INT64, DOUBLE = Kind


class Field(NamedTuple):
    key: str  # the JSON key
    number: int
    type: Kind | str  # a str names a message in MESSAGES or a oneof in ONEOFS
    repeated: bool = False


class Entries(NamedTuple):
    """A JSON object with free keys: each key (matching ``pattern``) → ``Named*{name=1, value=2}``."""

    number: int
    type: Kind | str
    pattern: re.Pattern[str] | None = None


class Message(NamedTuple):
    fields: tuple[Field, ...] = ()
    extensions: int = 0  # number of ``repeated NamedAny vendor_extension``; 0 when there is none
    entries: Entries | None = None


def _primitive(first: int) -> tuple[Field, ...]:
    """The 17 keywords PrimitivesItems, Header and the non-body parameters share, numbered from ``first``."""
    rows: list[tuple[str, Kind | str, bool]] = [
        ("type", STRING, False), ("format", STRING, False), ("items", "PrimitivesItems", False),
        ("collectionFormat", STRING, False), ("default", "Any", False), ("maximum", DOUBLE, False),
        ("exclusiveMaximum", BOOL, False), ("minimum", DOUBLE, False), ("exclusiveMinimum", BOOL, False),
        ("maxLength", INT64, False), ("minLength", INT64, False), ("pattern", STRING, False),
        ("maxItems", INT64, False), ("minItems", INT64, False), ("uniqueItems", BOOL, False),
        ("enum", "Any", True), ("multipleOf", DOUBLE, False),
    ]
    return tuple(Field(key, first + i, typ, rep) for i, (key, typ, rep) in enumerate(rows))


def _strings(*rows: tuple[str, int]) -> tuple[Field, ...]:
    return tuple(Field(key, number, STRING) for key, number in rows)


_PARAM_HEAD = (Field("required", 1, BOOL), *_strings(("in", 2), ("description", 3), ("name", 4)))
_SIMPLE_PARAM = Message((*_PARAM_HEAD, *_primitive(5)), 22)  # header and path parameters
_QUERY_PARAM = Message((*_PARAM_HEAD, Field("allowEmptyValue", 5, BOOL), *_primitive(6)), 23)  # query, formData
_SCOPES = Field("scopes", 3, "Oauth2Scopes")
_RESPONSE_CODE = re.compile(r"^([0-9]{3})$|^(default)$")

MESSAGES: dict[str, Message] = {
    "Document": Message((
        *_strings(("swagger", 1)), Field("info", 2, "Info"), *_strings(("host", 3), ("basePath", 4)),
        Field("schemes", 5, STRING, True), Field("consumes", 6, STRING, True), Field("produces", 7, STRING, True),
        Field("paths", 8, "Paths"), Field("definitions", 9, "Definitions"),
        Field("parameters", 10, "ParameterDefinitions"), Field("responses", 11, "ResponseDefinitions"),
        Field("security", 12, "SecurityRequirement", True), Field("securityDefinitions", 13, "SecurityDefinitions"),
        Field("tags", 14, "Tag", True), Field("externalDocs", 15, "ExternalDocs"),
    ), 16),
    "Info": Message((
        *_strings(("title", 1), ("version", 2), ("description", 3), ("termsOfService", 4)),
        Field("contact", 5, "Contact"), Field("license", 6, "License"),
    ), 7),
    "Contact": Message(_strings(("name", 1), ("url", 2), ("email", 3)), 4),
    "License": Message(_strings(("name", 1), ("url", 2)), 3),
    "ExternalDocs": Message(_strings(("description", 1), ("url", 2)), 3),
    "Tag": Message((*_strings(("name", 1), ("description", 2)), Field("externalDocs", 3, "ExternalDocs")), 4),
    "Paths": Message(extensions=1, entries=Entries(2, "PathItem", re.compile("^/"))),
    "PathItem": Message((
        Field("$ref", 1, STRING), Field("get", 2, "Operation"), Field("put", 3, "Operation"),
        Field("post", 4, "Operation"), Field("delete", 5, "Operation"), Field("options", 6, "Operation"),
        Field("head", 7, "Operation"), Field("patch", 8, "Operation"),
        Field("parameters", 9, "ParametersItem", True),
    ), 10),
    "Operation": Message((
        Field("tags", 1, STRING, True), *_strings(("summary", 2), ("description", 3)),
        Field("externalDocs", 4, "ExternalDocs"), Field("operationId", 5, STRING),
        Field("produces", 6, STRING, True), Field("consumes", 7, STRING, True),
        Field("parameters", 8, "ParametersItem", True), Field("responses", 9, "Responses"),
        Field("schemes", 10, STRING, True), Field("deprecated", 11, BOOL),
        Field("security", 12, "SecurityRequirement", True),
    ), 13),
    "BodyParameter": Message((
        *_strings(("description", 1), ("name", 2), ("in", 3)), Field("required", 4, BOOL),
        Field("schema", 5, "Schema"),
    ), 6),
    "HeaderParameterSubSchema": _SIMPLE_PARAM,
    "PathParameterSubSchema": _SIMPLE_PARAM,
    "QueryParameterSubSchema": _QUERY_PARAM,
    "FormDataParameterSubSchema": _QUERY_PARAM,
    "PrimitivesItems": Message(_primitive(1), 18),
    "JsonReference": Message(_strings(("$ref", 1), ("description", 2))),
    "Responses": Message(extensions=2, entries=Entries(1, "ResponseValue", _RESPONSE_CODE)),
    "Response": Message((
        Field("description", 1, STRING), Field("schema", 2, "SchemaItem"), Field("headers", 3, "Headers"),
        Field("examples", 4, "Examples"),
    ), 5),
    "Headers": Message(entries=Entries(1, "Header")),
    "Header": Message((*_primitive(1), Field("description", 18, STRING)), 19),
    "Examples": Message(entries=Entries(1, "Any")),
    "Definitions": Message(entries=Entries(1, "Schema")),
    "Properties": Message(entries=Entries(1, "Schema")),
    "ParameterDefinitions": Message(entries=Entries(1, "Parameter")),
    "ResponseDefinitions": Message(entries=Entries(1, "Response")),
    "Schema": Message((
        *_strings(("$ref", 1), ("format", 2), ("title", 3), ("description", 4)), Field("default", 5, "Any"),
        Field("multipleOf", 6, DOUBLE), Field("maximum", 7, DOUBLE), Field("exclusiveMaximum", 8, BOOL),
        Field("minimum", 9, DOUBLE), Field("exclusiveMinimum", 10, BOOL), Field("maxLength", 11, INT64),
        Field("minLength", 12, INT64), Field("pattern", 13, STRING), Field("maxItems", 14, INT64),
        Field("minItems", 15, INT64), Field("uniqueItems", 16, BOOL), Field("maxProperties", 17, INT64),
        Field("minProperties", 18, INT64), Field("required", 19, STRING, True), Field("enum", 20, "Any", True),
        Field("additionalProperties", 21, "AdditionalPropertiesItem"), Field("type", 22, "TypeItem"),
        Field("items", 23, "ItemsItem"), Field("allOf", 24, "Schema", True), Field("properties", 25, "Properties"),
        Field("discriminator", 26, STRING), Field("readOnly", 27, BOOL), Field("xml", 28, "Xml"),
        Field("externalDocs", 29, "ExternalDocs"), Field("example", 30, "Any"),
    ), 31),
    "FileSchema": Message((
        *_strings(("format", 1), ("title", 2), ("description", 3)), Field("default", 4, "Any"),
        Field("required", 5, STRING, True), Field("type", 6, STRING), Field("readOnly", 7, BOOL),
        Field("externalDocs", 8, "ExternalDocs"), Field("example", 9, "Any"),
    ), 10),
    "Xml": Message((
        *_strings(("name", 1), ("namespace", 2), ("prefix", 3)), Field("attribute", 4, BOOL),
        Field("wrapped", 5, BOOL),
    ), 6),
    "SecurityRequirement": Message(entries=Entries(1, "StringArray")),
    "SecurityDefinitions": Message(entries=Entries(1, "SecurityDefinitionsItem")),
    "BasicAuthenticationSecurity": Message(_strings(("type", 1), ("description", 2)), 3),
    "ApiKeySecurity": Message(_strings(("type", 1), ("name", 2), ("in", 3), ("description", 4)), 5),
    "Oauth2ImplicitSecurity": Message((
        *_strings(("type", 1), ("flow", 2)), _SCOPES, *_strings(("authorizationUrl", 4), ("description", 5)),
    ), 6),
    "Oauth2PasswordSecurity": Message((
        *_strings(("type", 1), ("flow", 2)), _SCOPES, *_strings(("tokenUrl", 4), ("description", 5)),
    ), 6),
    "Oauth2ApplicationSecurity": Message((
        *_strings(("type", 1), ("flow", 2)), _SCOPES, *_strings(("tokenUrl", 4), ("description", 5)),
    ), 6),
    "Oauth2AccessCodeSecurity": Message((
        *_strings(("type", 1), ("flow", 2)), _SCOPES,
        *_strings(("authorizationUrl", 4), ("tokenUrl", 5), ("description", 6)),
    ), 7),
    "Oauth2Scopes": Message(entries=Entries(1, STRING)),
}
_BY_KEY = {name: {f.key: f for f in m.fields} for name, m in MESSAGES.items()}


# -- oneofs and the messages gnostic builds from a non-object ------------------------------------
def _one(number: int, name: str, value: Any) -> bytes:
    return _len(number, _message(name, value))


def _any(value: Any) -> bytes:
    return _scalar(2, STRING, _yaml(value))  # Any.yaml; Any.value is set only by gnostic extension plugins


def _additional_properties(value: Any) -> bytes:
    if isinstance(value, bool):
        return _tag(2, 0) + _varint(int(value))  # a oneof member is written even when false
    return _one(1, "Schema", value)


def _schema_item(value: Any) -> bytes:
    return _one(2, "FileSchema", value) if value.get("type") == "file" else _one(1, "Schema", value)


def _reference_or(number: int, name: str) -> Callable[[Any], bytes]:
    return lambda value: _one(2, "JsonReference", value) if "$ref" in value else _one(number, name, value)


def _parameter(value: Any) -> bytes:
    return _one(1, "BodyParameter", value) if value.get("in") == "body" else _one(2, "NonBodyParameter", value)


_NON_BODY = {"header": (1, "HeaderParameterSubSchema"), "formData": (2, "FormDataParameterSubSchema"),
             "query": (3, "QueryParameterSubSchema"), "path": (4, "PathParameterSubSchema")}


def _non_body(value: Any) -> bytes:
    where = value.get("in")
    if where not in _NON_BODY:
        raise ValueError(f"parameter {value.get('name')!r}: 'in' must be body, query, path, header or formData")
    return _one(*_NON_BODY[where], value)


_SECURITY = {"basic": (1, "BasicAuthenticationSecurity"), "apiKey": (2, "ApiKeySecurity"),
             "implicit": (3, "Oauth2ImplicitSecurity"), "password": (4, "Oauth2PasswordSecurity"),
             "application": (5, "Oauth2ApplicationSecurity"), "accessCode": (6, "Oauth2AccessCodeSecurity")}


def _security_definition(value: Any) -> bytes:
    kind = value.get("flow") if value.get("type") == "oauth2" else value.get("type")
    if kind not in _SECURITY:
        raise ValueError(f"unknown security definition type {value.get('type')!r}")
    return _one(*_SECURITY[kind], value)


def _string_list(value: Any) -> bytes:
    return b"".join(_scalar(1, STRING, s, repeated=True) for s in _as_list(value))


def _schemas(value: Any) -> bytes:
    return b"".join(_one(1, "Schema", s) for s in _as_list(value))


ONEOFS: dict[str, Callable[[Any], bytes]] = {
    "Any": _any,
    "AdditionalPropertiesItem": _additional_properties,
    "TypeItem": _string_list,  # "type": "object" and "type": ["object"] alike
    "ItemsItem": _schemas,
    "SchemaItem": _schema_item,
    "ParametersItem": _reference_or(1, "Parameter"),
    "Parameter": _parameter,
    "NonBodyParameter": _non_body,
    "ResponseValue": _reference_or(1, "Response"),
    "SecurityDefinitionsItem": _security_definition,
    "StringArray": _string_list,
}


# -- encoding ------------------------------------------------------------------------------------
def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _message(name: str, value: Any) -> bytes:
    oneof = ONEOFS.get(name)
    if oneof is not None:
        return oneof(value)
    if not isinstance(value, dict):
        raise ValueError(f"{name}: expected a JSON object, got {value!r:.80}")
    spec, by_key = MESSAGES[name], _BY_KEY[name]
    parts: list[tuple[int, bytes]] = []
    for key, v in value.items():
        f = by_key.get(key)
        if f is None:
            continue
        items = _as_list(v) if f.repeated else [v]
        parts.append((f.number, b"".join(_field(f.number, f.type, item, f.repeated) for item in items)))
    if spec.extensions:
        parts.append((spec.extensions, b"".join(
            _named(spec.extensions, k, "Any", v) for k, v in value.items() if k.startswith("x-"))))
    if spec.entries is not None:
        e = spec.entries
        parts.append((e.number, b"".join(
            _named(e.number, k, e.type, v) for k, v in value.items() if e.pattern is None or e.pattern.match(k))))
    parts.sort(key=lambda part: part[0])  # protobuf-go writes fields in number order
    return b"".join(data for _, data in parts)


def _named(number: int, name: str, typ: Kind | str, value: Any) -> bytes:
    return _len(number, _scalar(1, STRING, name) + _field(2, typ, value))


def _field(number: int, typ: Kind | str, value: Any, repeated: bool = False) -> bytes:
    if isinstance(typ, Kind):
        return _scalar(number, typ, value, repeated)
    return _one(number, typ, value)


def _scalar(number: int, kind: Kind, value: Any, repeated: bool = False) -> bytes:
    """One proto3 scalar; a zero value is not written unless it is an element of a repeated field."""
    if kind is STRING:
        text = value if isinstance(value, str) else _plain(value)  # gnostic takes any scalar's text
        return _len(number, text.encode()) if text or repeated else b""
    if kind is BOOL:
        return _tag(number, 0) + b"\x01" if value is True else b""
    if kind is INT64:
        return _tag(number, 0) + _varint(int(value)) if value else b""
    return _tag(number, 1) + struct.pack("<d", float(value)) if value else b""


# -- Any.yaml: go-yaml v3 -----------------------------------------------------------------------------
def _plain(value: Any) -> str:
    """The text of a JSON scalar as gnostic's YAML node holds it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return str(value)


def _yaml(value: Any) -> str:
    return _yaml_of_json(json.dumps(value))  # the same few values recur thousands of times


@functools.lru_cache(maxsize=1024)
def _yaml_of_json(text: str) -> str:
    return _YamlEmitter().document(json.loads(text))


_NOT_STRINGS = frozenset({"", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                          ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                          "-.inf", "-.Inf", "-.INF"})
_INT = re.compile(r"[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                        r"([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{2}:[0-9]{2})"
                        r"| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?)?")
_BREAKS = "\r\n\x85\u2028\u2029"


def _resolves_to_non_string(s: str) -> bool:
    """Whether go-yaml v3 would read ``s`` unquoted as null, bool, number or timestamp."""
    if s in _NOT_STRINGS:
        return True
    if s[0] == ".":
        return re.fullmatch(r"\.[0-9]+([eE][-+]?[0-9]+)?", s) is not None
    if s[0] in "+-0123456789":
        plain = s.replace("_", "")
        return bool(_TIMESTAMP.fullmatch(s) or _INT.fullmatch(plain) or _FLOAT.fullmatch(plain))
    return False


def _printable(c: str) -> bool:
    cp = ord(c)
    return (cp == 0x0A or 0x20 <= cp <= 0x7E or 0xA0 <= cp <= 0xD7FF or (0xE000 <= cp <= 0xFFFD and cp != 0xFEFF)
            or cp >= 0x10000)


class _Analysis(NamedTuple):
    multiline: bool
    plain: bool  # block plain style allowed
    single_quoted: bool
    literal: bool


def _analyze(s: str) -> _Analysis:
    """libyaml's ``yaml_emitter_analyze_scalar`` for the block context."""
    if not s:
        return _Analysis(multiline=False, plain=True, single_quoted=True, literal=False)
    indicators = s.startswith(("---", "..."))
    breaks = tabs = special = space_break = break_space = False
    prev_space = prev_break = False
    preceded_by_blank = True
    for i, c in enumerate(s):
        followed_by_blank = i + 1 == len(s) or s[i + 1] in " \t"
        if i == 0:
            indicators |= c in "#,[]{}&*!|>'\"%@`" or (c in "?:-" and followed_by_blank)
        else:
            indicators |= (c == ":" and followed_by_blank) or (c == "#" and preceded_by_blank)
        if c == "\t":
            tabs = True
        elif not _printable(c) or c in "\u2028\u2029":  # YAML readers fold U+2028/9: double-quote them
            special = True
        if c == " ":
            break_space |= prev_break
            prev_space, prev_break = True, False
        elif c in _BREAKS:
            breaks = True
            space_break |= prev_space
            prev_space, prev_break = False, True
        else:
            prev_space = prev_break = False
        preceded_by_blank = c in " \t\0" or c in _BREAKS
    edges = s[:1] + s[-1:]
    edge_space, trailing_space = " " in edges, s.endswith(" ")
    edge_break = any(c in _BREAKS for c in edges)
    return _Analysis(
        multiline=breaks,
        plain=not (edge_space or edge_break or breaks or tabs or special or space_break or break_space
                   or indicators),
        single_quoted=not (break_space or space_break or tabs or special),
        # go-yaml v3.0.1 drops a leading line break from literal scalars (go-yaml#755), so such
        # strings are double-quoted here: the same value, where v3.0.1 would lose a newline.
        literal=not (trailing_space or space_break or special or s[0] in _BREAKS),
    )


_ESCAPES = {"\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P"}


def _double_quoted(s: str) -> str:
    out = []
    for c in s:
        if _printable(c) and c not in _BREAKS and c not in '"\\' and c != "\ufeff":
            out.append(c)
        elif c in _ESCAPES:
            out.append("\\" + _ESCAPES[c])
        else:
            cp = ord(c)
            out.append(f"\\x{cp:02X}" if cp <= 0xFF else f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}")
    return "".join(out)


class _YamlEmitter:
    """go-yaml v3's ``Marshal`` of a JSON value: block style, indent 4, no line wrapping.

    A transcription of the parts of libyaml's emitter (``emitterc.go``) that JSON values reach:
    the column/whitespace/indention state decides where breaks and spaces go, a collection
    nested in a sequence item is indented by two (past ``- ``), anything else to the next
    multiple of four, and empty collections are written in flow style.
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True

    def document(self, value: Any) -> str:
        self.node(value, -1, in_sequence=False)
        self.write_indent(0)
        return "".join(self.out)

    # primitives (put, put_break, write_indent, write_indicator)
    def put(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def put_break(self) -> None:
        self.out.append("\n")
        self.column = 0
        self.indention = True

    def write_indent(self, indent: int) -> None:
        indent = max(indent, 0)
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.put_break()
        if self.column < indent:
            self.put(" " * (indent - self.column))
        self.whitespace = True

    def indicator(self, text: str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) -> None:
        if need_whitespace and not self.whitespace:
            self.put(" ")
        self.put(text)
        self.whitespace = is_whitespace
        self.indention = self.indention and is_indention

    @staticmethod
    def inner_indent(indent: int, in_sequence: bool, flow: bool) -> int:
        if indent < 0:
            return 4 if flow else 0
        return indent + 2 if in_sequence else 4 * ((indent + 4) // 4)

    # nodes
    def node(self, value: Any, indent: int, in_sequence: bool) -> None:
        if isinstance(value, dict | list) and not value:
            self.indicator("{" if isinstance(value, dict) else "[", True, True, False)
            self.indicator("}" if isinstance(value, dict) else "]", False, False, False)
        elif isinstance(value, dict):
            inner = self.inner_indent(indent, in_sequence, flow=False)
            for k, v in value.items():
                self.write_indent(inner)
                key = str(k)
                if len(key.encode()) <= 128 and not _analyze(key).multiline:
                    self.scalar(key, self.inner_indent(inner, False, flow=True), simple_key=True)
                    self.indicator(":", False, False, False)
                else:
                    self.indicator("?", True, False, True)
                    self.scalar(key, self.inner_indent(inner, False, flow=True), simple_key=False)
                    self.write_indent(inner)
                    self.indicator(":", True, False, True)
                self.node(v, inner, in_sequence=False)
        elif isinstance(value, list):
            inner = self.inner_indent(indent, in_sequence, flow=False)
            for item in value:
                self.write_indent(inner)
                self.indicator("-", True, False, True)
                self.node(item, inner, in_sequence=True)
        else:
            self.scalar(value, self.inner_indent(indent, in_sequence, flow=True), simple_key=False)

    def scalar(self, value: Any, indent: int, simple_key: bool) -> None:
        if not isinstance(value, str):
            self.plain(_plain(value))
            return
        if _resolves_to_non_string(value):
            self.quoted('"', _double_quoted(value))
            return
        a = _analyze(value)
        if "\n" in value:
            if a.literal and not simple_key:
                self.literal(value, indent)
            else:
                self.quoted('"', _double_quoted(value))
        elif a.plain:
            self.plain(value)
        elif a.single_quoted:
            self.quoted("'", value.replace("'", "''"))
        else:
            self.quoted('"', _double_quoted(value))

    def plain(self, text: str) -> None:
        if not self.whitespace:
            self.put(" ")
        self.put(text)
        self.whitespace = self.indention = False

    def quoted(self, quote: str, text: str) -> None:
        self.indicator(quote, True, False, False)
        self.put(text)
        self.indicator(quote, False, False, False)

    def literal(self, value: str, indent: int) -> None:
        self.indicator("|", True, False, False)
        if value[0] == " ":
            self.indicator("4", False, False, False)
        if not value.endswith("\n"):
            self.indicator("-", False, False, False)
        elif len(value) == 1 or value[-2] == "\n":
            self.indicator("+", False, False, False)
        self.whitespace = True
        for i, line in enumerate(value.split("\n")):
            if i:
                self.put_break()
            if line:
                self.write_indent(indent)
                self.put(line)
                self.indention = False
