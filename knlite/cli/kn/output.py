"""What kn prints: aligned tables, ``-o`` formats, ages and condition summaries.

Tables are kn's ``HumanReadablePrinter``: upper-cased headers and tab-separated cells aligned
by Go's ``text/tabwriter`` (minwidth 6, tabwidth 4, padding 3, space padding, ``TabIndent``);
the ``NAMESPACE`` column appears only with ``--all-namespaces``. :class:`TabWriter` is a port
of Go's algorithm (column blocks, a line without tabs flushes the block, the last cell of a
line is not aligned), because alignment depends on those details and describe output uses
the same writer with other parameters (minwidth 0, tabwidth 8, padding 2).

``-o json|yaml|name|jsonpath=...|url`` follow kubectl's printers as kn uses them: JSON indented
by four spaces with sorted keys, YAML with sorted keys and Go-yaml quoting, ``kind.group/name``
names, and the JSONPath subset of :mod:`knlite.cli.kn.jsonpath`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import IO, Any

from knlite.apis.goduration import human_duration
from knlite.cli.kn.errors import KnError

Obj = dict[str, Any]


# -- Go's text/tabwriter ------------------------------------------------------------------------

class TabWriter:
    """Go's ``text/tabwriter.Writer`` for whole strings (``write`` then ``flush``)."""

    def __init__(self, out: IO[str], minwidth: int, tabwidth: int, padding: int, padchar: str = " ",
                 tab_indent: bool = False) -> None:
        self.out = out
        self.minwidth = minwidth
        self.tabwidth = tabwidth
        self.padding = padding
        self.padchar = padchar
        self.tab_indent = tab_indent
        self._lines: list[list[str]] = []
        self._partial = ""

    def write(self, text: str) -> None:
        text = self._partial + text
        self._partial = ""
        while True:
            nl = text.find("\n")
            if nl < 0:
                self._partial = text
                return
            cells = text[:nl].split("\t")
            text = text[nl + 1:]
            self._lines.append(cells)
            if len(cells) == 1:  # a line without tabs ends the column block
                self._flush_lines(final_newline=True)

    def flush(self) -> None:
        if self._partial:
            self._lines.append(self._partial.split("\t"))
            self._partial = ""
            self._flush_lines(final_newline=False)
        else:
            self._flush_lines(final_newline=True)

    def _flush_lines(self, final_newline: bool) -> None:
        if not self._lines:
            return
        parts: list[str] = []
        self._format(self._lines, 0, len(self._lines), [], parts, final_newline)
        self.out.write("".join(parts))
        self._lines = []

    def _format(self, lines: list[list[str]], line0: int, line1: int, widths: list[int], parts: list[str],
                final_newline: bool) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            self._write_lines(lines, line0, this, widths, parts, final_newline)
            line0 = this
            width = self.minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + self.padding)
                this += 1
            widths.append(width)
            self._format(lines, line0, this, widths, parts, final_newline)
            widths.pop()
            line0 = this
        self._write_lines(lines, line0, line1, widths, parts, final_newline)

    def _write_lines(self, lines: list[list[str]], line0: int, line1: int, widths: list[int],
                     parts: list[str], final_newline: bool) -> None:
        for i in range(line0, line1):
            use_tabs = self.tab_indent
            for j, cell in enumerate(lines[i]):
                if cell == "":
                    if j < len(widths):
                        parts.append(self._padding(0, widths[j], use_tabs))
                else:
                    use_tabs = False
                    parts.append(cell)
                    if j < len(widths):
                        parts.append(self._padding(len(cell), widths[j], False))
            if i + 1 < len(lines) or final_newline:
                parts.append("\n")

    def _padding(self, textw: int, cellw: int, use_tabs: bool) -> str:
        if self.padchar == "\t" or use_tabs:
            if self.tabwidth == 0:
                return ""
            cellw = (cellw + self.tabwidth - 1) // self.tabwidth * self.tabwidth
            n = cellw - textw
            return "\t" * ((n + self.tabwidth - 1) // self.tabwidth)
        return self.padchar * (cellw - textw)


def table_writer(out: IO[str]) -> TabWriter:
    """kn's ``printers.NewTabWriter``."""
    return TabWriter(out, 6, 4, 3, " ", tab_indent=True)


# -- durations, conditions ----------------------------------------------------------------------

def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def current_time() -> datetime:
    """The clock ages are measured against (tests replace it)."""
    return datetime.now(UTC)


def _seconds_since(value: str | None, now: datetime | None) -> float | None:
    t = parse_time(value)
    if t is None:
        return None
    return ((now or current_time()) - t).total_seconds()


def short_human_duration(seconds: float) -> str:
    """apimachinery's ``duration.ShortHumanDuration``."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m"
    hours = s // 3600
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{int(seconds / 3600 / 24 / 365)}y"


def age(timestamp: str | None, now: datetime | None = None) -> str:
    """kn's ``TranslateTimestampSince`` (list AGE column)."""
    s = _seconds_since(timestamp, now)
    return "<unknown>" if s is None else human_duration(s)


def short_age(timestamp: str | None, now: datetime | None = None) -> str:
    """kn's ``commands.Age`` (describe ``Age:`` and condition ages)."""
    s = _seconds_since(timestamp, now)
    return "" if s is None else short_human_duration(s)


def conditions(obj: Obj) -> list[Obj]:
    return list(((obj.get("status") or {}).get("conditions")) or [])


def conditions_value(obj: Obj) -> str:
    conds = conditions(obj)
    ok = sum(1 for c in conds if c.get("status") == "True")
    return f"{ok} OK / {len(conds)}"


def ready_condition(obj: Obj) -> str:
    for c in conditions(obj):
        if c.get("type") == "Ready":
            return str(c.get("status", ""))
    return "<unknown>"


def non_ready_reason(obj: Obj) -> str:
    for c in conditions(obj):
        if c.get("type") == "Ready":
            if c.get("status") == "True":
                return ""
            if c.get("message"):
                return f"{c.get('reason', '')} : {c['message']}"
            return str(c.get("reason", ""))
    return "<unknown>"


def meta(obj: Obj) -> Obj:
    return obj.get("metadata") or {}


# -- tables ---------------------------------------------------------------------------------------

Row = Sequence[str]


def print_table(out: IO[str], columns: Sequence[str], rows: Iterable[Row], all_namespaces: bool,
                no_headers: bool, namespace_column: bool = True) -> None:
    """kn's table: an optional leading NAMESPACE column (with -A), upper-cased headers."""
    w = table_writer(out)
    if not no_headers:
        headers = (["NAMESPACE"] if all_namespaces and namespace_column else []) + [c.upper() for c in columns]
        w.write("\t".join(headers) + "\n")
    for row in rows:
        w.write("\t".join(row) + "\n")
    w.flush()


# -- -o printers ----------------------------------------------------------------------------------

OUTPUT_FORMATS = ("json", "yaml", "name", "go-template", "go-template-file", "template", "templatefile",
                  "jsonpath", "jsonpath-as-json", "jsonpath-file")


def _go_json(obj: Any) -> str:
    text = json.dumps(obj, indent=4, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_json(obj: Any) -> str:
    """kubectl's JSON printer: four-space indent, HTML-escaped, trailing newline."""
    return _go_json(obj) + "\n"


def to_yaml(obj: Any) -> str:
    """sigs.k8s.io/yaml output: sorted keys, indentless lists, double quotes where needed."""
    from knlite.cli.kn import yamlout

    return yamlout.dump(obj)


def resource_name(obj: Obj) -> str:
    """``kind.group/name`` as kubectl's name printer writes it (``service.serving.knative.dev/hello``)."""
    kind = str(obj.get("kind", "")).lower()
    group = str(obj.get("apiVersion", "")).rpartition("/")[0]
    prefix = f"{kind}.{group}" if group else kind
    return f"{prefix}/{meta(obj).get('name', '')}"


def print_object(out: IO[str], obj: Obj, fmt: str, template: str = "") -> None:
    """Print one object or a List in an ``-o`` format."""
    fmt, _, arg = fmt.partition("=")
    if fmt == "json":
        out.write(to_json(obj))
    elif fmt == "yaml":
        out.write(to_yaml(obj))
    elif fmt == "name":
        items = obj.get("items") if obj.get("kind", "").endswith("List") and "items" in obj else [obj]
        for item in items or []:
            out.write(resource_name(item) + "\n")
    elif fmt in ("jsonpath", "jsonpath-as-json", "jsonpath-file"):
        from knlite.cli.kn import jsonpath

        expr = arg or template
        if fmt == "jsonpath-file":
            try:
                with open(expr) as f:
                    expr = f.read()
            except OSError as e:
                raise KnError(f"error reading --template {expr}, {e}") from None
        if not expr:
            raise KnError("template format specified but no template given")
        try:
            out.write(jsonpath.execute(expr, obj, as_json=(fmt == "jsonpath-as-json")))
        except jsonpath.JsonPathError as e:
            raise KnError(str(e)) from None
    elif fmt in ("go-template", "go-template-file", "template", "templatefile"):
        raise KnError(f"output format {fmt!r} is not supported by knlite's kn; use -o jsonpath=... instead")
    else:
        allowed = ", ".join(OUTPUT_FORMATS)
        raise KnError(f'unable to match a printer suitable for the output format "{fmt}", allowed formats are: '
                      f'{allowed}')


def as_list(items: list[Obj], api_version: str = "v1", kind: str = "List") -> Obj:
    """A list object the way kn prints lists with -o (``kind: XList`` with its items)."""
    return {"apiVersion": api_version, "items": items, "kind": kind, "metadata": {"resourceVersion": ""}}


