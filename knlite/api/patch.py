"""The API server's PATCH engines: JSON merge patch, JSON patch, strategic merge patch and
server-side apply, plus the managed-fields bookkeeping that makes apply conflicts work.

kubectl never sends whole objects when it changes one: ``kubectl patch``/``edit``/client-side
``apply`` send a JSON merge patch (RFC 7386), a JSON patch (RFC 6902) or a Kubernetes strategic
merge patch (SMP, merge lists by key, ``$patch`` directives, ``$setElementOrder``...), and
``kubectl apply --server-side`` sends the whole desired config and lets the server merge it
with structured-merge-diff (SSA), which records per-field ownership in
``metadata.managedFields``. Users see the result of every engine (list order, what was
deleted, which conflict was reported), so each one follows the Go code the real apiserver runs
rather than a clean-room reading of the RFC:

* :func:`merge_patch` is RFC 7386, as evanphx/json-patch implements it.
* :func:`json_patch` is RFC 6902 as evanphx/json-patch v4 applies it for the apiserver, with
  its messages and its leniencies (``replace`` of a missing member adds it, negative indices
  count from the end). Apply failures are ``422 Invalid`` with the generic message, the
  library's own text kept in :attr:`PatchError.detail`.
* :func:`strategic_merge_patch` ports ``k8s.io/apimachinery/pkg/util/strategicpatch``'s
  server side (``mergeMap``), reading ``x-kubernetes-patch-strategy``/``-merge-key`` from the
  kind's OpenAPI schema. Items new to a merged list are placed the way the apiserver places
  them (before the remaining server-only items), which is why ``kubectl patch`` adding an env
  var shows it first.
* :func:`apply_patch` and :func:`update_managed_fields` port the parts of
  ``sigs.k8s.io/structured-merge-diff`` and the apiserver's field manager that kubectl can
  observe: field sets in ``FieldsV1`` (``f:``/``k:``/``v:`` keys, ``.`` for a node that is
  owned and has children), merge of associative lists, pruning of fields an applier stopped
  sending, conflicts against other managers, ``force``, manager identity (Apply managers
  keyed by name, Update managers by name and apiVersion), the ten-Update-manager cap and the
  sync of kubectl's last-applied annotation.

Field sets are plain Python sets of paths (tuples of path elements), so SMD's set algebra
(union, difference, "ensure named fields are members") is ordinary set arithmetic.
Everything here is pure: inputs are never mutated and no I/O happens. Deliberate departures
from the apiserver: SMP errors it answers as a bare 500 (a missing merge key, say) are
``400 BadRequest`` here with the same text, and ``$patch: merge`` is accepted as a no-op.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from knlite.apis.schema import (
    INT_OR_STRING,
    LIST_MAP_KEYS,
    LIST_TYPE,
    MERGE_KEY,
    PATCH_STRATEGY,
    Schema,
)

__all__ = [
    "INVALID_MESSAGE",
    "MAX_JSON_PATCH_OPERATIONS",
    "Conflict",
    "PatchError",
    "apply_patch",
    "conflict_error",
    "crd_schema",
    "field_set",
    "fields_from_json",
    "fields_to_json",
    "format_conflicts",
    "json_patch",
    "merge_patch",
    "path_string",
    "render_conflicts",
    "strategic_merge_patch",
    "update_managed_fields",
]

# -- errors ------------------------------------------------------------------------------------

_CODES = {"BadRequest": 400, "Conflict": 409, "RequestEntityTooLarge": 413, "Invalid": 422}

#: What the apiserver answers (422) when a JSON patch or an SMP directive cannot be applied.
INVALID_MESSAGE = "the server rejected our request due to an error in our request"

#: The apiserver refuses JSON patches with more operations than this.
MAX_JSON_PATCH_OPERATIONS = 10000


class PatchError(Exception):
    """A patch that cannot be applied, with the Status ``reason`` the apiserver answers.

    ``reason`` is ``BadRequest`` (malformed patch), ``Invalid`` (well-formed but does not apply,
    e.g. a failing ``test``), ``Conflict`` (server-side apply conflicts, see ``causes``) or
    ``RequestEntityTooLarge``. ``detail`` keeps the engine's own explanation when the apiserver
    answers a generic message (JSON patch failures); ``causes`` are Status causes.
    """

    def __init__(self, message: str, reason: str = "BadRequest", *, detail: str = "",
                 causes: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        if reason not in _CODES:
            raise ValueError(f"unknown reason {reason!r}")
        self.message = message
        self.reason = reason
        self.code = _CODES[reason]
        self.detail = detail or message
        self.causes = list(causes or [])

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"PatchError({self.message!r}, {self.reason!r}, detail={self.detail!r})"

    def status(self) -> dict[str, Any]:
        """The error as a Kubernetes ``Status`` object."""
        out: dict[str, Any] = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                               "message": self.message, "reason": self.reason, "code": self.code}
        if self.causes:
            out["details"] = {"causes": [dict(c) for c in self.causes]}
        return out


def _invalid(detail: str) -> PatchError:
    return PatchError(INVALID_MESSAGE, "Invalid", detail=detail)


# -- JSON helpers ------------------------------------------------------------------------------


def _json_equal(a: Any, b: Any) -> bool:
    """JSON equality: numbers compare by value, booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _go_kind(v: Any) -> str:
    """The JSON kind name Go's encoding/json uses in unmarshal errors."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def _gofmt(v: Any) -> str:
    """Render a JSON value as Go's ``%v`` does for ``interface{}`` (used in SMP messages)."""
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, list):
        return "[" + " ".join(_gofmt(x) for x in v) + "]"
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{_gofmt(v[k])}" for k in sorted(v)) + "]"
    return str(v)


def _go_json(v: Any) -> str:
    """Compact JSON as Go's encoding/json writes it (HTML characters escaped)."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _drop_nulls(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _drop_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_drop_nulls(x) for x in v]
    return v


# -- JSON merge patch (RFC 7386) ---------------------------------------------------------------


def merge_patch(target: Any, patch: Any) -> Any:
    """Apply an RFC 7386 merge patch: objects merge recursively, ``null`` deletes, anything
    else (arrays included) replaces. A non-object patch replaces the whole target; the API
    layer rejects such bodies for objects (``Invalid JSON Patch``) before calling this."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    _merge_patch_into(result, patch)
    return result


def _merge_patch_into(target: dict[str, Any], patch: dict[str, Any]) -> None:
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            current = target.get(key)
            if not isinstance(current, dict):
                current = {}
            _merge_patch_into(current, value)
            target[key] = current
        else:
            target[key] = copy.deepcopy(value)


# -- JSON patch (RFC 6902) ---------------------------------------------------------------------

_MISSING: Any = object()  # a value that is not there (distinct from JSON null)
_INT = re.compile(r"[+-]?[0-9]+")


class _OpError(Exception):
    """A JSON patch operation failed; the message is evanphx/json-patch's."""


def json_patch(target: Any, ops: Any) -> Any:
    """Apply an RFC 6902 patch the way the apiserver does (evanphx/json-patch v4).

    Malformed patches raise ``BadRequest``; operations that do not apply raise ``Invalid``
    with the generic message and the library's explanation in ``detail``, e.g.
    ``add operation does not apply: doc is missing path: "/spec/x": missing value``.
    """
    if ops is None:
        ops = []
    if not isinstance(ops, list):
        raise PatchError(f"json: cannot unmarshal {_go_kind(ops)} into Go value of type jsonpatch.Patch")
    for op in ops:
        if op is not None and not isinstance(op, dict):
            raise PatchError(f"json: cannot unmarshal {_go_kind(op)} into Go value of type jsonpatch.Operation")
    if len(ops) > MAX_JSON_PATCH_OPERATIONS:
        raise PatchError(
            "Request entity too large: The allowed maximum operations in a JSON patch is "
            f"{MAX_JSON_PATCH_OPERATIONS}, got {len(ops)}", "RequestEntityTooLarge")
    doc = copy.deepcopy(target)
    for op in ops:
        try:
            doc = _apply_op(doc, op or {})
        except _OpError as e:
            raise _invalid(str(e)) from None
    return doc


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _op_string(op: dict[str, Any], name: str, missing: str) -> str:
    value = op.get(name)
    if value is None:
        raise _OpError(f"{missing}: missing value")
    if not isinstance(value, str):
        raise _OpError(f"json: cannot unmarshal {_go_kind(value)} into Go value of type string")
    return value


def _atoi(key: str) -> int:
    if not _INT.fullmatch(key):
        raise _OpError(f"strconv.Atoi: parsing {json.dumps(key)}: invalid syntax")
    return int(key)


def _bad_index(idx: int) -> _OpError:
    return _OpError(f"Unable to access invalid index: {idx}: invalid index referenced")


def _find(doc: Any, path: str) -> tuple[Any, str]:
    """evanphx's findObject: the container that holds the pointer's last token, or None."""
    split = path.split("/")
    if len(split) < 2:
        return None, ""
    cur = doc
    for part in split[1:-1]:
        try:
            nxt = _get(cur, _unescape(part))
        except _OpError:
            return None, ""
        if not isinstance(nxt, dict | list):
            return None, ""
        cur = nxt
    return cur, _unescape(split[-1])


def _get(con: Any, key: str) -> Any:
    if isinstance(con, dict):
        return con.get(key, _MISSING)
    if not isinstance(con, list):
        raise _OpError("unknown object type")
    idx = _atoi(key)
    if idx < 0:
        if idx < -len(con):
            raise _bad_index(idx)
        idx += len(con)
    if idx >= len(con):
        raise _bad_index(idx)
    return con[idx]


def _add(con: Any, key: str, value: Any) -> None:
    if isinstance(con, dict):
        con[key] = value
        return
    if key == "-":
        con.append(value)
        return
    try:
        idx = _atoi(key)
    except _OpError as e:
        raise _OpError(f"value was not a proper array index: '{key}': {e}") from None
    size = len(con) + 1
    if idx >= size or idx < -size:
        raise _bad_index(idx)
    if idx < 0:
        idx += size
    con.insert(idx, value)


def _remove(con: Any, key: str) -> Any:
    if isinstance(con, dict):
        if key not in con:
            raise _OpError(f"Unable to remove nonexistent key: {key}: missing value")
        return con.pop(key)
    idx = _atoi(key)
    if idx >= len(con) or idx < -len(con):
        raise _bad_index(idx)
    return con.pop(idx)


def _apply_op(doc: Any, op: dict[str, Any]) -> Any:
    kind = op.get("op")
    kind = kind if isinstance(kind, str) else "unknown"
    value = copy.deepcopy(op.get("value"))
    if kind == "add":
        try:
            path = _op_string(op, "path", "operation missing path field")
        except _OpError:
            raise _OpError("add operation failed to decode path: missing value") from None
        con, key = _find(doc, path)
        if con is None:
            raise _OpError(f'add operation does not apply: doc is missing path: "{path}": missing value')
        try:
            _add(con, key, value)
        except _OpError as e:
            raise _OpError(f"error in add for path: '{path}': {e}") from None
    elif kind == "remove":
        try:
            path = _op_string(op, "path", "operation missing path field")
        except _OpError:
            raise _OpError("remove operation failed to decode path: missing value") from None
        con, key = _find(doc, path)
        if con is None:
            raise _OpError(f'remove operation does not apply: doc is missing path: "{path}": missing value')
        try:
            _remove(con, key)
        except _OpError as e:
            raise _OpError(f"error in remove for path: '{path}': {e}") from None
    elif kind == "replace":
        try:
            path = _op_string(op, "path", "operation missing path field")
        except _OpError as e:
            raise _OpError(f"replace operation failed to decode path: {e}") from None
        if path == "":
            if not isinstance(value, dict | list):
                raise _OpError("replace operation value must be object or array")
            return value
        con, key = _find(doc, path)
        if con is None:
            raise _OpError(f"replace operation does not apply: doc is missing path: {path}: missing value")
        try:
            _get(con, key)
        except _OpError:
            raise _OpError(f"replace operation does not apply: doc is missing key: {path}: missing value") from None
        if isinstance(con, dict):
            con[key] = value
        else:
            idx = _atoi(key)
            con[idx] = value
    elif kind == "move":
        try:
            frm = _op_string(op, "from", "operation, missing from field")
        except _OpError as e:
            raise _OpError(f"move operation failed to decode from: {e}") from None
        con, key = _find(doc, frm)
        if con is None:
            raise _OpError(f"move operation does not apply: doc is missing from path: {frm}: missing value")
        try:
            moved = _remove(con, key)
        except _OpError as e:
            raise _OpError(f"error in move for path: '{key}': {e}") from None
        try:
            path = _op_string(op, "path", "operation missing path field")
        except _OpError as e:
            raise _OpError(f"move operation failed to decode path: {e}") from None
        con, key = _find(doc, path)
        if con is None:
            raise _OpError(f"move operation does not apply: doc is missing destination path: {path}: missing value")
        try:
            _add(con, key, moved)
        except _OpError as e:
            raise _OpError(f"error in move for path: '{path}': {e}") from None
    elif kind == "copy":
        try:
            frm = _op_string(op, "from", "operation, missing from field")
        except _OpError as e:
            raise _OpError(f"copy operation failed to decode from: {e}") from None
        con, key = _find(doc, frm)
        if con is None:
            raise _OpError(f"copy operation does not apply: doc is missing from path: {frm}: missing value")
        try:
            found = _get(con, key)
        except _OpError as e:
            raise _OpError(f"error in copy for from: '{frm}': {e}") from None
        try:
            path = _op_string(op, "path", "operation missing path field")
        except _OpError:
            raise _OpError("copy operation failed to decode path: missing value") from None
        con, key = _find(doc, path)
        if con is None:
            raise _OpError(f"copy operation does not apply: doc is missing destination path: {path}: missing value")
        try:
            _add(con, key, None if found is _MISSING else copy.deepcopy(found))
        except _OpError as e:
            raise _OpError(f"error while adding value during copy: {e}") from None
    elif kind == "test":
        try:
            path = _op_string(op, "path", "operation missing path field")
        except _OpError as e:
            raise _OpError(f"test operation failed to decode path: {e}") from None
        if path == "":
            actual = doc
        else:
            con, key = _find(doc, path)
            if con is None:
                raise _OpError(f"test operation does not apply: is missing path: {path}: missing value")
            try:
                actual = _get(con, key)
            except _OpError as e:
                raise _OpError(f"error in test for path: '{path}': {e}") from None
        if actual is _MISSING or actual is None:
            ok = op.get("value") is None
        else:
            ok = "value" in op and _json_equal(actual, op["value"])
        if not ok:
            raise _OpError(f"testing value {path} failed: test failed")
    else:
        raise _OpError(f"Unexpected kind: {kind}")
    return doc


# -- strategic merge patch ---------------------------------------------------------------------

_DIRECTIVE = "$patch"
_RETAIN_KEYS = "$retainKeys"
_DELETE_PREFIX = "$deleteFromPrimitiveList"
_ORDER_PREFIX = "$setElementOrder"


def strategic_merge_patch(original: dict[str, Any] | None, patch: Any, schema: Schema | None) -> dict[str, Any]:
    """Apply a Kubernetes strategic merge patch to ``original`` using the kind's schema.

    Lists whose schema says ``x-kubernetes-patch-strategy: merge`` merge by
    ``x-kubernetes-patch-merge-key`` (or as a set of primitives); other lists are replaced;
    maps merge recursively; ``null`` deletes. Directives: ``$patch: replace|delete`` (maps and
    list items; ``merge`` is accepted as a no-op), ``$retainKeys``,
    ``$deleteFromPrimitiveList/<field>`` and ``$setElementOrder/<field>``. Without schema
    information it behaves like a JSON merge patch.
    """
    if not isinstance(patch, dict):
        raise PatchError(f"json: cannot unmarshal {_go_kind(patch)} into Go value of type map[string]interface {{}}")
    result = _smp_map(copy.deepcopy(original or {}), copy.deepcopy(patch), schema)
    result, _ = _smp_clean(result)
    return result


def _smp_bad_type(directive: Any, m: dict[str, Any]) -> PatchError:
    return PatchError(f"unknown patch type: {_gofmt(directive)} in map: {_gofmt(m)}")


def _no_merge_key(m: Any, key: str) -> PatchError:
    return PatchError(f"map: {_gofmt(m)} does not contain declared merge key: {key}")


def _smp_clean(v: Any) -> tuple[Any, bool]:
    """Take a patch value verbatim: drop nulls in maps and directive leftovers.

    Returns ``(value, keep)``; ``keep`` is False for a ``$patch: delete`` marker or a
    directive-only map such as ``{"$patch": "replace"}``.
    """
    if isinstance(v, dict):
        if _DIRECTIVE in v and (v[_DIRECTIVE] == "delete" or len(v) == 1):
            return None, False
        out: dict[str, Any] = {}
        for k, x in v.items():
            if x is None or k in (_DIRECTIVE, _RETAIN_KEYS) or k.startswith((_DELETE_PREFIX + "/", _ORDER_PREFIX + "/")):
                continue
            c, keep = _smp_clean(x)
            if keep:
                out[k] = c
        return out, True
    if isinstance(v, list):
        items = []
        for x in v:
            c, keep = _smp_clean(x)
            if keep:
                items.append(c)
        return items, True
    return v, True


def _as_object_schema(sch: Schema | None) -> Schema | None:
    if not isinstance(sch, dict) or sch.get(INT_OR_STRING):
        return None
    if sch.get("type", "object") != "object":
        return None
    return sch


def _as_array_schema(sch: Schema | None) -> Schema | None:
    if isinstance(sch, dict) and sch.get("type") == "array":
        return sch
    return None


def _field_schema(sch: Schema | None, key: str) -> tuple[Schema | None, bool]:
    """The schema of ``key`` inside an object schema, and whether it is a named (struct) field."""
    osch = _as_object_schema(sch)
    if osch is None:
        return None, False
    props = osch.get("properties") or {}
    if key in props:
        return props[key], True
    extra = osch.get("additionalProperties")
    return (extra if isinstance(extra, dict) else None), False


def _items_schema(sch: Schema | None) -> Schema | None:
    asch = _as_array_schema(sch)
    items = asch.get("items") if asch else None
    return items if isinstance(items, dict) else None


def _patch_meta(sch: Schema | None, key: str) -> tuple[Schema | None, str, str]:
    """``(field schema, patch strategy without retainKeys, merge key)`` of a field."""
    sub, _ = _field_schema(sch, key)
    if not sub:
        return None, "", ""
    strategies = [s.strip() for s in str(sub.get(PATCH_STRATEGY, "")).split(",") if s.strip()]
    strategy = next((s for s in strategies if s != "retainKeys"), "")
    return sub, strategy, str(sub.get(MERGE_KEY, ""))


def _category(v: Any) -> str:
    return "map" if isinstance(v, dict) else "list" if isinstance(v, list) else "scalar"


def _smp_map(original: dict[str, Any], patch: dict[str, Any], sch: Schema | None) -> dict[str, Any]:
    if _DIRECTIVE in patch:
        directive = patch[_DIRECTIVE]
        if directive == "replace":
            replaced, _ = _smp_clean({k: v for k, v in patch.items() if k != _DIRECTIVE})
            return dict(replaced)
        if directive == "delete":
            return {}
        if directive != "merge":
            raise _smp_bad_type(directive, patch)
        patch = {k: v for k, v in patch.items() if k != _DIRECTIVE}
    _smp_retain_keys(original, patch)
    _smp_set_element_order(original, patch, sch)
    for key, pv in list(patch.items()):
        is_delete_list = False
        if key.startswith(_DELETE_PREFIX):
            key = _extract_key(key, _DELETE_PREFIX, "invalid patch format of primitive list")
            is_delete_list = True
        if pv is None:
            original.pop(key, None)
            continue
        if key not in original or _category(original[key]) != _category(pv):
            if not is_delete_list:
                value, keep = _smp_clean(pv)
                if keep:
                    original[key] = value
                else:
                    original.pop(key, None)
            continue
        sub, strategy, merge_key = _patch_meta(sch, key)
        ov = original[key]
        if isinstance(ov, dict):
            if strategy == "replace":
                original[key], _ = _smp_clean(pv)
            else:
                original[key] = _smp_map(ov, pv, sub)
        elif isinstance(ov, list):
            original[key] = _smp_slice(ov, pv, sub, strategy, merge_key, is_delete_list)
        else:
            original[key] = pv
    return original


def _extract_key(key: str, prefix: str, error: str) -> str:
    head, sep, rest = key.partition("/")
    if not sep or head != prefix:
        raise PatchError(error)
    return rest


def _smp_retain_keys(original: dict[str, Any], patch: dict[str, Any]) -> None:
    if _RETAIN_KEYS not in patch:
        return
    retain = patch.pop(_RETAIN_KEYS)
    if not isinstance(retain, list):
        raise PatchError("invalid patch format of retainKeys")
    for key, value in patch.items():
        if value is None or key.startswith((_DELETE_PREFIX, _ORDER_PREFIX)):
            continue
        if key not in retain:
            raise _invalid("patch content doesn't match retainKeys list")
    for key in list(original):
        if key not in retain:
            del original[key]


def _smp_set_element_order(original: dict[str, Any], patch: dict[str, Any], sch: Schema | None) -> None:
    for order_key in [k for k in patch if k.startswith(_ORDER_PREFIX)]:
        order = patch.pop(order_key)
        if not isinstance(order, list):
            raise PatchError(f"expected a []interface {{}}, but received a {_go_kind(order)}")
        key = _extract_key(order_key, _ORDER_PREFIX, "invalid patch format of setElementOrder list")
        in_original, in_patch = isinstance(original.get(key), list), isinstance(patch.get(key), list)
        if (key in original and not in_original) or (key in patch and not in_patch):
            raise PatchError(f"expected a []interface {{}}, but received a {_go_kind(original.get(key, patch.get(key)))}")
        sub, strategy, merge_key = _patch_meta(sch, key)
        plist: list[Any] = patch.get(key) or []
        olist: list[Any] = original.get(key) or []
        _validate_with_set_order(plist, order, merge_key)
        if in_original and in_patch:
            merged = _smp_slice(olist, plist, sub, strategy, merge_key, False)
        elif in_patch:
            merged, _ = _smp_clean(plist)
        elif in_original:
            merged = olist
        else:
            continue
        kind = _slice_kind(olist, plist, merged)
        if merge_key:
            patch_items, server_only = _partition_maps(merged, order, merge_key)
        else:
            patch_items, server_only = _partition_primitives(merged, order)
        original[key] = _normalize_order(patch_items, server_only, order, olist, merge_key, kind)
        patch.pop(key, None)


def _has_directive(v: Any) -> bool:
    return isinstance(v, dict) and _DIRECTIVE in v


def _merge_key_equal(left: Any, right: Any, merge_key: str) -> bool:
    if not merge_key:
        return _json_equal(left, right)
    for side in (left, right):
        if not isinstance(side, dict):
            raise PatchError(f"expected a map[string]interface {{}}, but received a {_go_kind(side)}")
        if merge_key not in side:
            raise _no_merge_key(side, merge_key)
    return _json_equal(left[merge_key], right[merge_key])


def _validate_with_set_order(plist: list[Any], order: list[Any], merge_key: str) -> None:
    if not plist or not order:
        return
    items = [v for v in plist if not (merge_key and isinstance(v, dict) and v.get(_DIRECTIVE) == "delete")]
    pi = si = 0
    while pi < len(items) and si < len(order):
        if _has_directive(items[pi]):
            pi += 1
            continue
        if _merge_key_equal(items[pi], order[si], merge_key):
            pi += 1
        si += 1
    if pi < len(items) and si >= len(order):
        raise PatchError(f"The order in patch list:\n{_gofmt(plist)}\n doesn't match "
                         f"{_ORDER_PREFIX} list:\n{_gofmt(order)}\n")


def _slice_kind(*lists: list[Any]) -> str:
    kind = ""
    for lst in lists:
        for v in lst:
            if isinstance(v, list):
                raise _invalid("lists of lists are not supported")
            k = "map" if isinstance(v, dict) else "scalar"
            if kind and k != kind:
                raise PatchError(f"list element types are not identical: {_gofmt(list(lists))}")
            kind = k
    return kind or "scalar"


def _smp_slice(original: list[Any], patch: list[Any], sch: Schema | None, strategy: str,
               merge_key: str, is_delete_list: bool) -> list[Any]:
    if is_delete_list:
        return [v for v in original if not any(_json_equal(v, d) for d in patch)]
    if strategy != "merge":
        value, _ = _smp_clean(patch)
        return list(value)
    if not original and not patch:
        return original
    kind = _slice_kind(original, patch)
    if kind != "map":
        merged: list[Any] = []
        for v in original + patch:
            if not any(_json_equal(v, m) for m in merged):
                merged.append(v)
        patch_items, server_only = _partition_primitives(merged, patch)
        return _normalize_order(patch_items, server_only, patch, original, "", kind)
    if not merge_key:
        raise PatchError("cannot merge lists without merge key")
    original, patch = _special_elements(original, patch, merge_key)
    item_schema = _items_schema(sch)
    merged = list(original)  # new items are appended here, not to the server order
    for item in patch:
        if merge_key not in item:
            raise _no_merge_key(item, merge_key)
        idx = _find_by_key(merged, merge_key, item[merge_key])
        if idx >= 0:
            merged[idx] = _smp_map(merged[idx], item, item_schema)
        else:
            cleaned, keep = _smp_clean(item)
            if keep:
                merged.append(cleaned)
    patch_items, server_only = _partition_maps(merged, patch, merge_key)
    return _normalize_order(patch_items, server_only, patch, original, merge_key, kind)


def _find_by_key(items: list[Any], merge_key: str, value: Any) -> int:
    for i, item in enumerate(items):
        if isinstance(item, dict) and merge_key in item and _json_equal(item[merge_key], value):
            return i
    return -1


def _special_elements(original: list[Any], patch: list[Any], merge_key: str) -> tuple[list[Any], list[Any]]:
    """Handle list items carrying ``$patch``: delete removes by key, replace drops the original."""
    plain: list[Any] = []
    replace = False
    for item in patch:
        directive = item.get(_DIRECTIVE, _MISSING)
        if directive is _MISSING:
            plain.append(item)
        elif directive == "delete":
            if merge_key not in item:
                raise _no_merge_key(item, merge_key)
            original = [o for o in original
                        if not (isinstance(o, dict) and merge_key in o and _json_equal(o[merge_key], item[merge_key]))]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            plain.append({k: v for k, v in item.items() if k != _DIRECTIVE})
        else:
            raise _smp_bad_type(directive, item)
    if replace:
        cleaned, _ = _smp_clean(plain)
        return list(cleaned), []
    return original, plain


def _partition_primitives(merged: list[Any], by: list[Any]) -> tuple[list[Any], list[Any]]:
    inside = [v for v in merged if any(_json_equal(v, b) for b in by)]
    outside = [v for v in merged if not any(_json_equal(v, b) for b in by)]
    return inside, outside


def _partition_maps(merged: list[Any], by: list[Any], merge_key: str) -> tuple[list[Any], list[Any]]:
    inside: list[Any] = []
    outside: list[Any] = []
    for v in merged:
        if not isinstance(v, dict) or merge_key not in v:
            raise _no_merge_key(v, merge_key)
        (inside if _find_by_key(by, merge_key, v[merge_key]) >= 0 else outside).append(v)
    return inside, outside


def _index(items: list[Any], value: Any, merge_key: str, kind: str) -> int:
    if kind == "map":
        key = value.get(merge_key) if isinstance(value, dict) else None
        for i, item in enumerate(items):
            other = item.get(merge_key) if isinstance(item, dict) else None
            if _json_equal(key, other):
                return i
        return -1
    for i, item in enumerate(items):
        if _json_equal(value, item):
            return i
    return -1


def _normalize_order(patch_items: list[Any], server_only: list[Any], patch_order: list[Any],
                     server_order: list[Any], merge_key: str, kind: str) -> list[Any]:
    """strategicpatch's normalizeElementOrder: patch items in patch order, server-only items in
    server order, interleaved by their positions in the server list (new items go first)."""

    def by(order: list[Any]) -> Any:
        def key(item: Any) -> int:
            i = _index(order, item, merge_key, kind)
            return i if i >= 0 else len(order)
        return key

    left = sorted(server_only, key=by(server_order))
    right = sorted(patch_items, key=by(patch_order))
    out: list[Any] = []
    i = j = 0
    while i < len(left) or j < len(right):
        if j >= len(right):
            out.append(left[i])
            i += 1
        elif i >= len(left):
            out.append(right[j])
            j += 1
        else:
            li = _index(server_order, left[i], merge_key, kind)
            ri = _index(server_order, right[j], merge_key, kind)
            if li >= 0 and ri >= 0 and li < ri:
                out.append(left[i])
                i += 1
            else:
                out.append(right[j])
                j += 1
    return out


# -- field paths (structured-merge-diff) -------------------------------------------------------
#
# A path element is ("f", name) for a map field, ("k", ((key, value), ...)) for an item of a
# list-type map, ("v", value) for an item of a set and ("i", index) for a positional item.
# Values inside path elements are "frozen" as (tag, value) so that True, 1 and 1.0 stay apart
# where JSON keeps them apart and sort the way SMD sorts them.

PathElement = tuple[str, Any]
FieldPath = tuple[PathElement, ...]
_Frozen = tuple[str, Any]


def _freeze(v: Any) -> _Frozen:
    if v is None:
        return ("z", None)
    if isinstance(v, bool):
        return ("b", v)
    if isinstance(v, int | float):
        return ("n", v)
    if isinstance(v, str):
        return ("s", v)
    return ("j", json.dumps(v, sort_keys=True, separators=(",", ":")))


def _thaw(f: _Frozen) -> Any:
    return json.loads(f[1]) if f[0] == "j" else f[1]


_FROZEN_RANK = {"n": 0, "s": 1, "b": 2, "j": 3, "z": 4}
_PE_RANK = {"f": 0, "k": 1, "v": 2, "i": 3}


def _frozen_key(f: _Frozen) -> tuple[int, Any]:
    return (_FROZEN_RANK[f[0]], f[1] if f[0] != "z" else 0)


def _pe_key(pe: PathElement) -> tuple[int, Any]:
    kind, x = pe
    if kind == "k":
        return (1, tuple((name, _frozen_key(v)) for name, v in x))
    if kind == "v":
        return (2, _frozen_key(x))
    return (_PE_RANK[kind], x)


def _to_string(v: Any) -> str:
    """SMD's value.ToString, used in conflict paths: strings quoted, numbers bare."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(_to_string(x) for x in v) + "]"
    return "".join(f"{k}={_to_string(x)}" for k, x in v.items())


def _pe_display(pe: PathElement) -> str:
    kind, x = pe
    if kind == "f":
        return "." + x
    if kind == "k":
        return "[" + ",".join(f"{name}={_to_string(_thaw(v))}" for name, v in x) + "]"
    if kind == "v":
        return f"[={_to_string(_thaw(x))}]"
    return f"[{x}]"


def path_string(path: FieldPath) -> str:
    """A field path as the apiserver prints it: ``.spec.containers[name="app"].image``."""
    return "".join(_pe_display(pe) for pe in path)


def _pe_serialize(pe: PathElement) -> str:
    kind, x = pe
    if kind == "f":
        return "f:" + x
    if kind == "k":
        return "k:" + _go_json({name: _thaw(v) for name, v in x})
    if kind == "v":
        return "v:" + _go_json(_thaw(x))
    return f"i:{x}"


def _pe_parse(key: str) -> PathElement | None:
    kind, sep, rest = key.partition(":")
    if not sep:
        return None
    try:
        if kind == "f":
            return ("f", rest)
        if kind == "k":
            fields = json.loads(rest)
            if not isinstance(fields, dict):
                return None
            return ("k", tuple(sorted((n, _freeze(v)) for n, v in fields.items())))
        if kind == "v":
            return ("v", _freeze(json.loads(rest)))
        if kind == "i":
            return ("i", int(rest))
    except ValueError:
        return None
    return None


class _Node:
    __slots__ = ("children", "member")

    def __init__(self) -> None:
        self.member = False
        self.children: dict[PathElement, _Node] = {}


def _trie(paths: Iterable[FieldPath]) -> _Node:
    root = _Node()
    for path in paths:
        node = root
        for pe in path:
            node = node.children.setdefault(pe, _Node())
        node.member = True
    return root


def fields_to_json(paths: Collection[FieldPath]) -> dict[str, Any]:
    """Serialize a field set as ``fieldsV1`` (keys sorted as SMD sorts them)."""

    def emit(node: _Node, include_self: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if include_self and node.children:
            out["."] = {}
        for pe in sorted(node.children, key=_pe_key):
            child = node.children[pe]
            out[_pe_serialize(pe)] = emit(child, child.member) if child.children else {}
        return out

    return emit(_trie(paths), False)


def fields_from_json(fields: Any) -> set[FieldPath]:
    """Parse ``fieldsV1`` into a field set; unknown or malformed keys are skipped."""
    out: set[FieldPath] = set()

    def walk(node: Any, prefix: FieldPath) -> bool:
        """Add the paths under ``node``; True if it had any child path."""
        found = False
        for key, sub in node.items() if isinstance(node, dict) else ():
            pe = _pe_parse(key) if key != "." else None
            if pe is None:
                continue
            found = True
            path = (*prefix, pe)
            if not walk(sub, path) or (isinstance(sub, dict) and "." in sub):
                out.add(path)
        return found

    walk(fields, ())
    return out


def _iter_sorted(paths: Collection[FieldPath]) -> Iterator[FieldPath]:
    """SMD's Set.Iterate order: a node's members first, then its children, each sorted."""

    def walk(node: _Node, prefix: FieldPath) -> Iterator[FieldPath]:
        ordered = sorted(node.children, key=_pe_key)
        for pe in ordered:
            if node.children[pe].member:
                yield (*prefix, pe)
        for pe in ordered:
            if node.children[pe].children:
                yield from walk(node.children[pe], (*prefix, pe))

    yield from walk(_trie(paths), ())


# -- typed walks over objects ------------------------------------------------------------------


def _list_relationship(sch: Schema | None) -> tuple[str, tuple[str, ...]]:
    """``("atomic"|"set"|"map", keys)`` as kube-openapi's schemaconv derives it."""
    asch = _as_array_schema(sch)
    if asch is None:
        return "atomic", ()
    list_type = asch.get(LIST_TYPE)
    if list_type == "set":
        return "set", ()
    if list_type == "map":
        return "map", tuple(asch.get(LIST_MAP_KEYS) or ())
    if list_type is not None:
        return "atomic", ()
    strategies = str(asch.get(PATCH_STRATEGY, "")).split(",")
    if "merge" in strategies:
        key = asch.get(MERGE_KEY)
        return ("map", (str(key),)) if key else ("set", ())
    return "atomic", ()


_CRD_VIEWS: dict[int, tuple[Schema, Schema]] = {}


def crd_schema(schema: Schema | None) -> Schema | None:
    """The schema as structured-merge-diff sees a custom resource's.

    A CRD cannot carry ``x-kubernetes-patch-strategy``/``-merge-key``, so its lists are
    atomic unless they declare ``x-kubernetes-list-type``; only the top-level ``metadata``
    keeps ObjectMeta's built-in semantics (ownerReferences by uid, finalizers as a set).
    That is why, on Knative, containers without names apply fine and a conflict on an image
    is reported as ``.spec.template.spec.containers``. Views are cached per schema object.
    """
    if schema is None:
        return None
    cached = _CRD_VIEWS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: strip(v) for k, v in node.items()}
            if out.get("type") == "array" and LIST_TYPE not in out:
                out.pop(PATCH_STRATEGY, None)
                out.pop(MERGE_KEY, None)
            return out
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    view = strip(schema)
    props = schema.get("properties")
    if isinstance(props, dict) and "metadata" in props:
        view["properties"]["metadata"] = props["metadata"]
    _CRD_VIEWS[id(schema)] = (schema, view)
    return view


def _map_is_atomic(sch: Schema | None) -> bool:
    osch = _as_object_schema(sch)
    return osch is not None and osch.get("x-kubernetes-map-type") == "atomic"


class _TypedError(Exception):
    pass


def _item_pe(item: Any, rel: str, keys: tuple[str, ...], item_schema: Schema | None) -> PathElement:
    if rel == "map":
        if item is None:
            raise _TypedError("associative list with keys may not have a null element")
        if not isinstance(item, dict):
            raise _TypedError("associative list with keys may not have non-map elements")
        fields = []
        props = (item_schema or {}).get("properties") or {}
        for key in keys:
            if key in item:
                fields.append((key, _freeze(item[key])))
            elif isinstance(props.get(key), dict) and "default" in props[key]:
                fields.append((key, _freeze(props[key]["default"])))
            else:
                raise _TypedError(f"associative list with keys has an element that omits key field "
                                  f"{json.dumps(key)} (and doesn't have default value)")
        return ("k", tuple(sorted(fields)))
    if isinstance(item, dict):
        raise _TypedError("associative list without keys has an element that's a map type")
    if isinstance(item, list):
        raise _TypedError("not supported: associative list with lists as elements")
    return ("v", _freeze(item))


def _item_pes(items: list[Any], sch: Schema | None, path: FieldPath, strict: bool) -> list[PathElement]:
    """Path elements of a non-atomic list's items; a live object tolerates bad items (by index)."""
    rel, keys = _list_relationship(sch)
    item_schema = _items_schema(sch)
    pes = []
    for i, item in enumerate(items):
        try:
            pes.append(_item_pe(item, rel, keys, item_schema))
        except _TypedError as e:
            if strict:
                raise PatchError(f"failed to create typed patch object: {path_string(path)}: element {i}: {e}") from None
            pes.append(("i", i))
    return pes


def _field_set(value: Any, sch: Schema | None, path: FieldPath, out: set[FieldPath], strict: bool) -> None:
    """SMD's ToFieldSet: leaves, list items, empty/null map values and non-struct map keys."""
    if isinstance(value, dict):
        if _map_is_atomic(sch):
            out.add(path)
            return
        for key, child in value.items():
            sub, named = _field_schema(sch, key)
            cpath = (*path, ("f", key))
            _field_set(child, sub, cpath, out, strict)
            if child is None or (isinstance(child, dict) and not child) or not named:
                out.add(cpath)
    elif isinstance(value, list):
        if _list_relationship(sch)[0] == "atomic":
            out.add(path)
            return
        pes = _item_pes(value, sch, path, strict)
        counts: dict[PathElement, int] = {}
        for pe in pes:
            counts[pe] = counts.get(pe, 0) + 1
        item_schema = _items_schema(sch)
        for pe, item in zip(pes, value, strict=True):
            ipath = (*path, pe)
            if counts[pe] == 1:
                _field_set(item, item_schema, ipath, out, strict)
            out.add(ipath)
    else:
        out.add(path)


def field_set(value: Any, sch: Schema | None) -> set[FieldPath]:
    """The set of fields a value sets, as SMD computes ownership for an applied config."""
    out: set[FieldPath] = set()
    _field_set(value, sch, (), out, strict=False)
    return out


def _ensure_named(paths: Iterable[FieldPath], sch: Schema | None) -> set[FieldPath]:
    """SMD's EnsureNamedFieldsAreMembers: struct fields on the way to a path become members."""
    out = set(paths)
    seen: set[FieldPath] = set()
    for path in list(out):
        cur = sch
        for i, pe in enumerate(path[:-1]):
            prefix = path[: i + 1]
            if pe[0] == "f":
                sub, named = _field_schema(cur, pe[1])
                if named and prefix not in seen:
                    seen.add(prefix)
                    out.add(prefix)
                cur = sub
            else:
                cur = _items_schema(cur)
    return out


def _split(paths: Iterable[FieldPath]) -> tuple[set[PathElement], dict[PathElement, set[FieldPath]]]:
    members: set[PathElement] = set()
    children: dict[PathElement, set[FieldPath]] = {}
    for path in paths:
        if len(path) == 1:
            members.add(path[0])
        elif path:
            children.setdefault(path[0], set()).add(path[1:])
    return members, children


def _remove_items(value: Any, paths: set[FieldPath], sch: Schema | None) -> Any:
    """SMD's RemoveItems: drop the values at ``paths``; emptied maps and lists become null."""
    if isinstance(value, dict):
        if _map_is_atomic(sch) or not value:
            return None
        members, children = _split(paths)
        out = {}
        for key, child in value.items():
            pe = ("f", key)
            if pe in members:
                continue
            if pe in children:
                child = _remove_items(child, children[pe], _field_schema(sch, key)[0])
            out[key] = child
        return out or None
    if isinstance(value, list):
        if not value or _list_relationship(sch)[0] == "atomic":
            return None
        members, children = _split(paths)
        item_schema = _items_schema(sch)
        items = []
        for pe, item in zip(_item_pes(value, sch, (), False), value, strict=True):
            if pe in members:
                continue
            if pe in children:
                item = _remove_items(item, children[pe], item_schema)
            items.append(item)
        return items or None
    return value


def _without(value: dict[str, Any], paths: set[FieldPath], sch: Schema | None) -> dict[str, Any]:
    if not paths:
        return value
    result = _remove_items(value, paths, sch)
    return result if isinstance(result, dict) else {}


@dataclass
class _Comparison:
    added: set[FieldPath] = field(default_factory=set)
    modified: set[FieldPath] = field(default_factory=set)
    removed: set[FieldPath] = field(default_factory=set)

    def exclude(self, tops: Collection[str]) -> None:
        if not tops:
            return
        for s in (self.added, self.modified, self.removed):
            s.difference_update({p for p in s if p and p[0][0] == "f" and p[0][1] in tops})


def _pair(lhs: Any, rhs: Any, kind: type) -> bool:
    """Both sides are containers of ``kind`` (null or absent counting as an empty one)."""
    return (isinstance(lhs, kind) or isinstance(rhs, kind)) and all(
        isinstance(v, kind) or v is None or v is _MISSING for v in (lhs, rhs))


def _is_empty(v: Any) -> bool:
    return v is _MISSING or v is None or (isinstance(v, dict | list) and not v)


def _compare(lhs: Any, rhs: Any, sch: Schema | None, path: FieldPath, cmp: _Comparison) -> None:
    """SMD's Compare: leaves are added/modified/removed; map and list nodes added/removed."""
    if _pair(lhs, rhs, dict):
        lmap = lhs if isinstance(lhs, dict) else {}
        rmap = rhs if isinstance(rhs, dict) else {}
        if _map_is_atomic(sch) or (_is_empty(lhs) and _is_empty(rhs)):
            _compare_leaf(lhs, rhs, path, cmp)
            return
        for key in [*lmap, *(k for k in rmap if k not in lmap)]:
            _compare(lmap.get(key, _MISSING), rmap.get(key, _MISSING), _field_schema(sch, key)[0],
                     (*path, ("f", key)), cmp)
        _compare_node(lhs, rhs, path, cmp)
        return
    if _pair(lhs, rhs, list) and _list_relationship(sch)[0] != "atomic" and not (_is_empty(lhs) and _is_empty(rhs)):
        _compare_list(lhs if isinstance(lhs, list) else [], rhs if isinstance(rhs, list) else [], sch, path, cmp)
        _compare_node(lhs, rhs, path, cmp)
        return
    _compare_leaf(lhs, rhs, path, cmp)


def _compare_node(lhs: Any, rhs: Any, path: FieldPath, cmp: _Comparison) -> None:
    if lhs is _MISSING:
        cmp.added.add(path)
    elif rhs is _MISSING:
        cmp.removed.add(path)


def _compare_leaf(lhs: Any, rhs: Any, path: FieldPath, cmp: _Comparison) -> None:
    if lhs is _MISSING:
        cmp.added.add(path)
    elif rhs is _MISSING:
        cmp.removed.add(path)
    elif not _json_equal(lhs, rhs):
        cmp.modified.add(path)


def _compare_list(lhs: list[Any], rhs: list[Any], sch: Schema | None, path: FieldPath, cmp: _Comparison) -> None:
    order: list[PathElement] = []
    lvals: dict[PathElement, list[Any]] = {}
    rvals: dict[PathElement, list[Any]] = {}
    for pe, item in zip(_item_pes(lhs, sch, path, False), lhs, strict=True):
        if pe not in lvals:
            order.append(pe)
        lvals.setdefault(pe, []).append(item)
    for pe, item in zip(_item_pes(rhs, sch, path, False), rhs, strict=True):
        if pe not in rvals and pe not in lvals:
            order.append(pe)
        rvals.setdefault(pe, []).append(item)
    item_schema = _items_schema(sch)
    for pe in order:
        ll, rl = lvals.get(pe, []), rvals.get(pe, [])
        ipath = (*path, pe)
        if len(ll) <= 1 and len(rl) <= 1:
            _compare(ll[0] if ll else _MISSING, rl[0] if rl else _MISSING, item_schema, ipath, cmp)
        elif len(ll) >= 2 and len(rl) >= 2:
            if not _json_equal(ll, rl):
                cmp.modified.add(ipath)
        elif len(ll) >= 2:
            if rl:
                _compare(_MISSING, rl[0], item_schema, ipath, cmp)
            cmp.removed.add(ipath)
        else:
            if ll:
                _compare(ll[0], _MISSING, item_schema, ipath, cmp)
            cmp.added.add(ipath)


def _merge(lhs: Any, rhs: Any, sch: Schema | None, path: FieldPath) -> Any:
    """SMD's Merge of an applied config (rhs) into the live object (lhs)."""
    if rhs is _MISSING:
        return copy.deepcopy(lhs)
    if isinstance(rhs, dict) and (lhs is _MISSING or isinstance(lhs, dict)):
        lmap = lhs if isinstance(lhs, dict) else {}
        if _map_is_atomic(sch) or (not lmap and not rhs):
            return copy.deepcopy(rhs)
        out = {}
        for key in [*lmap, *(k for k in rhs if k not in lmap)]:
            out[key] = _merge(lmap.get(key, _MISSING), rhs.get(key, _MISSING),
                              _field_schema(sch, key)[0], (*path, ("f", key)))
        return out
    if isinstance(rhs, list) and (lhs is _MISSING or isinstance(lhs, list)):
        llist = lhs if isinstance(lhs, list) else []
        if _list_relationship(sch)[0] == "atomic" or (not llist and not rhs):
            return copy.deepcopy(rhs)
        return _merge_list(llist, rhs, sch, path)
    return copy.deepcopy(rhs)


def _merge_list(lhs: list[Any], rhs: list[Any], sch: Schema | None, path: FieldPath) -> list[Any]:
    """Associative lists: items merge by key; the order interleaves live and applied items."""
    item_schema = _items_schema(sch)
    rpes = _item_pes(rhs, sch, path, True)
    robs: dict[PathElement, Any] = {}
    for pe, item in zip(rpes, rhs, strict=True):
        if pe in robs:
            raise PatchError(f"failed to create typed patch object: {path_string(path)}: "
                             f"duplicate entries for key {_pe_display(pe)}")
        robs[pe] = item
    lpes = _item_pes(lhs, sch, path, False)
    lobs: dict[PathElement, Any] = {}
    for pe, item in zip(lpes, lhs, strict=True):
        lobs[pe] = _MISSING if pe in lobs else item  # duplicated live items merge as absent
    shared = [pe for pe in rpes if pe in lobs]
    next_shared = shared.pop(0) if shared else None
    merged_rhs: set[PathElement] = set()
    out: list[Any] = []
    li = ri = 0
    while li < len(lpes) or ri < len(rpes):
        if li < len(lpes) and ri < len(rpes):
            pe = lpes[li]
            if pe == rpes[ri]:
                merged_rhs.add(pe)
                out.append(_merge(lobs[pe], robs[pe], item_schema, (*path, pe)))
                li += 1
                ri += 1
                next_shared = shared.pop(0) if shared else None
                continue
            if pe in robs and next_shared is not None and next_shared != pe:
                li += 1
                continue
        if li < len(lpes):
            pe = lpes[li]
            if pe not in robs:
                out.append(copy.deepcopy(lhs[li]))
                li += 1
                continue
            if pe in merged_rhs:
                li += 1
        if ri < len(rpes):
            pe = rpes[ri]
            merged_rhs.add(pe)
            out.append(_merge(lobs.get(pe, _MISSING), robs[pe], item_schema, (*path, pe)))
            ri += 1
            if next_shared is not None and next_shared == pe:
                next_shared = shared.pop(0) if shared else None
    return out


# -- managed fields ----------------------------------------------------------------------------

_FIELDS_TYPE = "FieldsV1"
_BEFORE_FIRST_APPLY = "before-first-apply"
_ANCIENT_CHANGES = "ancient-changes"
_MAX_UPDATE_MANAGERS = 10
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
_STRIP: frozenset[FieldPath] = frozenset(
    {(("f", "apiVersion"),), (("f", "kind"),), (("f", "metadata"),)}
    | {(("f", "metadata"), ("f", name)) for name in (
        "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation",
        "managedFields", "resourceVersion")})

_ManagerKey = tuple[str, str, str, str]  # manager, operation, apiVersion (Update only), subresource


@dataclass
class _Entry:
    manager: str
    operation: str
    api_version: str
    subresource: str
    time: str
    fields: set[FieldPath]

    @property
    def key(self) -> _ManagerKey:
        version = self.api_version if self.operation != "Apply" else ""
        return (self.manager, self.operation, version, self.subresource)

    def encode(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.manager:
            out["manager"] = self.manager
        if self.operation:
            out["operation"] = self.operation
        if self.api_version:
            out["apiVersion"] = self.api_version
        if self.time:
            out["time"] = self.time
        out["fieldsType"] = _FIELDS_TYPE
        out["fieldsV1"] = fields_to_json(self.fields)
        if self.subresource:
            out["subresource"] = self.subresource
        return out


def _decode_managers(entries: Any) -> dict[_ManagerKey, _Entry]:
    managers: dict[_ManagerKey, _Entry] = {}
    if not isinstance(entries, list):
        return managers
    for raw in entries:
        if not isinstance(raw, dict) or raw.get("fieldsType", _FIELDS_TYPE) != _FIELDS_TYPE:
            continue
        entry = _Entry(str(raw.get("manager") or ""), str(raw.get("operation") or ""),
                       str(raw.get("apiVersion") or ""), str(raw.get("subresource") or ""),
                       str(raw.get("time") or ""), fields_from_json(raw.get("fieldsV1") or {}))
        if entry.key in managers:
            managers[entry.key].fields |= entry.fields
        else:
            managers[entry.key] = entry
    return managers


def _encode_managers(managers: dict[_ManagerKey, _Entry]) -> list[dict[str, Any]]:
    entries = [e for e in managers.values() if e.fields]
    entries.sort(key=lambda e: (e.operation, e.time, e.manager, e.api_version, e.subresource))
    return [e.encode() for e in entries]


def _cap_update_managers(managers: dict[_ManagerKey, _Entry]) -> None:
    """Keep at most ten Update entries; the oldest fold into ``ancient-changes`` per version."""
    while True:
        updaters = [e for e in managers.values() if e.operation != "Apply"]
        oldest = sorted((e for e in updaters if e.manager != _ANCIENT_CHANGES),
                        key=lambda e: (e.time, e.manager, e.api_version, e.subresource))
        if len(updaters) <= _MAX_UPDATE_MANAGERS or not oldest:
            return
        entry = oldest[0]
        del managers[entry.key]
        bucket_key = (_ANCIENT_CHANGES, "Update", entry.api_version, "")
        bucket = managers.get(bucket_key)
        if bucket is None:
            managers[bucket_key] = _Entry(_ANCIENT_CHANGES, "Update", entry.api_version, "", entry.time,
                                          set(entry.fields))
        else:
            bucket.fields |= entry.fields
            bucket.time = max(bucket.time, entry.time)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _split_managed(obj: dict[str, Any] | None) -> tuple[dict[str, Any], Any]:
    """A deep copy of ``obj`` without ``metadata.managedFields``, and those managed fields."""
    out = copy.deepcopy(obj) if obj else {}
    meta = out.get("metadata")
    managed = meta.pop("managedFields", None) if isinstance(meta, dict) else None
    return out, managed


def _type_stub(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: obj[k] for k in ("apiVersion", "kind") if k in obj}


@dataclass(frozen=True)
class Conflict:
    """A field the applied config would change that another manager owns."""

    manager: str
    operation: str
    api_version: str
    subresource: str
    elements: FieldPath

    @property
    def path(self) -> str:
        """The field as the apiserver prints it, e.g. ``.spec.replicas``."""
        return path_string(self.elements)

    def describe_manager(self) -> str:
        """The manager as the apiserver names it in conflict messages."""
        text = json.dumps(self.manager, ensure_ascii=False)
        if self.subresource:
            text += f" with subresource {json.dumps(self.subresource)}"
        if self.operation == "Update":
            text += f" using {self.api_version}"
        return text

    def __str__(self) -> str:
        return f"conflict with {self.describe_manager()}: {self.path}"


def format_conflicts(conflicts: list[Conflict]) -> str:
    """The apiserver's message for apply conflicts."""
    if len(conflicts) == 1:
        return f"Apply failed with 1 conflict: {conflicts[0]}"
    lines: list[str] = []
    by_manager: dict[str, list[Conflict]] = {}
    for c in conflicts:
        by_manager.setdefault(c.describe_manager(), []).append(c)
    for desc in sorted(by_manager):
        lines.append(f"conflicts with {desc}:")
        lines.extend(f"- {c.path}" for c in by_manager[desc])
    return f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)


def render_conflicts(conflicts: list[Conflict], api_version: str = "") -> str:
    """Alias of :func:`format_conflicts` (the manager descriptions already carry versions)."""
    return format_conflicts(conflicts)


def conflict_error(conflicts: list[Conflict]) -> PatchError:
    """The ``409 Conflict`` the apiserver answers, one ``FieldManagerConflict`` cause per field."""
    causes = [{"reason": "FieldManagerConflict", "message": f"conflict with {c.describe_manager()}", "field": c.path}
              for c in conflicts]
    return PatchError(format_conflicts(conflicts), "Conflict", causes=causes)


def apply_patch(live: dict[str, Any] | None, applied: dict[str, Any], manager: str, schema: Schema | None,
                force: bool, now: str = "", *, subresource: str = "", reset_fields: Collection[str] = (),
                crd: bool = False) -> tuple[dict[str, Any], list[Conflict]]:
    """Server-side apply of ``applied`` by ``manager`` onto ``live`` (None to create).

    Returns the new object, with ``metadata.managedFields`` updated, and no conflicts; or,
    when another manager owns a field the config changes and ``force`` is false, the live
    object unchanged and the conflicts (render them with :func:`conflict_error`).
    ``reset_fields`` names top-level fields this endpoint may not change (``status`` on the
    main resource): they are dropped from the config and never owned. ``crd`` reads the
    schema as the apiserver reads a CustomResourceDefinition's (see :func:`crd_schema`).
    Call this before defaulting and validation, as the apiserver does.
    """
    if crd:
        schema = crd_schema(schema)
    if not isinstance(applied, dict):
        raise PatchError(f"json: cannot unmarshal {_go_kind(applied)} into Go value of type map[string]interface {{}}")
    meta = applied.get("metadata")
    if isinstance(meta, dict) and meta.get("managedFields") is not None:
        raise PatchError("metadata.managedFields must be nil")
    now = now or _now()
    config = {k: copy.deepcopy(v) for k, v in applied.items() if k not in reset_fields}
    version = str(config.get("apiVersion") or "")
    if live is None:
        live_obj, managers = _type_stub(config), {}
    else:
        live_obj, raw_managed = _split_managed(live)
        managers = _decode_managers(raw_managed)
        if not managers:  # an object nobody owns yet: its current fields belong to one manager
            _record_update(managers, _type_stub(live_obj), live_obj, _BEFORE_FIRST_APPLY,
                           str(live_obj.get("apiVersion") or version), "", now, schema, reset_fields)

    new_fields: set[FieldPath] = set()
    _field_set(config, schema, (), new_fields, strict=True)
    merged = _merge(live_obj, config, schema, ())
    key: _ManagerKey = (manager, "Apply", "", subresource)
    previous = managers.get(key)
    managers[key] = _Entry(manager, "Apply", version, subresource, previous.time if previous else "", new_fields)
    if previous and previous.fields:
        merged = _prune(merged, managers, previous.fields, schema)

    cmp = _Comparison()
    _compare(live_obj, merged, schema, (), cmp)
    cmp.exclude(reset_fields)
    changed = cmp.modified | cmp.added
    conflicts = [Conflict(e.manager, e.operation, e.api_version, e.subresource, p)
                 for k, e in sorted(managers.items()) if k != key
                 for p in _iter_sorted(e.fields & changed)]
    if conflicts and not force:
        return copy.deepcopy(live) if live is not None else {}, conflicts
    for k, e in managers.items():
        if k != key:
            e.fields -= changed | cmp.removed
    entry = managers[key]
    entry.fields = new_fields - _STRIP
    result = _drop_nulls(merged)
    if not _json_equal(result, live_obj) or not entry.time:
        entry.time = now
    for k in [k for k, e in managers.items() if not e.fields]:
        del managers[k]
    if manager == "kubectl":
        _sync_last_applied(result, applied)
    _cap_update_managers(managers)
    encoded = _encode_managers(managers)
    if encoded:
        result.setdefault("metadata", {})["managedFields"] = encoded
    return result, []


def _prune(merged: dict[str, Any], managers: dict[_ManagerKey, _Entry], last: set[FieldPath],
           sch: Schema | None) -> dict[str, Any]:
    """Remove fields the applier owned last time and no longer sends, unless someone owns them."""
    last_e = _ensure_named(last, sch)
    pruned = _without(merged, last_e, sch)
    owned: set[FieldPath] = set()
    for e in managers.values():
        owned |= e.fields
    merged_set = _ensure_named(field_set(merged, sch), sch)
    pruned_set = _ensure_named(field_set(pruned, sch), sch)
    pruned = _without(merged, merged_set - (pruned_set | _ensure_named(owned, sch)), sch)
    pruned_set = _ensure_named(field_set(pruned, sch), sch)
    return _without(merged, (merged_set - pruned_set) & last_e, sch)


def _sync_last_applied(result: dict[str, Any], applied: dict[str, Any]) -> None:
    """kubectl's client-side-apply annotation follows server-side applies by "kubectl"."""
    annotations = (result.get("metadata") or {}).get("annotations")
    if not isinstance(annotations, dict) or _LAST_APPLIED not in annotations:
        return
    config = copy.deepcopy(applied)
    cmeta = config.get("metadata")
    if isinstance(cmeta, dict) and isinstance(cmeta.get("annotations"), dict):
        cmeta["annotations"].pop(_LAST_APPLIED, None)
        if not cmeta["annotations"]:
            del cmeta["annotations"]
    annotations[_LAST_APPLIED] = json.dumps(_drop_nulls(config), sort_keys=True, separators=(",", ":"),
                                            ensure_ascii=False) + "\n"


def _record_update(managers: dict[_ManagerKey, _Entry], old: dict[str, Any], new: dict[str, Any], manager: str,
                   version: str, subresource: str, now: str, sch: Schema | None,
                   reset_fields: Collection[str]) -> None:
    """The fields an update changed move to ``manager``; other managers lose them."""
    cmp = _Comparison()
    _compare(old, new, sch, (), cmp)
    cmp.exclude(reset_fields)
    changed = cmp.modified | cmp.added
    for e in managers.values():
        e.fields -= changed | cmp.removed
    own = changed - _STRIP
    if own:
        key: _ManagerKey = (manager, "Update", version, subresource)
        previous = managers.get(key)
        managers[key] = _Entry(manager, "Update", version, subresource, now,
                               own | (previous.fields if previous else set()))
    for k in [k for k, e in managers.items() if not e.fields]:
        del managers[k]


def update_managed_fields(old: dict[str, Any] | None, new: dict[str, Any], manager: str,
                          operation: str = "Update", subresource: str = "", now: str = "",
                          schema: Schema | None = None, *, reset_fields: Collection[str] = (),
                          crd: bool = False) -> list[dict[str, Any]] | None:
    """Record ownership for a create (``old`` None), update or non-apply patch.

    Fields the request added or changed become owned by ``manager`` (an ``Update`` entry per
    manager, apiVersion and subresource) and are taken from every other manager; removed
    fields are dropped from all. Managed fields the client sent in ``new`` are used when they
    differ from the stored ones (``[{}]`` clears them). Returns the new
    ``metadata.managedFields`` (an empty list means: drop the field), or None when an existing
    object without managed fields stays untracked, as on the apiserver.
    """
    if crd:
        schema = crd_schema(schema)
    if operation != "Update":
        raise ValueError("update_managed_fields records Update operations; use apply_patch for Apply")
    now = now or _now()
    new_obj, sent = _split_managed(new)
    old_obj, stored = _split_managed(old)
    managers = _decode_managers(sent) if sent is not None and sent != stored else {}
    if not managers:
        managers = _decode_managers(stored)
        if old is not None and not managers:
            return None
    if old is None:
        old_obj = _type_stub(new_obj)
    version = str(new_obj.get("apiVersion") or "")
    _record_update(managers, old_obj, new_obj, manager, version, subresource, now, schema, reset_fields)
    _cap_update_managers(managers)
    return _encode_managers(managers)
