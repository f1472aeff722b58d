"""Table-driven tests for the PATCH engines (knlite/api/patch.py)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from knlite.api import patch as P
from knlite.api.patch import (
    INVALID_MESSAGE,
    PatchError,
    apply_patch,
    conflict_error,
    format_conflicts,
    json_patch,
    merge_patch,
    strategic_merge_patch,
    update_managed_fields,
)
from knlite.apis import schema as s

# -- a small schema: containers by name, env by name, ports by (containerPort, protocol) -------

ENV = s.obj({"name": s.string(), "value": s.string()})
PORT = s.obj({"containerPort": s.int32(), "protocol": {**s.string(), "default": "TCP"}, "name": s.string()})
CONTAINER = s.obj({
    "name": s.string(),
    "image": s.string(),
    "args": s.array(s.string()),
    "env": s.array(ENV, merge_key="name"),
    "ports": s.array(PORT, list_type="map", map_keys=["containerPort", "protocol"]),
    "resources": s.obj({"limits": s.string_map()}),
})
SPEC = s.obj({
    "replicas": s.integer(),
    "paused": s.boolean(),
    "strategy": s.obj({"type": s.string(), "rollingUpdate": s.obj({"maxSurge": s.int_or_string()})},
                      preserve_unknown=False),
    "selector": {**s.obj({"app": s.string(), "tier": s.string()}), "x-kubernetes-map-type": "atomic"},
    "template": s.obj({
        "metadata": s.obj({"labels": s.string_map(), "annotations": s.string_map()}),
        "spec": s.obj({"containers": s.array(CONTAINER, merge_key="name")}),
    }),
    "extra": s.free_object(),
})
SCHEMA = s.kind_schema(SPEC, s.obj({"ready": s.boolean(), "url": s.string()}))

T0, T1, T2, T3 = "2024-05-01T10:00:00Z", "2024-05-01T10:01:00Z", "2024-05-01T10:02:00Z", "2024-05-01T10:03:00Z"


def svc(image: str = "img:1", *, labels: dict[str, str] | None = None, env: list[dict[str, Any]] | None = None,
        **spec: Any) -> dict[str, Any]:
    container: dict[str, Any] = {"name": "user-container", "image": image}
    if env is not None:
        container["env"] = env
    meta: dict[str, Any] = {"name": "hello", "namespace": "default"}
    if labels is not None:
        meta["labels"] = labels
    return {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": meta,
            "spec": {**spec, "template": {"spec": {"containers": [container]}}}}


def managers(obj: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["manager"], e["operation"]) for e in obj["metadata"].get("managedFields", [])]


def fields_of(obj: dict[str, Any], manager: str, operation: str = "") -> dict[str, Any]:
    for e in obj["metadata"].get("managedFields", []):
        if e["manager"] == manager and (not operation or e["operation"] == operation):
            return dict(e["fieldsV1"])
    raise AssertionError(f"no managedFields entry for {manager}: {managers(obj)}")


def owned(obj: dict[str, Any], manager: str, operation: str = "") -> set[str]:
    return {P.path_string(p) for p in P.fields_from_json(fields_of(obj, manager, operation))}


def recorded(old: dict[str, Any] | None, new: dict[str, Any], manager: str, **kw: Any) -> dict[str, Any]:
    """``new`` with the managed fields update_managed_fields computes, as the API layer stores it."""
    out = copy.deepcopy(new)
    managed = update_managed_fields(old, new, manager, **kw)
    if managed:
        out["metadata"]["managedFields"] = managed
    elif managed is not None:
        out["metadata"].pop("managedFields", None)
    return out


def strip_managed(obj: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    out["metadata"].pop("managedFields", None)
    return out


# -- RFC 7386 -----------------------------------------------------------------------------------

RFC7386 = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
    # section 3's example
    ({"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"},
      "tags": ["example", "sample"], "content": "This will be unchanged"},
     {"title": "Hello!", "phoneNumber": "+01-123-456-7890", "author": {"familyName": None}, "tags": ["example"]},
     {"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"],
      "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"}),
]


@pytest.mark.parametrize(("target", "patch", "want"), RFC7386)
def test_merge_patch_rfc7386_appendix(target: Any, patch: Any, want: Any) -> None:
    before = copy.deepcopy(target)
    assert merge_patch(target, patch) == want
    assert target == before  # inputs are never mutated


def test_merge_patch_result_does_not_alias_target() -> None:
    target = {"a": {"b": [1]}, "c": {"d": 1}}
    result = merge_patch(target, {"c": {"e": 2}})
    result["a"]["b"].append(2)
    assert target == {"a": {"b": [1]}, "c": {"d": 1}}


# -- RFC 6902 -----------------------------------------------------------------------------------

RFC6902_OK = [
    ("A.1 add object member", {"foo": "bar"}, [{"op": "add", "path": "/baz", "value": "qux"}],
     {"baz": "qux", "foo": "bar"}),
    ("A.2 add array element", {"foo": ["bar", "baz"]}, [{"op": "add", "path": "/foo/1", "value": "qux"}],
     {"foo": ["bar", "qux", "baz"]}),
    ("A.3 remove object member", {"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}], {"foo": "bar"}),
    ("A.4 remove array element", {"foo": ["bar", "qux", "baz"]}, [{"op": "remove", "path": "/foo/1"}],
     {"foo": ["bar", "baz"]}),
    ("A.5 replace", {"baz": "qux", "foo": "bar"}, [{"op": "replace", "path": "/baz", "value": "boo"}],
     {"baz": "boo", "foo": "bar"}),
    ("A.6 move value", {"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}},
     [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}],
     {"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}),
    ("A.7 move array element", {"foo": ["all", "grass", "cows", "eat"]},
     [{"op": "move", "from": "/foo/1", "path": "/foo/3"}], {"foo": ["all", "cows", "eat", "grass"]}),
    ("A.8 test success", {"baz": "qux", "foo": ["a", 2, "c"]},
     [{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}],
     {"baz": "qux", "foo": ["a", 2, "c"]}),
    ("A.10 add nested member object", {"foo": "bar"},
     [{"op": "add", "path": "/child", "value": {"grandchild": {}}}], {"foo": "bar", "child": {"grandchild": {}}}),
    ("A.11 ignore unrecognized elements", {"foo": "bar"},
     [{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}], {"foo": "bar", "baz": "qux"}),
    ("A.14 ~ escape ordering", {"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": 10}],
     {"/": 9, "~1": 10}),
    ("A.16 add array value", {"foo": ["bar"]}, [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}],
     {"foo": ["bar", ["abc", "def"]]}),
    ("escaped slash", {"metadata": {"annotations": {}}},
     [{"op": "add", "path": "/metadata/annotations/a.io~1b", "value": "x"}],
     {"metadata": {"annotations": {"a.io/b": "x"}}}),
    ("copy", {"a": {"b": [1]}}, [{"op": "copy", "from": "/a", "path": "/c"}], {"a": {"b": [1]}, "c": {"b": [1]}}),
    ("add replaces an existing member", {"a": 1}, [{"op": "add", "path": "/a", "value": 2}], {"a": 2}),
    ("replace the whole document", {"a": 1}, [{"op": "replace", "path": "", "value": {"b": 2}}], {"b": 2}),
    ("test the whole document", {"a": 1}, [{"op": "test", "path": "", "value": {"a": 1}}], {"a": 1}),
    ("test numbers by value", {"a": 1}, [{"op": "test", "path": "/a", "value": 1.0}], {"a": 1}),
    ("test a missing member against null", {"a": 1}, [{"op": "test", "path": "/b", "value": None}], {"a": 1}),
    # evanphx/json-patch v4 (the apiserver's library) leniencies
    ("v4: replace of a missing member adds it", {"a": 1}, [{"op": "replace", "path": "/b", "value": 2}],
     {"a": 1, "b": 2}),
    ("v4: negative index counts from the end", {"a": [1, 2, 3]}, [{"op": "remove", "path": "/a/-1"}],
     {"a": [1, 2]}),
    ("null patch is no operation", {"a": 1}, None, {"a": 1}),
]


@pytest.mark.parametrize(("name", "doc", "ops", "want"), RFC6902_OK, ids=[c[0] for c in RFC6902_OK])
def test_json_patch_applies(name: str, doc: Any, ops: Any, want: Any) -> None:
    before = copy.deepcopy(doc)
    assert json_patch(doc, ops) == want
    assert doc == before


RFC6902_INVALID = [
    ("A.9 test error", {"baz": "qux"}, [{"op": "test", "path": "/baz", "value": "bar"}],
     "testing value /baz failed: test failed"),
    ("A.12 add to nonexistent target", {"foo": "bar"}, [{"op": "add", "path": "/baz/bat", "value": "qux"}],
     'add operation does not apply: doc is missing path: "/baz/bat": missing value'),
    # A.13: a duplicate "op" member; Go and Python parsers both keep the last one ("remove").
    ("A.13 invalid patch document", {"foo": "bar"},
     json.loads('[{"op": "add", "path": "/baz", "value": "qux", "op": "remove"}]'),
     "error in remove for path: '/baz': Unable to remove nonexistent key: baz: missing value"),
    ("A.15 strings are not numbers", {"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": "10"}],
     "testing value /~01 failed: test failed"),
    ("missing parent", {"spec": {}}, [{"op": "add", "path": "/spec/x/y", "value": 1}],
     'add operation does not apply: doc is missing path: "/spec/x/y": missing value'),
    ("remove missing", {"spec": {}}, [{"op": "remove", "path": "/spec/x"}],
     "error in remove for path: '/spec/x': Unable to remove nonexistent key: x: missing value"),
    ("remove under missing parent", {"spec": {}}, [{"op": "remove", "path": "/spec/x/y"}],
     'remove operation does not apply: doc is missing path: "/spec/x/y": missing value'),
    ("add beyond the end", {"a": [1]}, [{"op": "add", "path": "/a/3", "value": 2}],
     "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced"),
    ("add at a non-index", {"a": [1]}, [{"op": "add", "path": "/a/x", "value": 2}],
     "error in add for path: '/a/x': value was not a proper array index: 'x': "
     'strconv.Atoi: parsing "x": invalid syntax'),
    ("replace beyond the end", {"a": [1]}, [{"op": "replace", "path": "/a/1", "value": 2}],
     "replace operation does not apply: doc is missing key: /a/1: missing value"),
    ("replace under missing parent", {}, [{"op": "replace", "path": "/a/b", "value": 2}],
     "replace operation does not apply: doc is missing path: /a/b: missing value"),
    ("move from missing", {"a": 1}, [{"op": "move", "from": "/x", "path": "/y"}],
     "error in move for path: 'x': Unable to remove nonexistent key: x: missing value"),
    ("move to missing parent", {"a": 1}, [{"op": "move", "from": "/a", "path": "/x/y"}],
     "move operation does not apply: doc is missing destination path: /x/y: missing value"),
    ("copy to missing parent", {"a": 1}, [{"op": "copy", "from": "/a", "path": "/x/y"}],
     "copy operation does not apply: doc is missing destination path: /x/y: missing value"),
    ("copy from missing parent", {"a": 1}, [{"op": "copy", "from": "/x/y", "path": "/b"}],
     "copy operation does not apply: doc is missing from path: /x/y: missing value"),
    ("test under missing parent", {"a": 1}, [{"op": "test", "path": "/x/y", "value": 1}],
     "test operation does not apply: is missing path: /x/y: missing value"),
    ("test missing member", {"a": 1}, [{"op": "test", "path": "/b", "value": 1}],
     "testing value /b failed: test failed"),
    ("unknown op", {"a": 1}, [{"op": "merge", "path": "/a"}], "Unexpected kind: merge"),
    ("op missing", {"a": 1}, [{"path": "/a"}], "Unexpected kind: unknown"),
    ("add without path", {"a": 1}, [{"op": "add", "value": 1}], "add operation failed to decode path: missing value"),
    ("replace without path", {"a": 1}, [{"op": "replace", "value": 1}],
     "replace operation failed to decode path: operation missing path field: missing value"),
    ("path not a string", {"a": 1}, [{"op": "test", "path": 5, "value": 1}],
     "test operation failed to decode path: json: cannot unmarshal number into Go value of type string"),
    ("move without from", {"a": 1}, [{"op": "move", "path": "/b"}],
     "move operation failed to decode from: operation, missing from field: missing value"),
    ("a failing op rolls back earlier ones", {"a": 1},
     [{"op": "add", "path": "/b", "value": 2}, {"op": "test", "path": "/a", "value": 2}],
     "testing value /a failed: test failed"),
]


@pytest.mark.parametrize(("name", "doc", "ops", "detail"), RFC6902_INVALID, ids=[c[0] for c in RFC6902_INVALID])
def test_json_patch_errors_are_422_invalid(name: str, doc: Any, ops: Any, detail: str) -> None:
    before = copy.deepcopy(doc)
    with pytest.raises(PatchError) as info:
        json_patch(doc, ops)
    err = info.value
    assert (err.reason, err.code, err.message, err.detail) == ("Invalid", 422, INVALID_MESSAGE, detail)
    assert doc == before
    assert err.status() == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                            "message": INVALID_MESSAGE, "reason": "Invalid", "code": 422}


@pytest.mark.parametrize(("ops", "message"), [
    ({"op": "add"}, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
    ("x", "json: cannot unmarshal string into Go value of type jsonpatch.Patch"),
    (["add"], "json: cannot unmarshal string into Go value of type jsonpatch.Operation"),
])
def test_json_patch_malformed_is_bad_request(ops: Any, message: str) -> None:
    with pytest.raises(PatchError) as info:
        json_patch({}, ops)
    assert (info.value.reason, info.value.code, info.value.message) == ("BadRequest", 400, message)


def test_json_patch_operation_limit() -> None:
    ops = [{"op": "test", "path": "/a", "value": 1}] * (P.MAX_JSON_PATCH_OPERATIONS + 1)
    with pytest.raises(PatchError) as info:
        json_patch({"a": 1}, ops)
    assert info.value.reason == "RequestEntityTooLarge" and info.value.code == 413


# -- strategic merge patch -----------------------------------------------------------------------

DEPLOY: dict[str, Any] = {
    "metadata": {"name": "d", "labels": {"app": "x", "tier": "web"}, "finalizers": ["a", "b"]},
    "spec": {
        "replicas": 1,
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}},
        "template": {"spec": {"containers": [
            {"name": "app", "image": "app:1", "args": ["--a"],
             "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
            {"name": "sidecar", "image": "side:1"},
        ]}},
    },
}


def containers(*items: dict[str, Any]) -> dict[str, Any]:
    return {"spec": {"template": {"spec": {"containers": list(items)}}}}


def with_containers(*items: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(DEPLOY)
    out["spec"]["template"]["spec"]["containers"] = list(items)
    return out


APP: dict[str, Any] = DEPLOY["spec"]["template"]["spec"]["containers"][0]
SIDECAR: dict[str, Any] = DEPLOY["spec"]["template"]["spec"]["containers"][1]


def changed(path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(DEPLOY)
    *parents, last = path.split(".")
    node: Any = out
    for p in parents:
        node = node[p]
    if value is None:
        node.pop(last)
    else:
        node[last] = value
    return out


SMP_CASES = [
    ("container merged by name", containers({"name": "app", "image": "app:2"}),
     with_containers({**APP, "image": "app:2"}, SIDECAR)),
    ("new container goes before the server-only ones", containers({"name": "new", "image": "n:1"}),
     with_containers({"name": "new", "image": "n:1"}, APP, SIDECAR)),
    ("env replaced by name", containers({"name": "app", "env": [{"name": "B", "value": "3"}]}),
     with_containers({**APP, "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "3"}]}, SIDECAR)),
    ("env added", containers({"name": "app", "env": [{"name": "C", "value": "3"}]}),
     with_containers({**APP, "env": [{"name": "C", "value": "3"}, {"name": "A", "value": "1"},
                                     {"name": "B", "value": "2"}]}, SIDECAR)),
    ("env deleted with $patch: delete", containers({"name": "app", "env": [{"name": "A", "$patch": "delete"}]}),
     with_containers({**APP, "env": [{"name": "B", "value": "2"}]}, SIDECAR)),
    ("container deleted with $patch: delete", containers({"name": "sidecar", "$patch": "delete"}),
     with_containers(APP)),
    ("list replaced with a $patch: replace element",
     containers({"name": "only", "image": "o:1"}, {"$patch": "replace"}),
     with_containers({"name": "only", "image": "o:1"})),
    ("atomic list (args) is replaced", containers({"name": "app", "args": ["--b"]}),
     with_containers({**APP, "args": ["--b"]}, SIDECAR)),
    ("null deletes a field", containers({"name": "app", "args": None}),
     with_containers({k: v for k, v in APP.items() if k != "args"}, SIDECAR)),
    ("null deletes a map entry", {"metadata": {"labels": {"tier": None}}}, changed("metadata.labels", {"app": "x"})),
    ("nulls inside new values are dropped", {"spec": {"extra": {"a": None, "b": 1}}}, changed("spec.extra", {"b": 1})),
    ("finalizers are a set (union, new first)", {"metadata": {"finalizers": ["c", "a"]}},
     changed("metadata.finalizers", ["c", "a", "b"])),
    ("$deleteFromPrimitiveList", {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}},
     changed("metadata.finalizers", ["b"])),
    ("$deleteFromPrimitiveList of an absent list", {"spec": {"$deleteFromPrimitiveList/nothing": ["a"]}}, DEPLOY),
    ("$setElementOrder on primitives", {"metadata": {"$setElementOrder/finalizers": ["b", "a"]}},
     changed("metadata.finalizers", ["b", "a"])),
    ("$setElementOrder on containers with an addition",
     {"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "sidecar"}, {"name": "new"}, {"name": "app"}],
                                     "containers": [{"name": "new", "image": "n:1"}]}}}},
     with_containers(SIDECAR, {"name": "new", "image": "n:1"}, APP)),
    ("kubectl's delete + order patch",
     {"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "app"}],
                                     "containers": [{"name": "sidecar", "$patch": "delete"}]}}}},
     with_containers(APP)),
    ("$patch: replace on a map", {"spec": {"strategy": {"$patch": "replace", "type": "Recreate"}}},
     changed("spec.strategy", {"type": "Recreate"})),
    ("$patch: delete on a map empties it", {"spec": {"strategy": {"$patch": "delete"}}},
     changed("spec.strategy", {})),
    ("$patch: merge is the default", {"spec": {"strategy": {"$patch": "merge", "type": "Recreate"}}},
     changed("spec.strategy", {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}})),
    ("$retainKeys clears the other keys", {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}},
     changed("spec.strategy", {"type": "Recreate"})),
    ("no schema: lists are replaced", {"spec": {"extra": {"list": [3]}}},
     changed("spec.extra", {"list": [3]})),
    ("type change replaces", {"spec": {"replicas": {"x": 1}}}, changed("spec.replicas", {"x": 1})),
    ("$patch: delete of an absent map is a no-op", {"status": {"$patch": "delete"}}, DEPLOY),
]


@pytest.mark.parametrize(("name", "patch", "want"), SMP_CASES, ids=[c[0] for c in SMP_CASES])
def test_strategic_merge_patch(name: str, patch: dict[str, Any], want: dict[str, Any]) -> None:
    original = copy.deepcopy(DEPLOY)
    before = copy.deepcopy(patch)
    assert strategic_merge_patch(original, patch, SCHEMA) == want
    assert original == DEPLOY and patch == before


def test_strategic_merge_patch_without_schema_is_a_merge_patch() -> None:
    original = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    patch = {"a": {"b": None, "c": [3]}, "e": {"f": None}}
    assert strategic_merge_patch(original, patch, None) == merge_patch(original, patch)


SMP_ERRORS = [
    ("missing merge key", containers({"image": "x"}), "BadRequest",
     "map: map[image:x] does not contain declared merge key: name"),
    ("delete without merge key", containers({"$patch": "delete"}), "BadRequest",
     "map: map[$patch:delete] does not contain declared merge key: name"),
    ("unknown directive in a map", {"spec": {"$patch": "bogus"}}, "BadRequest",
     "unknown patch type: bogus in map: map[$patch:bogus]"),
    ("unknown directive in a list", containers({"name": "app", "$patch": "bogus"}), "BadRequest",
     "unknown patch type: bogus in map: map[$patch:bogus name:app]"),
    ("retainKeys not a list", {"spec": {"strategy": {"$retainKeys": "type"}}}, "BadRequest",
     "invalid patch format of retainKeys"),
    ("content outside retainKeys", {"spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": {}}}},
     "Invalid", "patch content doesn't match retainKeys list"),
    ("setElementOrder not matching the patch",
     {"metadata": {"$setElementOrder/finalizers": ["a"], "finalizers": ["z"]}}, "BadRequest",
     "The order in patch list:\n[z]\n doesn't match $setElementOrder list:\n[a]\n"),
    ("bad directive key", {"metadata": {"$deleteFromPrimitiveList": ["a"]}}, "BadRequest",
     "invalid patch format of primitive list"),
    ("patch is not an object", ["a"], "BadRequest",
     "json: cannot unmarshal array into Go value of type map[string]interface {}"),
]


@pytest.mark.parametrize(("name", "patch", "reason", "detail"), SMP_ERRORS, ids=[c[0] for c in SMP_ERRORS])
def test_strategic_merge_patch_errors(name: str, patch: Any, reason: str, detail: str) -> None:
    with pytest.raises(PatchError) as info:
        strategic_merge_patch(DEPLOY, patch, SCHEMA)
    assert (info.value.reason, info.value.detail) == (reason, detail)


# -- server-side apply ---------------------------------------------------------------------------

APPLY_CREATE_FIELDS = {
    "f:metadata": {"f:labels": {"f:app": {}}},
    "f:spec": {
        "f:replicas": {},
        "f:template": {"f:spec": {"f:containers": {
            'k:{"name":"user-container"}': {
                ".": {}, "f:env": {'k:{"name":"A"}': {".": {}, "f:name": {}, "f:value": {}}},
                "f:image": {}, "f:name": {}},
        }}},
    },
}


def test_apply_create_records_ownership() -> None:
    config = svc(labels={"app": "x"}, env=[{"name": "A", "value": "1"}], replicas=2)
    obj, conflicts = apply_patch(None, config, "kubectl", SCHEMA, False, T0)
    assert conflicts == []
    assert strip_managed(obj) == config
    assert obj["metadata"]["managedFields"] == [{
        "manager": "kubectl", "operation": "Apply", "apiVersion": "serving.knative.dev/v1", "time": T0,
        "fieldsType": "FieldsV1", "fieldsV1": APPLY_CREATE_FIELDS}]


def test_apply_unchanged_is_a_no_op() -> None:
    config = svc(labels={"app": "x"})
    obj, _ = apply_patch(None, config, "kubectl", SCHEMA, False, T0)
    again, conflicts = apply_patch(obj, config, "kubectl", SCHEMA, False, T1)
    assert conflicts == [] and again == obj  # time included: nothing changed


REMOVALS = [
    ("label", svc(labels={"app": "x", "tier": "web"}), svc(labels={"app": "x"})),
    ("all labels", svc(labels={"app": "x"}), svc()),
    ("env var", svc(env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]),
     svc(env=[{"name": "B", "value": "2"}])),
    ("scalar field", svc(replicas=3), svc()),
    ("nested struct", svc(strategy={"type": "Recreate"}), svc()),
]


@pytest.mark.parametrize(("name", "first", "second"), REMOVALS, ids=[c[0] for c in REMOVALS])
def test_apply_drops_fields_the_applier_stopped_sending(name: str, first: dict[str, Any],
                                                         second: dict[str, Any]) -> None:
    obj, _ = apply_patch(None, first, "kubectl", SCHEMA, False, T0)
    obj, conflicts = apply_patch(obj, second, "kubectl", SCHEMA, False, T1)
    assert conflicts == []
    assert strip_managed(obj) == second
    assert obj["metadata"]["managedFields"][0]["time"] == T1


def test_apply_keeps_fields_of_other_managers() -> None:
    obj, _ = apply_patch(None, svc(), "kubectl", SCHEMA, False, T0)
    labelled = copy.deepcopy(obj)
    labelled["metadata"]["labels"] = {"team": "a"}
    obj = recorded(obj, labelled, "kubectl-label", now=T1, schema=SCHEMA)
    obj, conflicts = apply_patch(obj, svc(image="img:2"), "kubectl", SCHEMA, False, T2)
    assert conflicts == []
    assert obj["metadata"]["labels"] == {"team": "a"}
    assert obj["spec"]["template"]["spec"]["containers"][0]["image"] == "img:2"
    assert managers(obj) == [("kubectl", "Apply"), ("kubectl-label", "Update")]


def test_apply_two_managers_share_a_field() -> None:
    obj, _ = apply_patch(None, svc(replicas=2), "alice", SCHEMA, False, T0)
    obj, conflicts = apply_patch(obj, svc(replicas=2), "bob", SCHEMA, False, T1)
    assert conflicts == []  # same value: shared ownership, no conflict
    assert ".spec.replicas" in owned(obj, "alice") and ".spec.replicas" in owned(obj, "bob")
    obj, conflicts = apply_patch(obj, svc(), "alice", SCHEMA, False, T2)
    assert conflicts == []
    assert obj["spec"]["replicas"] == 2  # still owned by bob
    assert ".spec.replicas" not in owned(obj, "alice")
    obj, _ = apply_patch(obj, svc(), "bob", SCHEMA, False, T3)
    assert "replicas" not in obj["spec"]  # nobody owns it any more


def edited_by(obj: dict[str, Any], manager: str, image: str, now: str, crd: bool = False) -> dict[str, Any]:
    new = copy.deepcopy(obj)
    new["spec"]["template"]["spec"]["containers"][0]["image"] = image
    return recorded(obj, new, manager, now=now, schema=SCHEMA, crd=crd)


def test_apply_conflict_without_force() -> None:
    obj = recorded(None, svc(), "kubectl-client-side-apply", now=T0, schema=SCHEMA)
    result, conflicts = apply_patch(obj, svc(image="img:2"), "kubectl", SCHEMA, False, T1)
    assert result == obj  # nothing changes
    assert [(c.manager, c.operation, c.path) for c in conflicts] == [
        ("kubectl-client-side-apply", "Update", '.spec.template.spec.containers[name="user-container"].image')]
    message = ('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using '
               'serving.knative.dev/v1: .spec.template.spec.containers[name="user-container"].image')
    assert format_conflicts(conflicts) == message == P.render_conflicts(conflicts, "serving.knative.dev/v1")
    err = conflict_error(conflicts)
    assert err.status() == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
        "reason": "Conflict", "code": 409, "details": {"causes": [{
            "reason": "FieldManagerConflict",
            "message": 'conflict with "kubectl-client-side-apply" using serving.knative.dev/v1',
            "field": '.spec.template.spec.containers[name="user-container"].image'}]}}


def test_apply_conflicts_grouped_by_manager() -> None:
    obj, _ = apply_patch(None, svc(replicas=1), "alice", SCHEMA, False, T0)
    obj = edited_by(obj, "kubectl-edit", "img:9", T1)
    _, conflicts = apply_patch(obj, svc(image="img:2", replicas=5), "bob", SCHEMA, False, T2)
    assert format_conflicts(conflicts) == (
        'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.replicas\n'
        'conflicts with "kubectl-edit" using serving.knative.dev/v1:\n'
        '- .spec.template.spec.containers[name="user-container"].image')


def test_apply_force_takes_ownership() -> None:
    obj = recorded(None, svc(), "kubectl-client-side-apply", now=T0, schema=SCHEMA)
    obj, conflicts = apply_patch(obj, svc(image="img:2"), "kubectl", SCHEMA, True, T1)
    assert conflicts == []
    assert obj["spec"]["template"]["spec"]["containers"][0]["image"] == "img:2"
    image = '.spec.template.spec.containers[name="user-container"].image'
    assert image in owned(obj, "kubectl", "Apply")
    assert image not in owned(obj, "kubectl-client-side-apply")
    assert '.spec.template.spec.containers[name="user-container"].name' in owned(obj, "kubectl-client-side-apply")


def test_update_managed_fields_on_create_and_update() -> None:
    created = recorded(None, svc(labels={"app": "x"}), "kubectl-create", now=T0, schema=SCHEMA)
    assert created["metadata"]["managedFields"] == [{
        "manager": "kubectl-create", "operation": "Update", "apiVersion": "serving.knative.dev/v1", "time": T0,
        "fieldsType": "FieldsV1", "fieldsV1": {
            "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
            "f:spec": {".": {}, "f:template": {".": {}, "f:spec": {".": {}, "f:containers": {
                ".": {}, 'k:{"name":"user-container"}': {".": {}, "f:image": {}, "f:name": {}}}}}},
        }}]
    edited = edited_by(created, "kubectl-edit", "img:2", T1)
    image = '.spec.template.spec.containers[name="user-container"].image'
    assert managers(edited) == [("kubectl-create", "Update"), ("kubectl-edit", "Update")]
    assert owned(edited, "kubectl-edit") == {image}
    assert image not in owned(edited, "kubectl-create")
    # the same manager again: its entry grows, its time moves
    again = copy.deepcopy(edited)
    again["spec"]["replicas"] = 3
    again = recorded(edited, again, "kubectl-edit", now=T2, schema=SCHEMA)
    assert owned(again, "kubectl-edit") == {image, ".spec.replicas"}
    assert [e["time"] for e in again["metadata"]["managedFields"]] == [T0, T2]
    # a no-op update changes nothing
    assert recorded(again, again, "kubectl-edit", now=T3, schema=SCHEMA) == again


def test_update_removal_drops_ownership_everywhere() -> None:
    obj = recorded(None, svc(labels={"app": "x"}), "kubectl-create", now=T0, schema=SCHEMA)
    new = copy.deepcopy(obj)
    del new["metadata"]["labels"]
    obj = recorded(obj, new, "kubectl-edit", now=T1, schema=SCHEMA)
    assert managers(obj) == [("kubectl-create", "Update")]
    assert not any(p.startswith(".metadata.labels") for p in owned(obj, "kubectl-create"))


def test_update_of_an_untracked_object_stays_untracked() -> None:
    assert update_managed_fields(svc(), svc(image="img:2"), "kubectl-edit", "Update", "", T0, SCHEMA) is None


def test_update_managed_fields_can_be_cleared() -> None:
    obj = recorded(None, svc(), "kubectl-create", now=T0, schema=SCHEMA)
    new = copy.deepcopy(obj)
    new["metadata"]["managedFields"] = [{}]
    assert update_managed_fields(obj, new, "kubectl-patch", "Update", "", T1, SCHEMA) == []


def test_update_takes_managed_fields_the_client_changed() -> None:
    obj = recorded(None, svc(), "kubectl-create", now=T0, schema=SCHEMA)
    moved = copy.deepcopy(obj)
    moved["metadata"]["managedFields"][0].update(manager="kubectl", operation="Apply")
    assert update_managed_fields(obj, moved, "kubectl", "Update", "", T1, SCHEMA) == moved["metadata"]["managedFields"]


def test_update_keeps_stored_fields_when_client_sends_none() -> None:
    obj = recorded(None, svc(), "kubectl-create", now=T0, schema=SCHEMA)
    new = strip_managed(obj)
    new["spec"]["replicas"] = 2
    out = recorded(obj, new, "kubectl-replace", now=T1, schema=SCHEMA)
    assert managers(out) == [("kubectl-create", "Update"), ("kubectl-replace", "Update")]


def test_update_rejects_apply_operation() -> None:
    with pytest.raises(ValueError):
        recorded(None, svc(), "x", operation="Apply")


def test_apply_to_an_unowned_object_conflicts_with_before_first_apply() -> None:
    _, conflicts = apply_patch(svc(), svc(image="img:2"), "kubectl", SCHEMA, False, T0)
    assert [(c.manager, c.path) for c in conflicts] == [
        ("before-first-apply", '.spec.template.spec.containers[name="user-container"].image')]
    obj, _ = apply_patch(svc(), svc(image="img:2"), "kubectl", SCHEMA, True, T0)
    assert managers(obj) == [("kubectl", "Apply"), ("before-first-apply", "Update")]


def test_apply_atomic_list_replaced_whole_and_owned_as_one_field() -> None:
    first = svc()
    first["spec"]["template"]["spec"]["containers"][0]["args"] = ["--a", "--b"]
    obj, _ = apply_patch(None, first, "kubectl", SCHEMA, False, T0)
    second = svc()
    second["spec"]["template"]["spec"]["containers"][0]["args"] = ["--c"]
    obj, _ = apply_patch(obj, second, "kubectl", SCHEMA, False, T1)
    assert obj["spec"]["template"]["spec"]["containers"][0]["args"] == ["--c"]
    assert '.spec.template.spec.containers[name="user-container"].args' in owned(obj, "kubectl")


def test_apply_merges_list_items_by_key_and_keeps_live_order() -> None:
    obj, _ = apply_patch(None, svc(env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]),
                         "alice", SCHEMA, False, T0)
    obj, _ = apply_patch(obj, svc(env=[{"name": "C", "value": "3"}]), "bob", SCHEMA, False, T1)
    assert obj["spec"]["template"]["spec"]["containers"][0]["env"] == [
        {"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "C", "value": "3"}]


def test_apply_reorders_shared_items_like_structured_merge_diff() -> None:
    env = [{"name": n, "value": n} for n in "abc"]
    obj, _ = apply_patch(None, svc(env=env), "alice", SCHEMA, False, T0)
    obj, _ = apply_patch(obj, svc(env=[env[2], env[0]]), "bob", SCHEMA, False, T1)
    assert [e["name"] for e in obj["spec"]["template"]["spec"]["containers"][0]["env"]] == ["b", "c", "a"]


def test_apply_set_list_and_map_type_atomic() -> None:
    config = svc(selector={"app": "x"})
    config["metadata"]["finalizers"] = ["a.io/f"]
    obj, _ = apply_patch(None, config, "kubectl", SCHEMA, False, T0)
    fields = fields_of(obj, "kubectl")
    assert fields["f:metadata"]["f:finalizers"] == {'v:"a.io/f"': {}}
    assert fields["f:spec"]["f:selector"] == {}
    obj, _ = apply_patch(obj, svc(selector={"tier": "y"}), "kubectl", SCHEMA, False, T1)
    assert obj["spec"]["selector"] == {"tier": "y"}  # atomic map replaced as a whole
    assert "finalizers" not in obj["metadata"]


def test_apply_list_map_keys_with_default() -> None:
    config = svc()
    config["spec"]["template"]["spec"]["containers"][0]["ports"] = [{"containerPort": 8080}]
    obj, _ = apply_patch(None, config, "kubectl", SCHEMA, False, T0)
    ports = fields_of(obj, "kubectl")["f:spec"]["f:template"]["f:spec"]["f:containers"][
        'k:{"name":"user-container"}']["f:ports"]
    assert ports == {'k:{"containerPort":8080,"protocol":"TCP"}': {".": {}, "f:containerPort": {}}}


def test_apply_null_removes_and_free_objects_are_granular() -> None:
    obj, _ = apply_patch(None, svc(extra={"a": 1, "b": {"c": 2}}), "kubectl", SCHEMA, False, T0)
    assert fields_of(obj, "kubectl")["f:spec"]["f:extra"] == {"f:a": {}, "f:b": {".": {}, "f:c": {}}}
    obj, _ = apply_patch(obj, svc(extra={"a": None}), "kubectl", SCHEMA, False, T1)
    assert obj["spec"]["extra"] == {}


def test_apply_reset_fields_are_neither_applied_nor_owned() -> None:
    live, _ = apply_patch(None, svc(), "kubectl", SCHEMA, False, T0)
    live["status"] = {"ready": True}
    config = svc(image="img:2")
    config["status"] = {"ready": False}
    obj, _ = apply_patch(live, config, "kubectl", SCHEMA, False, T1, reset_fields=("status",))
    assert obj["status"] == {"ready": True}
    assert "f:status" not in fields_of(obj, "kubectl")


def test_apply_status_subresource_manager_is_separate() -> None:
    obj, _ = apply_patch(None, svc(), "ctrl", SCHEMA, False, T0)
    status: dict[str, Any] = {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
              "metadata": {"name": "hello", "namespace": "default"}, "status": {"url": "http://x"}}
    obj, _ = apply_patch(obj, status, "ctrl", SCHEMA, False, T1, subresource="status")
    entries = obj["metadata"]["managedFields"]
    assert [(e["manager"], e.get("subresource", "")) for e in entries] == [("ctrl", ""), ("ctrl", "status")]
    assert obj["spec"] == svc()["spec"]  # applying status did not prune spec
    other = copy.deepcopy(status)
    other["status"]["url"] = "http://y"
    _, conflicts = apply_patch(obj, other, "someone", SCHEMA, False, T2, subresource="status")
    assert format_conflicts(conflicts) == (
        'Apply failed with 1 conflict: conflict with "ctrl" with subresource "status": .status.url')


@pytest.mark.parametrize(("config", "message"), [
    ({**svc(), "metadata": {"name": "hello", "managedFields": []}}, "metadata.managedFields must be nil"),
    ({**svc(), "spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}},
     "failed to create typed patch object: .spec.template.spec.containers: element 0: associative list "
     'with keys has an element that omits key field "name" (and doesn\'t have default value)'),
    ({**svc(), "spec": {"template": {"spec": {"containers": [{"name": "a"}, {"name": "a"}]}}}},
     'failed to create typed patch object: .spec.template.spec.containers: duplicate entries for key [name="a"]'),
    ([], "json: cannot unmarshal array into Go value of type map[string]interface {}"),
])
def test_apply_rejects_bad_configs(config: Any, message: str) -> None:
    with pytest.raises(PatchError) as info:
        apply_patch(None, config, "kubectl", SCHEMA, False, T0)
    assert (info.value.reason, info.value.message) == ("BadRequest", message)


def test_apply_crd_lists_are_atomic_unless_list_type_says_otherwise() -> None:
    config = svc()
    del config["spec"]["template"]["spec"]["containers"][0]["name"]  # Knative defaults the name later
    config["metadata"]["finalizers"] = ["a.io/f"]
    obj, _ = apply_patch(None, config, "kubectl", SCHEMA, False, T0, crd=True)
    fields = fields_of(obj, "kubectl")
    assert fields["f:spec"]["f:template"]["f:spec"] == {"f:containers": {}}
    assert fields["f:metadata"]["f:finalizers"] == {'v:"a.io/f"': {}}  # ObjectMeta keeps its semantics
    obj = edited_by(obj, "kn", "img:2", T1, crd=True)
    _, conflicts = apply_patch(obj, config, "kubectl", SCHEMA, False, T2, crd=True)
    assert [c.path for c in conflicts] == [".spec.template.spec.containers"]
    assert P.crd_schema(SCHEMA) is P.crd_schema(SCHEMA)


def test_apply_by_kubectl_keeps_last_applied_annotation_in_sync() -> None:
    live = svc()
    live["metadata"]["annotations"] = {"kubectl.kubernetes.io/last-applied-configuration": "{}\n", "x": "y"}
    live = recorded(None, live, "kubectl-client-side-apply", now=T0, schema=SCHEMA)
    obj, _ = apply_patch(live, svc(), "kubectl", SCHEMA, False, T1)
    expected = json.dumps(svc(), sort_keys=True, separators=(",", ":")) + "\n"
    assert obj["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] == expected
    other, _ = apply_patch(live, svc(), "my-tool", SCHEMA, False, T1)
    assert other["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] == "{}\n"


def test_update_managers_are_capped_at_ten() -> None:
    obj = recorded(None, svc(), "creator", now="2024-05-01T09:00:00Z", schema=SCHEMA)
    for i in range(12):
        new = copy.deepcopy(obj)
        new["metadata"].setdefault("labels", {})[f"l{i}"] = "v"
        obj = recorded(obj, new, f"m{i:02d}", now=f"2024-05-01T10:{i:02d}:00Z", schema=SCHEMA)
    names = [m for m, _ in managers(obj)]
    assert len(names) == 10 and "ancient-changes" in names and "creator" not in names
    assert {".metadata.labels.l0", ".metadata.labels.l1"} <= owned(obj, "ancient-changes")


# -- fieldsV1 encoding ---------------------------------------------------------------------------

FIELDS_ROUND_TRIP = [
    {"f:a": {}, "f:b": {".": {}, "f:c": {}}},
    {"f:spec": {"f:ports": {'k:{"containerPort":80,"protocol":"TCP"}': {".": {}, "f:name": {}}}}},
    {"f:metadata": {"f:finalizers": {'v:"a"': {}, "v:1": {}, "v:true": {}}}},
    {"f:list": {"i:0": {}, "i:2": {".": {}, "f:x": {}}}},
]


@pytest.mark.parametrize("fields", FIELDS_ROUND_TRIP)
def test_fields_v1_round_trip(fields: dict[str, Any]) -> None:
    parsed = P.fields_from_json(fields)
    assert P.fields_to_json(parsed) == fields
    assert list(P.fields_to_json(parsed)) == list(fields)  # key order is SMD's sort order


def test_fields_v1_ignores_unknown_keys() -> None:
    assert P.fields_from_json({"x:y": {}, "f:a": {"k:not-json": {}}}) == {(("f", "a"),)}


def test_path_strings() -> None:
    paths = P.fields_from_json({"f:spec": {"f:ports": {'k:{"containerPort":80,"protocol":"TCP"}': {}},
                                           "f:set": {'v:"x"': {}}, "f:l": {"i:3": {}}}})
    assert sorted(P.path_string(p) for p in paths) == [
        ".spec.l[3]", '.spec.ports[containerPort=80,protocol="TCP"]', '.spec.set[="x"]']
