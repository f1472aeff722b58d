"""Short diffs for immutability errors (``knative.dev/pkg/kmp.ShortDiff``).

When a Revision's spec changes, or a template changes without a new BYO name, Knative
rejects the update and puts a zero-context diff in the error details: one entry per
differing leaf, its path in Go field names, then tab-indented ``-`` (old) and ``+`` (new)
lines, e.g. ``{v1.RevisionSpec}.PodSpec.Containers[0].Image:\n\t-: "hello:1"\n\t+: "hello:2"\n``.

The shape (Go field names, ``PodSpec``/``ObjectMeta`` for inlined structs, map keys in
brackets) follows go-cmp; composite values on one side are printed as compact JSON.
"""

from __future__ import annotations

import json
from typing import Any

REVISION_FIELDS = frozenset({"containerConcurrency", "timeoutSeconds", "responseStartTimeoutSeconds",
                             "idleTimeoutSeconds"})
_MAP_FIELDS = frozenset({"labels", "annotations", "limits", "requests", "nodeSelector", "matchLabels", "overhead"})
_INITIALISMS = ("http", "tcp", "grpc", "url", "uid", "ip", "api", "dns", "tls", "id", "fs")


def go_field_name(key: str) -> str:
    """``httpGet`` → ``HTTPGet``, ``imagePullPolicy`` → ``ImagePullPolicy``."""
    for ini in _INITIALISMS:
        rest = key[len(ini):]
        if key.startswith(ini) and (not rest or rest[0].isupper()):
            return ini.upper() + rest
    return key[:1].upper() + key[1:]


def _value(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict | list):
        return json.dumps(v, separators=(",", ":"), sort_keys=True)
    return str(v)


def _segment(key: str, scope: str) -> tuple[str, str]:
    """Path text for ``key`` in a struct of kind ``scope``, and the scope of its value."""
    if scope == "map":
        return f'["{key}"]', "value"
    if scope == "template" and key == "metadata":
        return ".ObjectMeta", "meta"
    if scope == "template" and key == "spec":
        return ".Spec", "revspec"
    if scope == "revspec" and key not in REVISION_FIELDS:
        return f".PodSpec.{go_field_name(key)}", "struct"
    next_scope = "map" if key in _MAP_FIELDS else "struct"
    return f".{go_field_name(key)}", next_scope


def _walk(old: Any, new: Any, path: str, scope: str, out: list[str]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            seg, sub = _segment(key, scope)
            _walk(old.get(key), new.get(key), path + seg, sub, out)
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _walk(a, b, f"{path}[{i}]", "struct", out)
        return
    entry = f"{path}:\n"
    if scope == "map":  # a nil Go map still prints, as map[]
        old, new = _go_map(old), _go_map(new)
    if old is not None:
        entry += f'\t-: "{_value(old)}"\n'
    if new is not None:
        entry += f'\t+: "{_value(new)}"\n'
    out.append(entry)


def _go_map(m: Any) -> str:
    items = m.items() if isinstance(m, dict) else ()
    return "map[" + " ".join(f"{k}:{_value(v)}" for k, v in sorted(items)) + "]"


def short_diff(old: Any, new: Any, root: str, scope: str = "struct") -> str:
    """The diff text, or "" when equal. ``root`` is the Go type (``v1.RevisionSpec``); ``scope``
    ``revspec`` or ``template`` makes inlined PodSpec/ObjectMeta fields print as Go does."""
    out: list[str] = []
    _walk(old, new, "{" + root + "}", scope, out)
    return "".join(out)
