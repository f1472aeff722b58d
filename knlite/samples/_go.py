"""How Go prints things, for the samples that stand in for Knative's Go images.

event_display's output is what ``kubectl logs`` shows and what users (and tests) compare
byte for byte, and appender/heartbeats produce JSON that Go's ``encoding/json`` wrote. These
are the few Go behaviours they need: ``json.Marshal``'s string escaping (HTML-safe),
``json.Indent``, ``strconv.ParseBool``, ``%q`` quoting, ``time.Time.String()`` and
``time.ParseDuration``. Standard library only: the samples' start-up time matters.
"""

from __future__ import annotations

import json
import re

# -- encoding/json -------------------------------------------------------------------------------

_JSON_ESCAPE = re.compile(r'[\x00-\x1f"\\<>&\u2028\u2029]')
_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return _SHORT.get(c) or f"\\u{ord(c):04x}"


def json_string(s: str) -> str:
    """A string as ``json.Marshal`` writes it: ``<``, ``>``, ``&``, U+2028/9 and control
    characters as ``\\u00xx`` (Go 1.21, the Knative 1.12 toolchain), non-ASCII as UTF-8."""
    s = s.encode("utf-8", "replace").decode("utf-8")
    return '"' + _JSON_ESCAPE.sub(_escape, s) + '"'


_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[ \t\r\n]+|[^{}\[\],:" \t\r\n]+', re.S)


def json_indent(src: bytes, prefix: str, indent: str) -> bytes | None:
    """Go's ``json.Indent(dst, src, prefix, indent)``, or None where it returns an error.

    Like Go: leading whitespace dropped, whitespace between tokens replaced, the bytes of
    strings and numbers copied unchanged, ``{}``/``[]`` kept compact, trailing whitespace
    after the value kept (so a body ending in a newline prints one).
    """
    try:
        json.loads(src, parse_constant=_reject)
    except (ValueError, RecursionError):
        return None
    core = src.rstrip(b" \t\r\n")
    trailing = src[len(core):]
    nl_prefix = b"\n" + prefix.encode()
    step = indent.encode()
    out: list[bytes] = []
    depth = 0
    need_indent = False
    for tok in _JSON_TOKEN.findall(core.lstrip(b" \t\r\n")):
        first = tok[:1]
        if first in b" \t\r\n":
            continue
        if need_indent and tok not in (b"}", b"]"):
            need_indent = False
            depth += 1
            out.append(nl_prefix + step * depth)
        if tok in (b"{", b"["):
            need_indent = True
            out.append(tok)
        elif tok == b",":
            out.append(b"," + nl_prefix + step * depth)
        elif tok == b":":
            out.append(b": ")
        elif tok in (b"}", b"]"):
            if need_indent:
                need_indent = False
            else:
                depth -= 1
                out.append(nl_prefix + step * depth)
            out.append(tok)
        else:
            out.append(tok)
    return b"".join(out) + trailing


def _reject(name: str) -> None:
    raise ValueError(name)


# -- strconv / fmt -----------------------------------------------------------------------------------

_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def parse_bool(value: str) -> bool | None:
    """``strconv.ParseBool``: None for a value it rejects."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def quote(s: str) -> str:
    """``%q`` / ``strconv.Quote``."""
    out = ['"']
    for c in s:
        if c == '"' or c == "\\":
            out.append("\\" + c)
        elif c in "\a\b\f\n\r\t\v":
            out.append("\\" + "abfnrtv"["\a\b\f\n\r\t\v".index(c)])
        elif c.isprintable():
            out.append(c)
        elif ord(c) < 0x80:
            out.append(f"\\x{ord(c):02x}")
        elif ord(c) < 0x10000:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    out.append('"')
    return "".join(out)


def time_string(rfc3339: str | None) -> str:
    """``time.Time.String()`` of a UTC RFC 3339 timestamp (the zero time for None):
    ``2018-04-05 03:56:24.5 +0000 UTC``."""
    if not rfc3339:
        return "0001-01-01 00:00:00 +0000 UTC"
    date, _, clock = rfc3339.rstrip("Z").partition("T")
    return f"{date} {clock} +0000 UTC"


# -- time.ParseDuration -------------------------------------------------------------------------------

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_duration(value: str) -> float | None:
    """Go's ``time.ParseDuration`` in seconds, or None for what it rejects."""
    s = value
    sign = 1.0
    if s[:1] in ("+", "-"):
        sign = -1.0 if s[0] == "-" else 1.0
        s = s[1:]
    if s == "0":
        return 0.0
    if not s:
        return None
    total = 0.0
    pos = 0
    while pos < len(s):
        m = _DURATION.match(s, pos)
        if m is None:
            return None
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    return sign * total
