"""The JSONPath template language of kubectl and kn (``-o jsonpath='{...}'``).

A port of the subset of k8s.io/client-go/util/jsonpath that people type: text outside braces
is copied, ``{.a.b}`` prints a field, ``{.items[*].metadata.name}`` prints every match
separated by spaces, ``{range .items[*]}...{end}`` iterates, ``{"\\n"}`` prints a literal, and
paths support ``..name`` (recursive descent), ``[n]``, ``[-1]``, ``[a:b:c]``, ``[*]``,
``['key.with.dots']``, unions ``[0,2]`` and filters ``[?(@.type=="Ready")]`` with
``== != < <= > >=`` or a bare existence test. Maps and lists print as compact JSON, scalars
as Go's ``fmt.Sprint`` would; a missing key prints nothing (``allowMissingKeys``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any


class JsonPathError(Exception):
    pass


# -- template parsing -----------------------------------------------------------------------------

@dataclass
class _Text:
    text: str


@dataclass
class _Expr:
    steps: list[Any]


@dataclass
class _Range:
    steps: list[Any]
    body: list[Any]


def _split_actions(template: str) -> list[tuple[str, str]]:
    """[('text', ...), ('action', ...)] honouring quotes inside actions."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(template)
    buf = ""
    while i < n:
        c = template[i]
        if c != "{":
            buf += c
            i += 1
            continue
        if buf:
            out.append(("text", buf))
            buf = ""
        j, depth, quote = i + 1, 1, ""
        while j < n:
            ch = template[j]
            if quote:
                if ch == "\\":
                    j += 2
                    continue
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= n:
            raise JsonPathError(f"unclosed action in template {template!r}")
        out.append(("action", template[i + 1:j]))
        i = j + 1
    if buf:
        out.append(("text", buf))
    return out


def parse(template: str) -> list[Any]:
    root: list[Any] = []
    stack: list[list[Any]] = [root]
    for kind, body in _split_actions(template):
        if kind == "text":
            stack[-1].append(_Text(body))
            continue
        action = body.strip()
        if action == "end":
            if len(stack) == 1:
                raise JsonPathError("not in range, nothing to end")
            stack.pop()
        elif action.startswith("range "):
            node = _Range(_parse_path(action[6:].strip()), [])
            stack[-1].append(node)
            stack.append(node.body)
        elif action[:1] in ("\"", "'") and action[-1:] == action[:1] and len(action) >= 2:
            stack[-1].append(_Text(_unquote(action)))
        else:
            stack[-1].append(_Expr(_parse_path(action)))
    if len(stack) != 1:
        raise JsonPathError("unclosed range")
    return root


def _unquote(s: str) -> str:
    if s[0] == '"':
        try:
            return str(json.loads(s))
        except ValueError:
            return s[1:-1]
    return s[1:-1]


_NAME = re.compile(r"(?:\\.|[^.\[\]\\])+")


def _parse_path(path: str) -> list[Any]:
    """Steps: ('field', name) ('recursive', name) ('index', spec) ('all',) ('filter', ...)."""
    steps: list[Any] = []
    i, n = 0, len(path)
    while i < n:
        c = path[i]
        if c in "$@":
            i += 1
        elif path.startswith("..", i):
            m = _NAME.match(path, i + 2)
            if not m:
                raise JsonPathError(f"invalid recursive descent in {path!r}")
            steps.append(("recursive", m.group(0)))
            i = m.end()
        elif c == ".":
            m = _NAME.match(path, i + 1)
            if not m:
                i += 1
                continue
            name = m.group(0).replace("\\.", ".")
            steps.append(("all",) if name == "*" else ("field", name))
            i = m.end()
        elif c == "[":
            j = _matching_bracket(path, i)
            steps.append(_parse_bracket(path[i + 1:j].strip()))
            i = j + 1
        elif c.isspace():
            i += 1
        else:
            m = _NAME.match(path, i)
            if not m:
                raise JsonPathError(f"unrecognized character in action: {path[i:]!r}")
            steps.append(("field", m.group(0)))
            i = m.end()
    return steps


def _matching_bracket(path: str, i: int) -> int:
    depth, quote, j = 0, "", i
    while j < len(path):
        ch = path[j]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise JsonPathError(f"unterminated array in {path!r}")


def _parse_bracket(inner: str) -> Any:
    if inner == "*":
        return ("all",)
    if inner.startswith("?(") and inner.endswith(")"):
        return ("filter", _parse_filter(inner[2:-1].strip()))
    parts = [p.strip() for p in _split_top(inner, ",")]
    if all(p[:1] in "\"'" for p in parts):
        return ("keys", [_unquote(p) for p in parts])
    specs = []
    for p in parts:
        if ":" in p:
            bits = [b.strip() for b in p.split(":")]
            specs.append(("slice", *[int(b) if b else None for b in (bits + [""] * 3)[:3]]))
        else:
            try:
                specs.append(("idx", int(p)))
            except ValueError:
                raise JsonPathError(f"invalid array index {p!r}") from None
    return ("index", specs)


def _split_top(text: str, sep: str) -> list[str]:
    out, buf, quote = [], "", ""
    for ch in text:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == sep:
            out.append(buf)
            buf = ""
            continue
        buf += ch
    out.append(buf)
    return out


_OPS = ("==", "!=", "<=", ">=", "<", ">")


def _parse_filter(expr: str) -> tuple[Any, str, Any]:
    quote = ""
    for i, ch in enumerate(expr):
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
            continue
        for op in _OPS:
            if expr.startswith(op, i):
                return (_operand(expr[:i].strip()), op, _operand(expr[i + len(op):].strip()))
    return (_operand(expr), "exists", None)


def _operand(text: str) -> Any:
    if text[:1] in "\"'":
        return ("lit", _unquote(text))
    if text.startswith("@") or text.startswith("$") or text.startswith("."):
        return ("path", _parse_path(text))
    try:
        return ("lit", int(text))
    except ValueError:
        pass
    try:
        return ("lit", float(text))
    except ValueError:
        pass
    if text in ("true", "false"):
        return ("lit", text == "true")
    return ("lit", text)


# -- evaluation ----------------------------------------------------------------------------------

_MISSING = object()


def _eval(steps: list[Any], values: list[Any], root: Any) -> list[Any]:
    cur = values
    for step in steps:
        nxt: list[Any] = []
        kind = step[0]
        for v in cur:
            if kind == "field":
                if isinstance(v, dict) and step[1] in v:
                    nxt.append(v[step[1]])
            elif kind == "keys":
                if isinstance(v, dict):
                    nxt.extend(v[k] for k in step[1] if k in v)
            elif kind == "all":
                if isinstance(v, dict):
                    nxt.extend(v[k] for k in sorted(v))
                elif isinstance(v, list):
                    nxt.extend(v)
            elif kind == "recursive":
                nxt.extend(_recursive(v, step[1]))
            elif kind == "index":
                if isinstance(v, list):
                    nxt.extend(_index(v, step[1]))
            elif kind == "filter":
                items = v if isinstance(v, list) else [v]
                nxt.extend(item for item in items if _match(item, step[1], root))
        cur = nxt
    return cur


def _recursive(v: Any, name: str) -> list[Any]:
    out: list[Any] = []
    if isinstance(v, dict):
        if name in v:
            out.append(v[name])
        for k in sorted(v):
            out.extend(_recursive(v[k], name))
    elif isinstance(v, list):
        for item in v:
            out.extend(_recursive(item, name))
    return out


def _index(v: list[Any], specs: list[Any]) -> list[Any]:
    out: list[Any] = []
    n = len(v)
    for spec in specs:
        if spec[0] == "idx":
            i = spec[1] + n if spec[1] < 0 else spec[1]
            if 0 <= i < n:
                out.append(v[i])
        else:
            _, start, end, step = spec
            out.extend(v[slice(start, end, step or 1)])
    return out


def _value(operand: Any, item: Any, root: Any) -> Any:
    if operand[0] == "lit":
        return operand[1]
    found = _eval(operand[1], [item], root)
    return found[0] if found else _MISSING


def _match(item: Any, flt: tuple[Any, str, Any], root: Any) -> bool:
    left, op, right = flt
    a = _value(left, item, root)
    if op == "exists":
        return a is not _MISSING and a is not None
    b = _value(right, item, root)
    if a is _MISSING or b is _MISSING:
        return False
    try:
        if op == "==":
            return bool(a == b)
        if op == "!=":
            return bool(a != b)
        if op == "<":
            return bool(a < b)
        if op == "<=":
            return bool(a <= b)
        if op == ">":
            return bool(a > b)
        return bool(a >= b)
    except TypeError:
        return False


def _text(v: Any) -> str:
    if isinstance(v, (dict, list)):
        return json.dumps(v, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        return str(int(v))
    return str(v)


def _run(nodes: list[Any], data: Any, root: Any, as_json: bool, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, _Text):
            out.append(node.text)
        elif isinstance(node, _Expr):
            results = _eval(node.steps, [data], root)
            if as_json:
                out.append(json.dumps(results if len(results) != 1 else results[0], indent=4,
                                      ensure_ascii=False) + "\n")
            else:
                out.append(" ".join(_text(r) for r in results))
        else:
            for item in _eval(node.steps, [data], root):
                _run(node.body, item, root, as_json, out)


def execute(template: str, data: Any, as_json: bool = False) -> str:
    """Render ``template`` against ``data`` as kubectl's JSONPath printer does."""
    out: list[str] = []
    _run(parse(template), data, data, as_json, out)
    return "".join(out)
