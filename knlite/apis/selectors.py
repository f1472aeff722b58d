"""Label and field selectors.

Two forms exist in Kubernetes and knlite needs both: the query-string syntax of
``?labelSelector=app in (a,b),tier!=db`` and ``kubectl get -l``, and the structured
``metav1.LabelSelector`` (``matchLabels`` + ``matchExpressions``) that SinkBinding,
ApiServerSource and config-sugar carry. Both compile to the same list of requirements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class SelectorError(ValueError):
    pass


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str  # "=", "!=", "in", "notin", "exists", "!"
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        if self.op == "exists":
            return self.key in labels
        if self.op == "!":
            return self.key not in labels
        if self.op in ("=", "in"):
            return self.key in labels and labels[self.key] in self.values
        # "!=" and "notin" match objects without the key, as in Kubernetes
        return self.key not in labels or labels[self.key] not in self.values


Selector = tuple[Requirement, ...]

_TOKEN = re.compile(r"\s*(!=|==|=|\(|\)|,|!|[^\s!=(),]+)")


def _tokens(text: str) -> list[str]:
    out = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise SelectorError(f"unable to parse requirement: {text!r}")
        out.append(m.group(1))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def parse_label_selector(text: str) -> Selector:
    """Parse ``a=b,c!=d,e in (x,y),f notin (z),g,!h``."""
    toks = _tokens(text)
    reqs: list[Requirement] = []
    i = 0

    def expect(cond: bool, what: str) -> None:
        if not cond:
            raise SelectorError(f"unable to parse requirement: found '{what}', expected: identifier")

    while i < len(toks):
        if toks[i] == "!":
            expect(i + 1 < len(toks), "!")
            reqs.append(Requirement(toks[i + 1], "!"))
            i += 2
        else:
            key = toks[i]
            expect(key not in (",", "(", ")", "=", "==", "!="), key)
            i += 1
            if i >= len(toks) or toks[i] == ",":
                reqs.append(Requirement(key, "exists"))
            elif toks[i] in ("=", "==", "!="):
                op = "!=" if toks[i] == "!=" else "="
                value = ""
                if i + 1 < len(toks) and toks[i + 1] != ",":
                    value = toks[i + 1]
                    i += 1
                reqs.append(Requirement(key, op, (value,)))
                i += 1
            elif toks[i].lower() in ("in", "notin"):
                op = toks[i].lower()
                i += 1
                if i >= len(toks) or toks[i] != "(":
                    raise SelectorError(f"unable to parse requirement: found '{toks[i] if i < len(toks) else ''}', expected: '('")
                i += 1
                values = []
                while i < len(toks) and toks[i] != ")":
                    if toks[i] != ",":
                        values.append(toks[i])
                    i += 1
                if i >= len(toks):
                    raise SelectorError("unable to parse requirement: expected ')'")
                i += 1
                reqs.append(Requirement(key, op, tuple(values)))
            else:
                raise SelectorError(f"unable to parse requirement: found '{toks[i]}', expected: in, notin, =, ==, !=")
        if i < len(toks):
            if toks[i] != ",":
                raise SelectorError(f"unable to parse requirement: found '{toks[i]}', expected: ','")
            i += 1
    return tuple(reqs)


def from_label_selector(sel: Mapping[str, Any] | None) -> Selector | None:
    """Compile a ``metav1.LabelSelector``; None stays None (matches nothing), ``{}`` matches all."""
    if sel is None:
        return None
    reqs = [Requirement(k, "=", (str(v),)) for k, v in (sel.get("matchLabels") or {}).items()]
    for expr in sel.get("matchExpressions") or []:
        op = str(expr.get("operator", ""))
        key = str(expr.get("key", ""))
        values = tuple(str(v) for v in expr.get("values") or ())
        mapping = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}
        if op not in mapping:
            raise SelectorError(f'"{op}" is not a valid label selector operator')
        reqs.append(Requirement(key, mapping[op], values))
    return tuple(reqs)


def matches(selector: Selector | None, labels: Mapping[str, str] | None) -> bool:
    if selector is None:
        return False
    labels = labels or {}
    return all(r.matches(labels) for r in selector)


FieldGetter = Callable[[dict[str, Any]], Any]


def parse_field_selector(text: str) -> list[tuple[str, str, str]]:
    """``metadata.name=x,metadata.namespace!=y`` → [(field, op, value)]."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        m = re.match(r"^([^!=]+)(==|!=|=)(.*)$", part)
        if not m:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{part}'")
        out.append((m.group(1).strip(), "!=" if m.group(2) == "!=" else "=", m.group(3).strip()))
    return out


def field_value(obj: Mapping[str, Any], path: str) -> str:
    cur: Any = obj
    for part in path.split("."):
        if not isinstance(cur, Mapping):
            return ""
        cur = cur.get(part)
    return "" if cur is None else str(cur)


def matches_fields(reqs: list[tuple[str, str, str]], obj: Mapping[str, Any]) -> bool:
    for path, op, value in reqs:
        actual = field_value(obj, path)
        if (actual == value) != (op == "="):
            return False
    return True
