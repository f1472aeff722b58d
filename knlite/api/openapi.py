"""OpenAPI documents for kubectl: ``/openapi/v3`` (per group-version) and ``/openapi/v2``.

kubectl reads them for three things, and each shapes what is published here:

* ``kubectl explain`` walks the kind's schema (``components.schemas`` entry carrying
  ``x-kubernetes-group-version-kind``), so every schema keeps its descriptions;
* before sending ``fieldValidation=Strict`` or ``dryRun=All``, kubectl checks that the kind's
  PATCH operation declares that query parameter;
* ``kubectl apply`` computes a strategic merge patch only when the PATCH operation accepts
  ``application/strategic-merge-patch+json`` (built-in kinds); for Knative's kinds (CRDs on a
  real cluster) it falls back to a JSON merge patch, exactly as against Knative.

Documents are built once per registry and cached; their hash is part of the URL as on a
real apiserver.

``/openapi/v2`` is what kubectl falls back to when v3 has no answer (client-side validation of
a kind v3 does not list, the ``fieldValidation`` check): the same definitions, and the v3 paths
rewritten into Swagger 2.0, served as gnostic protobuf to client-go (see ``openapi_proto``).
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cached_property
from typing import Any

from knlite.api.openapi_proto import encode_v2
from knlite.apis.registry import Registry, ResourceType
from knlite.apis.schema import OBJECT_META

META_REF = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
STATUS_REF = "io.k8s.apimachinery.pkg.apis.meta.v1.Status"

_CORE_PREFIX = {"": "io.k8s.api.core", "apps": "io.k8s.api.apps", "rbac.authorization.k8s.io": "io.k8s.api.rbac"}

_PATCH_TYPES_CRD = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
_PATCH_TYPES_BUILTIN = [*_PATCH_TYPES_CRD[:2], "application/strategic-merge-patch+json",
                        "application/apply-patch+yaml"]


def schema_name(rt: ResourceType, version: str) -> str:
    if not rt.crd and rt.group in _CORE_PREFIX:
        return f"{_CORE_PREFIX[rt.group]}.{version}.{rt.kind}"
    reversed_group = ".".join(reversed(rt.group.split(".")))
    return f"{reversed_group}.{version}.{rt.kind}"


def _param(name: str, description: str, typ: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": {"type": typ, "uniqueItems": True}}


_WRITE_PARAMS = [
    _param("dryRun", "When present, indicates that modifications should not be persisted."),
    _param("fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes."),
    _param("fieldValidation", "fieldValidation instructs the server on how to handle objects in the request "
                              "containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict."),
]
_FORCE = _param("force", "Force is going to \"force\" Apply requests.", "boolean")


def _with_meta_ref(schema: dict[str, Any], v2: bool) -> dict[str, Any]:
    s = copy.deepcopy(schema)
    props = s.setdefault("properties", {})
    prefix = "#/definitions/" if v2 else "#/components/schemas/"
    props["metadata"] = {"$ref": prefix + META_REF, "description": "Standard object's metadata."}
    return s


def _to_v2(schema: Any) -> Any:
    """Swagger 2.0 has no anyOf: int-or-string becomes a string with format int-or-string."""
    if isinstance(schema, dict):
        if schema.get("x-kubernetes-int-or-string"):
            out = {k: v for k, v in schema.items() if k not in ("anyOf", "pattern")}
            out.update({"type": "string", "format": "int-or-string"})
            return out
        return {k: _to_v2(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_to_v2(v) for v in schema]
    return schema


# Swagger 2.0 paths are the v3 paths rewritten: the v3 builder decides which operations exist.
def _v2_ref(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return {**schema, "$ref": ref.replace("#/components/schemas/", "#/definitions/")}
    return schema


def _v2_parameter(param: dict[str, Any]) -> dict[str, Any]:
    """Swagger 2.0 has no parameter ``schema``: its type keywords sit beside ``name`` and ``in``."""
    out = {k: v for k, v in param.items() if k != "schema"}
    out.update(param.get("schema", {}))
    return out


def _v2_operation(op: dict[str, Any]) -> dict[str, Any]:
    """A v3 operation in Swagger 2.0 form: ``consumes``/``produces`` and a ``body`` parameter."""
    out: dict[str, Any] = {}
    params = [_v2_parameter(p) for p in op.get("parameters", [])]
    if "requestBody" in op:
        content = op["requestBody"]["content"]
        out["consumes"] = list(content)
        body_schema = _v2_ref(next(iter(content.values()))["schema"])
        params.insert(0, {"name": "body", "in": "body", "required": True, "schema": body_schema})
    produces: list[str] = []
    responses: dict[str, Any] = {}
    for code, response in op.get("responses", {}).items():
        responses[code] = {"description": response.get("description", "")}
        for media_type, media in response.get("content", {}).items():
            if media_type not in produces:
                produces.append(media_type)
            responses[code]["schema"] = _v2_ref(media["schema"])
    if produces:
        out["produces"] = produces
    if params:
        out["parameters"] = params
    out["responses"] = responses
    out.update({k: v for k, v in op.items() if k.startswith("x-")})
    return out


def _v2_path_item(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {method: _v2_operation(op) for method, op in item.items() if method != "parameters"}
    if item.get("parameters"):
        out["parameters"] = [_v2_parameter(p) for p in item["parameters"]]
    return out


class OpenAPI:
    def __init__(self, registry: Registry, version: str = "v1.32.0") -> None:
        self.registry = registry
        self.version = version

    # -- v3 ----------------------------------------------------------------------------------
    def group_versions(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for group, kinds in self.registry.groups().items():
            versions: list[str] = []
            for rt in kinds:
                versions.extend(v for v in rt.versions if v not in versions)
            out.extend((group, v) for v in versions)
        return out

    @staticmethod
    def gv_path(group: str, version: str) -> str:
        return f"api/{version}" if not group else f"apis/{group}/{version}"

    @cached_property
    def _v3_docs(self) -> dict[str, bytes]:
        docs = {}
        for group, version in self.group_versions():
            doc = self._v3_doc(group, version)
            docs[self.gv_path(group, version)] = json.dumps(doc, separators=(",", ":")).encode()
        return docs

    def v3_index(self) -> dict[str, Any]:
        paths = {}
        for key, body in self._v3_docs.items():
            digest = hashlib.sha512(body).hexdigest()[:128].upper()
            paths[key] = {"serverRelativeURL": f"/openapi/v3/{key}?hash={digest}"}
        return {"paths": paths}

    def v3_doc(self, gv_path: str) -> bytes | None:
        return self._v3_docs.get(gv_path)

    def _operations(self, rt: ResourceType, version: str, ref: str, item: bool, status: bool) -> dict[str, Any]:
        gvk = {"group": rt.group, "version": version, "kind": rt.kind}
        body_schema = {"schema": {"$ref": ref}}
        ok = {"200": {"description": "OK", "content": {"application/json": body_schema}}}
        ops: dict[str, Any] = {}
        ops["get"] = {"responses": ok, "x-kubernetes-action": "get" if item else "list",
                      "x-kubernetes-group-version-kind": gvk}
        if not item:
            if rt.creatable and not status:
                ops["post"] = {"requestBody": {"content": {"application/json": body_schema}},
                               "responses": ok, "parameters": _WRITE_PARAMS,
                               "x-kubernetes-action": "post", "x-kubernetes-group-version-kind": gvk}
            return ops
        ops["put"] = {"requestBody": {"content": {"application/json": body_schema}}, "responses": ok,
                      "parameters": _WRITE_PARAMS, "x-kubernetes-action": "put",
                      "x-kubernetes-group-version-kind": gvk}
        patch_types = _PATCH_TYPES_CRD if rt.crd else _PATCH_TYPES_BUILTIN
        ops["patch"] = {"requestBody": {"content": {t: {"schema": {"type": "object"}} for t in patch_types}},
                        "responses": ok, "parameters": [*_WRITE_PARAMS, _FORCE], "x-kubernetes-action": "patch",
                        "x-kubernetes-group-version-kind": gvk}
        if not status:
            ops["delete"] = {"responses": ok, "parameters": _WRITE_PARAMS[:1], "x-kubernetes-action": "delete",
                             "x-kubernetes-group-version-kind": gvk}
        return ops

    def _v3_doc(self, group: str, version: str) -> dict[str, Any]:
        schemas: dict[str, Any] = {META_REF: OBJECT_META}
        paths: dict[str, Any] = {}
        base = f"/{self.gv_path(group, version)}"
        for rt in self.registry.groups().get(group, []):
            if version not in rt.versions:
                continue
            name = schema_name(rt, version)
            s = _with_meta_ref(rt.schema or {"type": "object"}, v2=False)
            s["x-kubernetes-group-version-kind"] = [{"group": rt.group, "kind": rt.kind, "version": version}]
            schemas[name] = s
            ref = f"#/components/schemas/{name}"
            prefix = f"{base}/namespaces/{{namespace}}/{rt.plural}" if rt.namespaced else f"{base}/{rt.plural}"
            params_ns = [{"name": "namespace", "in": "path", "required": True, "schema": {"type": "string"}}] \
                if rt.namespaced else []
            params_name = [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}]
            paths[prefix] = {**self._operations(rt, version, ref, False, False), "parameters": params_ns}
            paths[prefix + "/{name}"] = {**self._operations(rt, version, ref, True, False),
                                          "parameters": params_ns + params_name}
            if rt.status_subresource:
                paths[prefix + "/{name}/status"] = {**self._operations(rt, version, ref, True, True),
                                                     "parameters": params_ns + params_name}
            if rt.namespaced:
                paths[f"{base}/{rt.plural}"] = {"get": {"responses": {"200": {"description": "OK"}},
                                                        "x-kubernetes-action": "list",
                                                        "x-kubernetes-group-version-kind": {
                                                            "group": rt.group, "version": version,
                                                            "kind": rt.kind}}}
        return {
            "openapi": "3.0.0",
            "info": {"title": "Kubernetes", "version": self.version},
            "paths": paths,
            "components": {"schemas": schemas},
        }

    # -- v2 ----------------------------------------------------------------------------------
    @cached_property
    def _v2_doc(self) -> dict[str, Any]:
        definitions: dict[str, Any] = {META_REF: _to_v2(OBJECT_META)}
        for rt in self.registry:
            for version in rt.versions:
                s = _to_v2(_with_meta_ref(rt.schema or {"type": "object"}, v2=True))
                s["x-kubernetes-group-version-kind"] = [{"group": rt.group, "kind": rt.kind, "version": version}]
                definitions[schema_name(rt, version)] = s
        paths: dict[str, Any] = {}
        for group, version in self.group_versions():
            v3_paths = json.loads(self._v3_docs[self.gv_path(group, version)])["paths"]
            paths.update({path: _v2_path_item(item) for path, item in v3_paths.items()})
        return {"swagger": "2.0", "info": {"title": "Kubernetes", "version": self.version}, "paths": paths,
                "definitions": definitions}

    @cached_property
    def v2(self) -> bytes:
        return json.dumps(self._v2_doc, separators=(",", ":")).encode()

    @cached_property
    def v2_protobuf(self) -> bytes:
        """``v2`` as gnostic's ``openapi_v2.Document``: what client-go's ``OpenAPISchema()`` parses."""
        return encode_v2(self._v2_doc)
