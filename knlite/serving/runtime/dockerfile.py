"""The subset of a Dockerfile that ``knlite image build`` understands.

A Python app written for Knative usually ships a Dockerfile like the helloworld-python
sample's: ``ENV``, ``WORKDIR``, ``COPY . ./``, ``RUN pip install ...``, ``EXPOSE`` and a
``CMD``/``ENTRYPOINT``. knlite has no container build, so it reads what translates to a
local process — the image config fields (``ENTRYPOINT``, ``CMD`` in exec and shell form,
``ENV``, ``WORKDIR``, ``EXPOSE``), the ``COPY``/``ADD`` layout of the app's files, and
``RUN pip install`` lines (run inside the image's own virtualenv) — and reports every other
instruction as ignored. Shell forms become ``/bin/sh -c "..."`` exactly as Docker stores
them; ``$VAR``/``${VAR}``/``${VAR:-default}`` are substituted from ``ARG`` and ``ENV``.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field

SHELL = ("/bin/sh", "-c")
_VAR = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<op>[-+])(?P<word>[^}]*))?\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


class DockerfileError(ValueError):
    pass


@dataclass
class Copy:
    sources: list[str]
    dest: str  # absolute path inside the image


@dataclass
class Dockerfile:
    base: str = ""
    entrypoint: list[str] | None = None
    cmd: list[str] | None = None
    env: list[tuple[str, str]] = field(default_factory=list)
    workdir: str = "/"
    exposed_ports: list[int] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    pip_installs: list[tuple[str, list[str]]] = field(default_factory=list)  # (workdir, pip args)
    ignored: list[str] = field(default_factory=list)  # instructions knlite did not apply

    def env_dict(self) -> dict[str, str]:
        return dict(self.env)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Join backslash continuations; drop comments and blank lines."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    start = 0
    for n, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue  # comment lines inside a continuation are skipped, as Docker does
        if not buf:
            start = n
        if stripped.endswith("\\"):
            buf.append(stripped[:-1])
            continue
        buf.append(stripped)
        out.append((start, " ".join(b.strip() for b in buf if b.strip())))
        buf = []
    if buf:
        out.append((start, " ".join(b.strip() for b in buf if b.strip())))
    return out


def substitute(value: str, variables: dict[str, str]) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group("braced") or m.group("plain")
        current = variables.get(name, "")
        op = m.group("op")
        if op == "-":
            return current or m.group("word")
        if op == "+":
            return m.group("word") if current else ""
        return current

    # "\$" keeps a literal dollar sign
    parts = value.split("\\$")
    return "$".join(_VAR.sub(repl, p) for p in parts)


def _json_list(value: str) -> list[str] | None:
    if not value.startswith("["):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if isinstance(data, list) and all(isinstance(x, str) for x in data):
        return data
    return None


def _command(value: str) -> list[str]:
    exec_form = _json_list(value)
    if exec_form is not None:
        return exec_form
    return [*SHELL, value]


def _parse_env(args: str, variables: dict[str, str], lineno: int) -> list[tuple[str, str]]:
    try:
        words = shlex.split(args, posix=True)
    except ValueError as e:
        raise DockerfileError(f"line {lineno}: ENV: {e}") from None
    if not words:
        raise DockerfileError(f"line {lineno}: ENV requires at least one argument")
    if "=" not in words[0]:  # legacy form: ENV key the rest of the line
        key, _, rest = args.strip().partition(" ")
        return [(key, substitute(rest.strip(), variables))]
    out = []
    local = dict(variables)
    for w in words:
        if "=" not in w:
            raise DockerfileError(f"line {lineno}: ENV names can not be blank: {w!r}")
        k, _, v = w.partition("=")
        v = substitute(v, local)
        local[k] = v
        out.append((k, v))
    return out


def _join(workdir: str, path: str) -> str:
    if path.startswith("/"):
        joined = path
    else:
        joined = workdir.rstrip("/") + "/" + path
    parts: list[str] = []
    for p in joined.split("/"):
        if p in ("", "."):
            continue
        if p == "..":
            if parts:
                parts.pop()
            continue
        parts.append(p)
    result = "/" + "/".join(parts)
    if path.endswith("/") and result != "/":
        result += "/"
    return result


def _pip_segments(argv: list[str]) -> list[str] | None:
    """``pip install X`` / ``python -m pip install X`` → the arguments after ``install``."""
    if not argv:
        return None
    exe = argv[0].rsplit("/", 1)[-1]
    if exe in ("pip", "pip3") and argv[1:2] == ["install"]:
        return argv[2:]
    if exe.startswith("python") and argv[1:4] == ["-m", "pip", "install"]:
        return argv[4:]
    return None


def parse(text: str) -> Dockerfile:
    df = Dockerfile()
    variables: dict[str, str] = {}
    for lineno, line in _logical_lines(text):
        instr, _, args = line.partition(" ")
        instr = instr.upper()
        args = args.strip()
        if instr == "FROM":
            if df.base:
                df.ignored.append(f"line {lineno}: multi-stage FROM {args}")
            df.base = df.base or args
        elif instr == "ARG":
            name, _, default = args.partition("=")
            variables.setdefault(name.strip(), substitute(default.strip().strip('"'), variables))
        elif instr == "ENV":
            for k, v in _parse_env(args, variables, lineno):
                variables[k] = v
                df.env = [(ek, ev) for ek, ev in df.env if ek != k] + [(k, v)]
        elif instr == "WORKDIR":
            df.workdir = _join(df.workdir, substitute(args, variables)).rstrip("/") or "/"
        elif instr == "EXPOSE":
            for p in substitute(args, variables).split():
                try:
                    df.exposed_ports.append(int(p.split("/")[0]))
                except ValueError:
                    raise DockerfileError(f"line {lineno}: EXPOSE: invalid port {p!r}") from None
        elif instr == "ENTRYPOINT":
            df.entrypoint = _command(args)  # (Docker resets an inherited CMD here; there is none)
        elif instr == "CMD":
            df.cmd = _command(args)
        elif instr in ("COPY", "ADD"):
            words = _json_list(args) or shlex.split(args)
            flags = [w for w in words if w.startswith("--")]
            words = [substitute(w, variables) for w in words if not w.startswith("--")]
            if any(f.startswith("--from") for f in flags):
                df.ignored.append(f"line {lineno}: {instr} --from (multi-stage builds are not supported)")
                continue
            if len(words) < 2:
                raise DockerfileError(f"line {lineno}: {instr} requires at least two arguments")
            if instr == "ADD" and any("://" in w for w in words[:-1]):
                df.ignored.append(f"line {lineno}: ADD from a URL")
                continue
            df.copies.append(Copy(words[:-1], _join(df.workdir, words[-1])))
        elif instr == "RUN":
            exec_form = _json_list(args)
            segments = [exec_form] if exec_form is not None else _shell_segments(args)
            for seg in segments:
                pip = _pip_segments([substitute(w, variables) for w in seg])
                if pip is None:
                    df.ignored.append(f"line {lineno}: RUN {shlex.join(seg)}")
                else:
                    df.pip_installs.append((df.workdir, pip))
        else:
            df.ignored.append(f"line {lineno}: {instr}")
    return df


def _shell_segments(script: str) -> list[list[str]]:
    """Split a shell-form RUN on ``&&`` and ``;`` (no other shell syntax is interpreted)."""
    lex = shlex.shlex(script, posix=True, punctuation_chars=";&|")
    lex.whitespace_split = True
    segments: list[list[str]] = [[]]
    try:
        for tok in lex:
            if tok in ("&&", ";"):
                segments.append([])
            else:
                segments[-1].append(tok)
    except ValueError as e:
        raise DockerfileError(f"RUN: {e}") from None
    return [s for s in segments if s]
