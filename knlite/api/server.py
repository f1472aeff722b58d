"""The Kubernetes-compatible HTTP API (what kubectl, kn and client libraries talk to).

URL layout, verbs, query parameters, content negotiation and error bodies follow
kube-apiserver, so the kubectl on the machine works unchanged:

* ``/api/v1/...`` for the core group, ``/apis/<group>/<version>/...`` for the rest, with
  ``namespaces/<ns>/`` for namespaced kinds, ``/<name>`` for one object and ``/status`` (or
  ``/log`` for Pods) subresources;
* ``?watch=true`` streams newline-delimited watch events; ``Accept: ...;as=Table`` returns
  server-side printed tables; ``?dryRun=All``, ``fieldValidation``, ``fieldManager``,
  ``force``, ``labelSelector``, ``fieldSelector``, ``propagationPolicy`` behave as upstream;
* every request except the health endpoints needs the bearer token from the state dir.

Semantics live in :mod:`knlite.api.core`; this module only translates HTTP to and from it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import yaml
from aiohttp import web

from knlite.api import discovery, errors, openapi_proto, tables
from knlite.api.core import IGNORE, STRICT, WARN, ApiCore, Caller
from knlite.api.errors import MAX_BODY, ApiError
from knlite.api.openapi import OpenAPI
from knlite.apis.registry import ResourceType
from knlite.store.store import ADDED, DELETED, MODIFIED, Event

log = logging.getLogger(__name__)

Obj = dict[str, Any]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LogHandler = Callable[[web.Request, Obj], Awaitable[web.StreamResponse]]

_PUBLIC = {"/healthz", "/readyz", "/livez"}
_PATCH_TYPES = {
    "application/merge-patch+json": "merge",
    "application/json-patch+json": "json",
    "application/strategic-merge-patch+json": "strategic",
    "application/apply-patch+yaml": "apply",
    "application/apply-patch+cbor": "apply-cbor",
}
KUBE_VERSION = {
    "major": "1",
    "minor": "32",
    "gitVersion": "v1.32.0-knlite",
    "gitCommit": "knlite",
    "gitTreeState": "clean",
    "buildDate": "2026-01-01T00:00:00Z",
    "goVersion": "python",
    "compiler": "cpython",
    "platform": "linux/amd64",
}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None,
          content_type: str = "application/json") -> web.Response:
    body = json.dumps(data, separators=(",", ":")).encode()
    resp = web.Response(body=body, status=status, headers=headers)
    resp.content_type = content_type.split(";")[0]
    if ";" in content_type:
        resp.headers["Content-Type"] = content_type
    return resp


def _status(err: ApiError) -> web.Response:
    return _json(err.status(), status=err.code)


def _wants_table(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    first = accept.split(",")[0]
    return "as=Table" in first


def _add_warnings(resp: web.StreamResponse, caller: Caller) -> None:
    for w in caller.warnings:
        resp.headers.add("Warning", '299 - "' + w.replace("\\", "\\\\").replace('"', '\\"') + '"')


class ApiServer:
    def __init__(self, core: ApiCore, token: str, server_address: str) -> None:
        self.core = core
        self.token = token
        self.server_address = server_address
        self.openapi = OpenAPI(core.registry)
        self.log_handler: LogHandler | None = None
        self.ready = False
        self._watch_tasks: set[asyncio.Task[Any]] = set()

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware], client_max_size=MAX_BODY + 1)
        r = app.router
        r.add_get("/healthz", self._health)
        r.add_get("/livez", self._health)
        r.add_get("/readyz", self._readyz)
        r.add_get("/version", self._version)
        r.add_get("/api", self._api)
        r.add_get("/apis", self._apis)
        r.add_get("/openapi/v2", self._openapi_v2)
        r.add_get("/openapi/v3", self._openapi_v3_index)
        r.add_get("/openapi/v3/{path:.*}", self._openapi_v3)
        r.add_route("*", "/api/{version}", self._legacy_version)
        r.add_route("*", "/api/{version}/{rest:.*}", self._legacy_resource)
        r.add_get("/apis/{group}", self._group)
        r.add_get("/apis/{group}/{version}", self._group_version)
        r.add_route("*", "/apis/{group}/{version}/{rest:.*}", self._group_resource)
        return app

    # -- middleware --------------------------------------------------------------------------
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path not in _PUBLIC:
            auth = request.headers.get("Authorization", "")
            if not (auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip(), self.token)):
                return _status(errors.unauthorized())
        try:
            return await handler(request)
        except ApiError as e:
            return _status(e)
        except web.HTTPRequestEntityTooLarge:
            return _status(errors.too_large())
        except web.HTTPException as e:
            if e.status == 404:
                return _status(errors.resource_not_found())
            if e.status == 405:
                return _status(errors.method_not_allowed())
            raise
        except Exception as e:  # never a bare 500 without a Status body
            log.exception("API request %s %s failed", request.method, request.path)
            return _status(errors.internal(str(e)))

    # -- simple documents --------------------------------------------------------------------
    async def _health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def _readyz(self, request: web.Request) -> web.Response:
        if not self.ready:
            return web.Response(text="not ready", status=503)
        return web.Response(text="ok")

    async def _version(self, request: web.Request) -> web.Response:
        return _json(KUBE_VERSION)

    def _aggregated_type(self, request: web.Request) -> str | None:
        accept = request.headers.get("Accept", "")
        for part in accept.split(","):
            part = part.strip().replace(" ", "")
            if "as=APIGroupDiscoveryList" in part:
                if "v=v2;" in part + ";" and "v=v2beta1" not in part:
                    return discovery.AGGREGATED_V2
                if "v=v2beta1" in part:
                    return discovery.AGGREGATED_V2BETA1
            elif part.startswith("application/json") and "as=" not in part:
                return None
        return None

    async def _api(self, request: web.Request) -> web.Response:
        agg = self._aggregated_type(request)
        if agg:
            api_version = "apidiscovery.k8s.io/v2" if agg == discovery.AGGREGATED_V2 else \
                "apidiscovery.k8s.io/v2beta1"
            return _json(discovery.aggregated(self.core.registry, True, api_version), content_type=agg)
        return _json(discovery.api_versions(self.server_address))

    async def _apis(self, request: web.Request) -> web.Response:
        agg = self._aggregated_type(request)
        if agg:
            api_version = "apidiscovery.k8s.io/v2" if agg == discovery.AGGREGATED_V2 else \
                "apidiscovery.k8s.io/v2beta1"
            return _json(discovery.aggregated(self.core.registry, False, api_version), content_type=agg)
        return _json(discovery.api_group_list(self.core.registry))

    async def _group(self, request: web.Request) -> web.Response:
        group = request.match_info["group"]
        if group not in self.core.registry.groups() or not group:
            raise errors.resource_not_found()
        return _json(discovery.api_group(self.core.registry, group))

    async def _group_version(self, request: web.Request) -> web.Response:
        doc = discovery.api_resource_list(self.core.registry, request.match_info["group"],
                                          request.match_info["version"])
        if doc is None:
            raise errors.resource_not_found()
        return _json(doc)

    async def _legacy_version(self, request: web.Request) -> web.Response:
        doc = discovery.api_resource_list(self.core.registry, "", request.match_info["version"])
        if doc is None or request.method != "GET":
            raise errors.resource_not_found()
        return _json(doc)

    async def _openapi_v2(self, request: web.Request) -> web.Response:
        # client-go's OpenAPISchema() asks for, and parses only, gnostic protobuf; as in
        # kube-openapi's handler the first Accept clause naming a served type decides
        for clause in request.headers.get("Accept", "").split(","):
            media_type = clause.split(";")[0].strip()
            if media_type in openapi_proto.MEDIA_TYPES:
                return web.Response(body=self.openapi.v2_protobuf,
                                    headers={"Content-Type": openapi_proto.CONTENT_TYPE, "Vary": "Accept"})
            if media_type in ("application/json", "application/*", "*/*"):
                break
        return web.Response(body=self.openapi.v2, content_type="application/json", headers={"Vary": "Accept"})

    async def _openapi_v3_index(self, request: web.Request) -> web.Response:
        return _json(self.openapi.v3_index())

    async def _openapi_v3(self, request: web.Request) -> web.Response:
        body = self.openapi.v3_doc(request.match_info["path"])
        if body is None:
            raise errors.resource_not_found()
        return web.Response(body=body, content_type="application/json")

    # -- resource routing --------------------------------------------------------------------
    async def _legacy_resource(self, request: web.Request) -> web.StreamResponse:
        return await self._resource(request, "", request.match_info["version"], request.match_info["rest"])

    async def _group_resource(self, request: web.Request) -> web.StreamResponse:
        return await self._resource(request, request.match_info["group"], request.match_info["version"],
                                    request.match_info["rest"])

    def _resolve(self, group: str, version: str, rest: str) -> tuple[ResourceType, str | None, str, str]:
        """Split ``rest`` into (kind, namespace, name, subresource)."""
        parts = [p for p in rest.split("/") if p]
        reg = self.core.registry
        namespace: str | None = None
        if len(parts) >= 3 and parts[0] == "namespaces":
            rt = reg.by_resource(group, parts[2])
            if rt is not None and rt.namespaced:
                namespace = parts[1]
                parts = parts[2:]
        if not parts:
            raise errors.resource_not_found()
        rt = reg.by_resource(group, parts[0])
        if rt is None or version not in rt.versions:
            raise errors.resource_not_found()
        if namespace is None and rt.namespaced and len(parts) > 1:
            raise errors.resource_not_found()
        name = parts[1] if len(parts) > 1 else ""
        sub = "/".join(parts[2:])
        if sub and sub != "status" and sub not in rt.subresources:
            raise errors.resource_not_found()
        if sub == "status" and not rt.status_subresource:
            raise errors.resource_not_found()
        return rt, namespace, name, sub

    async def _resource(self, request: web.Request, group: str, version: str, rest: str) -> web.StreamResponse:
        rt, namespace, name, sub = self._resolve(group, version, rest)
        method = request.method
        q = request.query
        if not name:
            if method == "GET":
                if q.get("watch") in ("true", "1"):
                    return await self._watch(request, rt, version, namespace)
                return self._list(request, rt, version, namespace)
            if method == "POST":
                caller = self._caller(request)
                obj = self.core.create(rt, namespace or "", await self._body(request), caller, version)
                return self._object_response(request, rt, version, obj, caller, 201)
            if method == "DELETE":
                caller = self._caller(request)
                opts = await self._delete_options(request)
                self.core.delete_collection(rt, namespace, caller, q.get("labelSelector", ""),
                                            q.get("fieldSelector", ""), opts.get("propagationPolicy", ""))
                _items, rv = self.core.list_objects(rt, namespace, q.get("labelSelector", ""), q.get("fieldSelector", ""))
                return _json(self._list_doc(rt, version, [], rv))
            raise errors.method_not_allowed()
        if sub and sub not in ("status",):
            if sub == "log" and method == "GET":
                pod = self.core.get(rt, namespace or "", name)
                if self.log_handler is None:
                    raise errors.bad_request("logs are not available")
                return await self.log_handler(request, pod)
            if sub == "scale":
                return await self._scale(request, rt, namespace or "", name)
            raise errors.method_not_allowed()
        if method == "GET":
            obj = self.core.get(rt, namespace or "", name)
            return self._object_response(request, rt, version, obj, None, 200)
        caller = self._caller(request)
        if method == "PUT":
            obj = self.core.update(rt, namespace or "", name, await self._body(request), caller, version, sub)
            return self._object_response(request, rt, version, obj, caller, 200)
        if method == "PATCH":
            ctype = request.headers.get("Content-Type", "").split(";")[0].strip()
            ptype = _PATCH_TYPES.get(ctype)
            if ptype is None or ptype == "apply-cbor":
                raise errors.unsupported_media_type(ctype, list(_PATCH_TYPES)[:4])
            raw = await self._read(request)
            try:
                patch = yaml.safe_load(raw) if ptype == "apply" else json.loads(raw or b"null")
            except (ValueError, yaml.YAMLError) as e:
                raise errors.bad_request(f"error decoding patch: {e}") from e
            obj, created = self.core.patch(rt, namespace or "", name, ptype, patch, caller, version, sub,
                                           force=q.get("force") in ("true", "1"))
            return self._object_response(request, rt, version, obj, caller, 201 if created else 200)
        if method == "DELETE":
            opts = await self._delete_options(request)
            obj, gone = self.core.delete(rt, namespace or "", name, caller, opts.get("propagationPolicy", ""),
                                         opts.get("preconditions"))
            if gone:
                details: dict[str, Any] = {"name": name, "kind": rt.plural, "uid": obj["metadata"].get("uid")}
                if rt.group:
                    details["group"] = rt.group
                return _json({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                              "details": details})
            return self._object_response(request, rt, version, obj, caller, 200)
        raise errors.method_not_allowed()

    async def _scale(self, request: web.Request, rt: ResourceType, namespace: str, name: str) -> web.StreamResponse:
        """``/scale``: the replicas of a Deployment as an ``autoscaling/v1`` Scale."""
        if request.method == "GET":
            return _json(self.core.scale_of(rt, self.core.get(rt, namespace, name)))
        caller = self._caller(request)
        if request.method == "PUT":
            return _json(self.core.update_scale(rt, namespace, name, await self._body(request), caller))
        if request.method == "PATCH":
            ctype = request.headers.get("Content-Type", "").split(";")[0].strip()
            ptype = _PATCH_TYPES.get(ctype)
            if ptype not in ("merge", "json", "strategic"):
                raise errors.unsupported_media_type(ctype, list(_PATCH_TYPES)[:3])
            raw = await self._read(request)
            try:
                patch = json.loads(raw or b"null")
            except ValueError as e:
                raise errors.bad_request(f"error decoding patch: {e}") from e
            return _json(self.core.patch_scale(rt, namespace, name, ptype, patch, caller))
        raise errors.method_not_allowed()

    # -- request helpers ---------------------------------------------------------------------
    async def _read(self, request: web.Request) -> bytes:
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise errors.too_large()
        data = bytearray()
        async for chunk in request.content.iter_chunked(65536):
            data.extend(chunk)
            if len(data) > MAX_BODY:
                raise errors.too_large()
        return bytes(data)

    async def _body(self, request: web.Request) -> Any:
        raw = await self._read(request)
        ctype = request.headers.get("Content-Type", "application/json").split(";")[0].strip()
        if ctype == "application/vnd.kubernetes.protobuf":
            from knlite.api.protobuf import ProtobufError, decode

            try:
                return decode(raw)
            except ProtobufError as e:
                raise errors.bad_request(f"the body of the request could not be decoded: {e}") from e
        try:
            if ctype in ("application/yaml", "application/x-yaml", "text/yaml"):
                return yaml.safe_load(raw)
            return json.loads(raw)
        except (ValueError, yaml.YAMLError) as e:
            raise errors.bad_request(f"the body of the request could not be decoded: {e}") from e

    async def _delete_options(self, request: web.Request) -> dict[str, Any]:
        opts: dict[str, Any] = {}
        if request.can_read_body:
            raw = await self._read(request)
            if raw.strip():
                try:
                    body = json.loads(raw)
                except ValueError as e:
                    raise errors.bad_request(f"error decoding DeleteOptions: {e}") from e
                if isinstance(body, dict):
                    opts.update(body)
        if "propagationPolicy" in request.query:
            opts["propagationPolicy"] = request.query["propagationPolicy"]
        if request.query.get("orphanDependents") == "true" and "propagationPolicy" not in opts:
            opts["propagationPolicy"] = "Orphan"
        if opts.get("orphanDependents") is True and "propagationPolicy" not in opts:
            opts["propagationPolicy"] = "Orphan"
        if opts.get("dryRun"):
            request["dry_run_override"] = True
        return opts

    def _caller(self, request: web.Request) -> Caller:
        q = request.query
        validation = q.get("fieldValidation", WARN)  # the apiserver's default when the client does not ask
        if validation not in (STRICT, WARN, IGNORE):
            raise errors.bad_request(f"fieldValidation must be one of Ignore, Warn, Strict, got {validation!r}")
        dry = q.getall("dryRun", [])
        for d in dry:
            if d != "All":
                raise errors.bad_request(f"Invalid dryRun value: {d!r}")
        manager = q.get("fieldManager") or request.headers.get("User-Agent", "").split("/")[0][:128]
        return Caller(user="system:admin", field_manager=manager, dry_run=bool(dry), field_validation=validation)

    # -- responses ---------------------------------------------------------------------------
    def _object_response(self, request: web.Request, rt: ResourceType, version: str, obj: Obj,
                         caller: Caller | None, status: int) -> web.Response:
        out = self.core.versioned(rt, obj, version)
        if _wants_table(request):
            doc = tables.table(rt, [out], out["metadata"].get("resourceVersion", ""),
                               request.query.get("includeObject", "Metadata"))
            resp = _json(doc, status)
        else:
            resp = _json(out, status)
        if caller is not None:
            _add_warnings(resp, caller)
        return resp

    def _list_doc(self, rt: ResourceType, version: str, items: list[Obj], rv: int) -> dict[str, Any]:
        return {
            "kind": f"{rt.kind}List",
            "apiVersion": rt.api_version_of(version),
            "metadata": {"resourceVersion": str(rv)},
            "items": [self.core.versioned(rt, o, version) for o in items],
        }

    def _list(self, request: web.Request, rt: ResourceType, version: str, namespace: str | None) -> web.Response:
        q = request.query
        items, rv = self.core.list_objects(rt, namespace, q.get("labelSelector", ""), q.get("fieldSelector", ""))
        if _wants_table(request):
            objs = [self.core.versioned(rt, o, version) for o in items]
            return _json(tables.table(rt, objs, str(rv), q.get("includeObject", "Metadata")))
        if version == rt.storage_version:
            # The committed JSON of each object is reused as is: listing serializes nothing.
            store = self.core.store
            bodies = [store.body(rt.group_kind, o["metadata"].get("namespace", ""), o["metadata"]["name"]) or
                      json.dumps(o, separators=(",", ":")).encode() for o in items]
            head = json.dumps({"kind": f"{rt.kind}List", "apiVersion": rt.api_version_of(version),
                               "metadata": {"resourceVersion": str(rv)}}, separators=(",", ":")).encode()
            body = head[:-1] + b',"items":[' + b",".join(bodies) + b"]}"
            return web.Response(body=body, content_type="application/json")
        return _json(self._list_doc(rt, version, items, rv))

    async def _watch(self, request: web.Request, rt: ResourceType, version: str,
                     namespace: str | None) -> web.StreamResponse:
        q = request.query
        pred = self.core.selector_predicate(q.get("labelSelector", ""), q.get("fieldSelector", ""))
        rv_param = q.get("resourceVersion", "")
        since: int | None
        if rv_param in ("", "0"):
            since = None
        else:
            try:
                since = int(rv_param)
            except ValueError as e:
                raise errors.bad_request(f"invalid resourceVersion {rv_param!r}") from e
        as_table = _wants_table(request)
        include = q.get("includeObject", "Metadata")
        timeout = float(q.get("timeoutSeconds", "0") or 0) or 1800.0
        # Errors (410 Gone) are sent as a watch event with a Status, as the apiserver does.
        try:
            w = self.core.watch(rt, namespace, since)
            initial: list[Obj] = []
            if since is None:
                items, _ = self.core.list_objects(rt, namespace)
                initial = [o for o in items if pred(o)]
        except ApiError as e:
            if e.code != 410:
                raise
            resp = web.StreamResponse(headers={"Content-Type": "application/json"})
            await resp.prepare(request)
            await resp.write(json.dumps({"type": "ERROR", "object": e.status()}).encode() + b"\n")
            return resp
        resp = web.StreamResponse(headers={"Content-Type": "application/json"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        headers_sent = False

        def encode(kind: str, obj: Obj) -> bytes:
            nonlocal headers_sent
            out = self.core.versioned(rt, obj, version)
            if as_table:
                out = tables.table(rt, [out], out["metadata"].get("resourceVersion", ""), include,
                                   headers=not headers_sent)
                headers_sent = True
            return json.dumps({"type": kind, "object": out}, separators=(",", ":")).encode() + b"\n"

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            for obj in initial:
                await resp.write(encode(ADDED, obj))
            while True:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                try:
                    ev = await asyncio.wait_for(w.next(), timeout=min(remaining, 30.0))
                except TimeoutError:
                    if request.transport is None or request.transport.is_closing():
                        break
                    continue
                if ev is None:
                    break
                kind = _selector_event(ev, pred)
                if kind is None:
                    continue
                await resp.write(encode(kind, ev.obj))
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.core.store.stop_watch(w)
        with contextlib.suppress(ConnectionResetError):
            await resp.write_eof()
        return resp


def _selector_event(ev: Event, pred: Callable[[Obj], bool]) -> str | None:
    """Map a store event through a selector: objects entering or leaving it are ADDED/DELETED."""
    now = pred(ev.obj)
    if ev.type == MODIFIED:
        before = pred(ev.old) if ev.old is not None else now
        if now and before:
            return MODIFIED
        if now:
            return ADDED
        if before:
            return DELETED
        return None
    return ev.type if now else None
