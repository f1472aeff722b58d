"""kn's ``describe`` layout: indented ``Label:  value`` blocks and the conditions table.

A port of kn's ``printers.PrefixWriter`` on a Go tabwriter (minwidth 0, tabwidth 8, padding
2): an attribute is ``label:<TAB>value``; nested attributes are indented by two spaces;
columns written under a row (``WriteCols``) are indented by one tab cell, which is why image
and replica lines line up under a revision's header. The helpers below are kn's
``WriteMetadata`` (labels and annotations of the serving/client/kubectl domains are hidden
unless ``--verbose``), ``WriteConditions`` (``OK TYPE AGE REASON`` with ``++``/``!!``/``??``,
Ready first, then by severity and type) and ``DescribeSink``.
"""

from __future__ import annotations

from typing import IO, Any

from knlite.cli.kn.output import TabWriter, short_age

Obj = dict[str, Any]

TRUNCATE_AT = 100
_BORING = {"serving.knative.dev", "client.knative.dev", "kubectl.kubernetes.io"}


class PrefixWriter:
    def __init__(self, out: TabWriter, parent: PrefixWriter | None = None, col_indent: int = 0,
                 space_indent: int = 0) -> None:
        self.out = out
        self.parent = parent
        self.col_indent = col_indent
        self.space_indent = space_indent

    @classmethod
    def create(cls, stream: IO[str]) -> PrefixWriter:
        return cls(TabWriter(stream, 0, 8, 2, " "))

    def writef(self, text: str) -> None:
        prefix = "  " * self.space_indent + "\t" * self.col_indent
        if self.parent is not None:
            self.parent.writef(prefix + text)
        else:
            self.out.write(prefix + text)

    def write_cols(self, *cols: str) -> PrefixWriter:
        self.writef("\t".join(cols))
        return PrefixWriter(self.out, self, 1, 0)

    def write_cols_ln(self, *cols: str) -> PrefixWriter:
        ret = self.write_cols(*cols)
        self.write_line()
        return ret

    def write_line(self, *parts: str) -> None:
        self.out.write(" ".join(parts) + "\n")

    def write_attribute(self, attr: str, value: str) -> PrefixWriter:
        self.write_cols_ln(attr + ":", value)
        return PrefixWriter(self.out, self, 0, 1)

    def flush(self) -> None:
        self.out.flush()


def _keys_boring(key: str) -> bool:
    parts = key.split("/")
    return len(parts) > 1 and parts[0] in _BORING


def _join_and_truncate(keys: list[str], m: dict[str, str], width: int) -> str:
    ret = ""
    for k in keys:
        ret += f"{k}={m[k]}, "
        if len(ret) > width:
            break
    ret = ret.rstrip(", ")
    if len(ret) <= width:
        return ret
    return ret[:width - 4] + " ..."


def write_map(dw: PrefixWriter, m: dict[str, str] | None, label: str, details: bool) -> None:
    if not m:
        return
    keys = sorted(k for k in m if details or not _keys_boring(k))
    if not keys:
        return
    if details:
        for i, k in enumerate(keys):
            dw.write_cols_ln(label + ":" if i == 0 else "", f"{k}={m[k]}")
        return
    dw.write_cols_ln(label + ":", _join_and_truncate(keys, m, TRUNCATE_AT - len(label) - 2))


def write_metadata(dw: PrefixWriter, obj: Obj, details: bool) -> None:
    meta = obj.get("metadata") or {}
    dw.write_attribute("Name", meta.get("name", ""))
    dw.write_attribute("Namespace", meta.get("namespace", ""))
    write_map(dw, meta.get("labels"), "Labels", details)
    write_map(dw, meta.get("annotations"), "Annotations", details)
    dw.write_attribute("Age", short_age(meta.get("creationTimestamp")))


def write_slice(dw: PrefixWriter, values: list[str], label: str, details: bool) -> None:
    if not values:
        return
    if details:
        for i, v in enumerate(values):
            dw.write_cols_ln(label + ":" if i == 0 else "", v)
        return
    joined = ", ".join(values)
    if len(joined) > TRUNCATE_AT:
        joined = joined[:TRUNCATE_AT - 4] + " ..."
    dw.write_attribute(label, joined)


def _status_symbol(c: Obj) -> str:
    status = c.get("status")
    if status == "True":
        return "++"
    if status == "False":
        return {"Error": "!!", "Warning": " W", "Info": " I"}.get(c.get("severity", "") or "Error", " !")
    return "??"


_SEVERITY_ORDER = {"Error": 0, "": 0, "Warning": 1, "Info": 2}


def sort_conditions(conds: list[Obj]) -> list[Obj]:
    """Ready first, then errors, warnings, infos; by type within a severity (kn's sortConditions)."""
    def key(c: Obj) -> tuple[int, int, str]:
        ready = 0 if c.get("type") == "Ready" else 1
        return (ready, _SEVERITY_ORDER.get(c.get("severity", "") or "", 3), str(c.get("type", "")))

    return sorted(conds, key=key)


def write_conditions(dw: PrefixWriter, conds: list[Obj], details: bool) -> None:
    section = dw.write_attribute("Conditions", "")
    ordered = sort_conditions(conds)
    width = max((len(str(c.get("type", ""))) for c in ordered), default=0)
    section.writef(f"{'OK':<2} {'TYPE':<{width}} {'AGE':>6} REASON\n")
    for c in ordered:
        reason = str(c.get("reason", "") or "")
        if details and reason:
            reason = f"{reason} ({c.get('message', '')})"
        section.writef(f"{_status_symbol(c):<2} {c.get('type', ''):<{width}} "
                       f"{short_age(c.get('lastTransitionTime')):>6} {reason}\n")


def describe_sink(dw: PrefixWriter, attribute: str, namespace: str, sink: Obj | None) -> None:
    """kn's ``printing.DescribeSink``."""
    if sink is None:
        return
    sub = dw.write_attribute(attribute, "")
    ref = sink.get("ref")
    if ref:
        sub.write_attribute("Name", ref.get("name", ""))
        if ref.get("namespace") and ref.get("namespace") != namespace:
            sub.write_attribute("Namespace", ref["namespace"])
        sub.write_attribute("Resource", f"{ref.get('kind', '')} ({ref.get('apiVersion', '')})")
    if sink.get("uri"):
        sub.write_attribute("URI", str(sink["uri"]))


def write_ce_overrides(dw: PrefixWriter, overrides: dict[str, str]) -> None:
    sub = dw.write_attribute("CloudEvent Overrides", "")
    for k in sorted(overrides):
        sub.write_attribute(k, overrides[k])
