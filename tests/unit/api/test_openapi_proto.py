"""knlite.api.openapi_proto against gnostic's ``openapi_v2.Document``, read back field by field.

The ``protobuf`` package is not in the project, so a dozen-line wire reader below splits bytes
into (field number, value) pairs and each test walks them with field numbers written out from
gnostic's ``openapiv2/OpenAPIv2.proto`` (gnostic-models v0.6, not from the encoder's table), so
a wrong row in the table fails here. The ``Any.yaml`` strings are what go-yaml v3's ``Marshal``
writes for the same values (block style, four-space indent, ``- `` items indented by two).
"""

from __future__ import annotations

import struct
from typing import Any

import pytest
import yaml

from knlite.api.openapi import OpenAPI
from knlite.api.openapi_proto import _yaml, encode_v2
from knlite.apis.catalog import build_registry

# -- a test-only wire reader ---------------------------------------------------------------------

Value = int | bytes | float


def fields(data: bytes) -> list[tuple[int, Value]]:
    """(field number, value): int for a varint, bytes for length-delimited, float for fixed64."""
    out: list[tuple[int, Value]] = []
    pos = 0

    def varint() -> int:
        nonlocal pos
        result = shift = 0
        while True:
            b = data[pos]
            pos += 1
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result

    while pos < len(data):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            out.append((number, varint()))
        elif wire == 1:
            out.append((number, struct.unpack("<d", data[pos:pos + 8])[0]))
            pos += 8
        elif wire == 2:
            n = varint()
            out.append((number, data[pos:pos + n]))
            pos += n
        else:
            raise AssertionError(f"unexpected wire type {wire}")
    return out


def many(data: bytes, number: int) -> list[Any]:
    return [v for n, v in fields(data) if n == number]


def one(data: bytes, *path: int) -> Any:
    """Follow singular fields: ``one(doc, 2, 1)`` is Document.info.title."""
    for number in path:
        values = many(data, number)
        assert len(values) == 1, f"field {number}: {len(values)} values"
        data = values[0]
    return data


def text(data: bytes, *path: int) -> str:
    return bytes(one(data, *path)).decode()


def named(data: bytes, number: int) -> dict[str, bytes]:
    """A repeated ``Named*`` field (name = 1, value = 2) as a dict, keeping order."""
    out = {}
    for pair in many(data, number):
        out[text(pair, 1)] = one(pair, 2) if many(pair, 2) else b""
    return out


def numbers(data: bytes) -> list[int]:
    return [n for n, _ in fields(data)]


# -- field numbers, from OpenAPIv2.proto -----------------------------------------------------------
# Document: swagger 1, info 2, paths 8, definitions 9 | Info: title 1, version 2
# Paths: vendor_extension 1, path 2 | PathItem: get 2, put 3, post 4, delete 5, patch 8, parameters 9
# Operation: description 3, produces 6, consumes 7, parameters 8, responses 9, vendor_extension 13
# ParametersItem: parameter 1, json_reference 2 | Parameter: body_parameter 1, non_body_parameter 2
# BodyParameter: description 1, name 2, in 3, required 4, schema 5
# NonBodyParameter: header 1, form_data 2, query 3, path 4
# QueryParameterSubSchema: required 1, in 2, description 3, name 4, type 6, unique_items 20
# PathParameterSubSchema: required 1, in 2, description 3, name 4, type 5
# Responses: response_code 1 | ResponseValue: response 1 | Response: description 1, schema 2
# SchemaItem: schema 1 | Definitions, Properties: additional_properties 1 | Any: yaml 2
# Schema: _ref 1, format 2, description 4, min_length 12, unique_items 16, required 19, enum 20,
#         additional_properties 21, type 22, items 23, properties 25, vendor_extension 31
# AdditionalPropertiesItem: schema 1, boolean 2 | TypeItem: value 1 | ItemsItem: schema 1

GVK = {"group": "", "kind": "ConfigMap", "version": "v1"}
DOC: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Kubernetes", "version": "v1.32.0"},
    "paths": {
        "/api/v1/namespaces/{namespace}/configmaps/{name}": {
            "patch": {
                "description": "partially update the specified ConfigMap",
                "consumes": ["application/json-patch+json", "application/strategic-merge-patch+json"],
                "produces": ["application/json"],
                "parameters": [
                    {"name": "body", "in": "body", "required": True, "schema": {"type": "object"}},
                    {"name": "fieldValidation", "in": "query", "description": "how to handle unknown fields",
                     "type": "string", "uniqueItems": True},
                    {"name": "force", "in": "query", "type": "boolean"},
                ],
                "responses": {"200": {"description": "OK",
                                      "schema": {"$ref": "#/definitions/io.k8s.api.core.v1.ConfigMap"}}},
                "x-kubernetes-action": "patch",
                "x-kubernetes-group-version-kind": GVK,
            },
            "parameters": [{"name": "name", "in": "path", "required": True, "type": "string"}],
        },
    },
    "definitions": {
        "io.k8s.api.core.v1.ConfigMap": {
            "description": "ConfigMap holds configuration data.",
            "type": "object",
            "required": ["data", "ports"],
            "properties": {
                "data": {"type": "object", "additionalProperties": {"type": "string"}},
                "closed": {"type": "object", "additionalProperties": False},
                "ports": {"type": "array", "items": {"type": "object", "properties": {}},
                          "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["containerPort"],
                          "x-kubernetes-patch-merge-key": "containerPort", "x-kubernetes-patch-strategy": "merge"},
                "port": {"type": "string", "format": "int-or-string", "x-kubernetes-int-or-string": True},
                "protocol": {"type": "string", "enum": ["TCP", "UDP"], "minLength": 0},
                "raw": {"type": "object", "x-kubernetes-preserve-unknown-fields": True, "description": ""},
            },
            "x-kubernetes-group-version-kind": [GVK],
        },
    },
}


@pytest.fixture(scope="module")
def doc() -> bytes:
    return encode_v2(DOC)


def test_document_and_info(doc: bytes) -> None:
    assert numbers(doc) == [1, 2, 8, 9]  # in field-number order
    assert text(doc, 1) == "2.0"
    assert (text(doc, 2, 1), text(doc, 2, 2)) == ("Kubernetes", "v1.32.0")


def test_path_item_and_operation(doc: bytes) -> None:
    paths = one(doc, 8)
    assert many(paths, 1) == []  # no vendor extensions on Paths
    items = named(paths, 2)
    assert list(items) == ["/api/v1/namespaces/{namespace}/configmaps/{name}"]
    item = items["/api/v1/namespaces/{namespace}/configmaps/{name}"]
    assert numbers(item) == [8, 9]
    path_param = one(item, 9, 1, 2, 4)  # ParametersItem.parameter.non_body_parameter.path_parameter_sub_schema
    assert (one(path_param, 1), text(path_param, 2), text(path_param, 4), text(path_param, 5)) == \
        (1, "path", "name", "string")

    op = one(item, 8)
    assert numbers(op) == [3, 6, 7, 7, 8, 8, 8, 9, 13, 13]
    assert text(op, 3) == "partially update the specified ConfigMap"
    assert [bytes(v).decode() for v in many(op, 7)] == \
        ["application/json-patch+json", "application/strategic-merge-patch+json"]
    assert [bytes(v).decode() for v in many(op, 6)] == ["application/json"]


def test_parameters(doc: bytes) -> None:
    body, validation, force = many(one(doc, 8, 2, 2, 8), 8)
    body_param = one(body, 1, 1)  # ParametersItem.parameter.body_parameter
    assert (text(body_param, 2), text(body_param, 3), one(body_param, 4)) == ("body", "body", 1)
    assert [bytes(v).decode() for v in many(one(body_param, 5, 22), 1)] == ["object"]

    query = one(validation, 1, 2, 3)  # ...non_body_parameter.query_parameter_sub_schema
    assert numbers(query) == [2, 3, 4, 6, 20]  # required: false is not written
    assert (text(query, 2), text(query, 3), text(query, 4), text(query, 6), one(query, 20)) == \
        ("query", "how to handle unknown fields", "fieldValidation", "string", 1)
    assert (text(force, 1, 2, 3, 4), text(force, 1, 2, 3, 6)) == ("force", "boolean")


def test_responses_and_vendor_extensions(doc: bytes) -> None:
    op = one(doc, 8, 2, 2, 8)
    codes = named(one(op, 9), 1)
    response = one(codes["200"], 1)  # ResponseValue.response
    assert text(response, 1) == "OK"
    assert text(response, 2, 1, 1) == "#/definitions/io.k8s.api.core.v1.ConfigMap"  # SchemaItem.schema._ref
    ext = {name: text(value, 2) for name, value in named(op, 13).items()}
    assert ext == {"x-kubernetes-action": "patch\n",
                   "x-kubernetes-group-version-kind": 'group: ""\nkind: ConfigMap\nversion: v1\n'}
    assert yaml.safe_load(ext["x-kubernetes-group-version-kind"]) == GVK  # what kubectl unmarshals


def test_definitions(doc: bytes) -> None:
    definitions = named(one(doc, 9), 1)
    schema = definitions["io.k8s.api.core.v1.ConfigMap"]
    assert numbers(schema) == [4, 19, 19, 22, 25, 31]
    assert text(schema, 4) == "ConfigMap holds configuration data."
    assert [bytes(v).decode() for v in many(schema, 19)] == ["data", "ports"]
    assert text(schema, 22, 1) == "object"
    gvk = named(schema, 31)["x-kubernetes-group-version-kind"]
    assert text(gvk, 2) == '- group: ""\n  kind: ConfigMap\n  version: v1\n'

    props = named(one(schema, 25), 1)
    assert list(props) == ["data", "closed", "ports", "port", "protocol", "raw"]
    assert text(props["data"], 21, 1, 22, 1) == "string"  # additionalProperties: {type: string}
    assert fields(one(props["closed"], 21)) == [(2, 0)]  # additionalProperties: false is still written
    ports = props["ports"]
    item = one(ports, 23, 1)  # ItemsItem.schema
    assert text(item, 22, 1) == "object" and one(item, 25) == b""  # empty properties: present, empty
    assert {k: text(v, 2) for k, v in named(ports, 31).items()} == {
        "x-kubernetes-list-type": "map\n", "x-kubernetes-list-map-keys": "- containerPort\n",
        "x-kubernetes-patch-merge-key": "containerPort\n", "x-kubernetes-patch-strategy": "merge\n"}
    assert (text(props["port"], 2), text(named(props["port"], 31)["x-kubernetes-int-or-string"], 2)) == \
        ("int-or-string", "true\n")
    assert [text(v, 2) for v in many(props["protocol"], 20)] == ["TCP\n", "UDP\n"]
    assert 12 not in numbers(props["protocol"])  # minLength: 0 is not written
    assert numbers(props["raw"]) == [22, 31]  # description: "" is not written


@pytest.mark.parametrize(("param", "member", "expected"), [
    ({"$ref": "#/parameters/force"}, (2,), [(1, b"#/parameters/force")]),  # json_reference
    ({"name": "h", "in": "header", "type": "string"}, (1, 2, 1), [(2, b"header"), (4, b"h"), (5, b"string")]),
    ({"name": "f", "in": "formData", "type": "file", "allowEmptyValue": True}, (1, 2, 2),
     [(2, b"formData"), (4, b"f"), (5, 1), (6, b"file")]),
    ({"name": "n", "in": "path", "required": True, "type": "string"}, (1, 2, 4),
     [(1, 1), (2, b"path"), (4, b"n"), (5, b"string")]),
])
def test_parameter_oneofs(param: dict[str, Any], member: tuple[int, ...], expected: list[tuple[int, Any]]) -> None:
    op = one(encode_v2({"paths": {"/x": {"get": {"parameters": [param]}}}}), 8, 2, 2, 2)
    assert fields(one(op, 8, *member)) == expected


def test_response_oneofs_and_extensions() -> None:
    responses = one(encode_v2({"paths": {"/x": {"get": {"responses": {
        "default": {"$ref": "#/responses/x"},
        "201": {"description": "made", "schema": {"type": "file"}},
        "x-note": "n",
    }}}}}), 8, 2, 2, 2, 9)
    codes = named(responses, 1)
    assert list(codes) == ["default", "201"]
    assert text(codes["default"], 2, 1) == "#/responses/x"  # ResponseValue.json_reference._ref
    assert text(codes["201"], 1, 2, 2, 6) == "file"  # ...response.schema.file_schema.type
    assert {k: text(v, 2) for k, v in named(responses, 2).items()} == {"x-note": "n\n"}


def test_wire_scalars() -> None:
    schema = one(encode_v2({"definitions": {"s": {"maxLength": 300, "minimum": -1.5, "maxItems": -1}}}), 9, 1, 2)
    assert fields(schema) == [(9, -1.5), (11, 300), (14, (1 << 64) - 1)]
    assert b"\x58\xac\x02" in schema  # maxLength: key 11 << 3, then 300 as a varint
    assert b"\x70" + b"\xff" * 9 + b"\x01" in schema  # maxItems: int64 -1 is ten bytes of two's complement


# -- Any.yaml as go-yaml v3 writes it ------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (True, "true\n"),
    (None, "null\n"),
    (3, "3\n"),
    (1.5, "1.5\n"),
    ("merge", "merge\n"),
    ("yes", "yes\n"),  # YAML 1.2: a string, left plain
    ("", '""\n'),  # would read back as null
    ("1", '"1"\n'),
    ("true", '"true"\n'),
    ("0x1F", '"0x1F"\n'),
    ("2024-01-02", '"2024-01-02"\n'),  # a timestamp unquoted
    ("a: b", "'a: b'\n"),
    ("- x", "'- x'\n"),
    ("it's", "it's\n"),
    (" lead", "' lead'\n"),
    ("#x", "'#x'\n"),
    ("tab\there", '"tab\\there"\n'),
    ("two\nlines", "|-\n    two\n    lines\n"),
    ("line\n", "|\n    line\n"),
    ({"group": "", "kind": "ConfigMap", "version": "v1"}, 'group: ""\nkind: ConfigMap\nversion: v1\n'),
    ([{"group": "apps", "kind": "Deployment"}], "- group: apps\n  kind: Deployment\n"),
    ({"a": [1, 2]}, "a:\n    - 1\n    - 2\n"),
    ({"a": {"b": "c"}}, "a:\n    b: c\n"),
    ([[1, 2], {"a": {"b": 1}}], "- - 1\n  - 2\n- a:\n    b: 1\n"),
    ({"a": [{"b": 1, "c": [3]}]}, "a:\n    - b: 1\n      c:\n        - 3\n"),
    ({"text": "x\ny", "n": 1}, "text: |-\n    x\n    y\nn: 1\n"),
    ([], "[]\n"),
    ({"e": {}}, "e: {}\n"),
])
def test_yaml_like_go_yaml_v3(value: Any, expected: str) -> None:
    assert _yaml(value) == expected
    if value != "yes":  # PyYAML reads YAML 1.1, where "yes" is a bool
        assert yaml.safe_load(expected) == value


# -- knlite's own document -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def knlite_doc() -> bytes:
    return OpenAPI(build_registry()).v2_protobuf


def _patch_ops(doc: bytes) -> dict[str, bytes]:
    return {path: one(item, 8) for path, item in named(one(doc, 8), 2).items() if many(item, 8)}


@pytest.mark.parametrize(("path", "kind", "smp"), [
    ("/api/v1/namespaces/{namespace}/configmaps/{name}", "ConfigMap", True),
    ("/apis/serving.knative.dev/v1/namespaces/{namespace}/services/{name}", "Service", False),
])
def test_knlite_patch_operations(knlite_doc: bytes, path: str, kind: str, smp: bool) -> None:
    op = _patch_ops(knlite_doc)[path]
    consumes = [bytes(v).decode() for v in many(op, 7)]
    assert ("application/strategic-merge-patch+json" in consumes) is smp
    assert "application/merge-patch+json" in consumes
    query = [text(p, 1, 2, 3, 4) for p in many(op, 8) if many(one(p, 1), 2)]
    assert query == ["dryRun", "fieldManager", "fieldValidation", "force"]
    ext = {name: yaml.safe_load(text(value, 2)) for name, value in named(op, 13).items()}
    assert ext["x-kubernetes-action"] == "patch"
    assert ext["x-kubernetes-group-version-kind"]["kind"] == kind


def test_knlite_definitions_keep_their_kinds(knlite_doc: bytes) -> None:
    definitions = named(one(knlite_doc, 9), 1)
    gvks = [yaml.safe_load(text(named(s, 31)["x-kubernetes-group-version-kind"], 2))
            for name, s in definitions.items() if name != "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]
    assert {"group": "", "kind": "ConfigMap", "version": "v1"} in [g[0] for g in gvks]
    assert {"group": "serving.knative.dev", "kind": "Service", "version": "v1"} in [g[0] for g in gvks]
    every_path = named(one(knlite_doc, 8), 2)
    assert "/apis/serving.knative.dev/v1/namespaces/{namespace}/services" in every_path
