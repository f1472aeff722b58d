"""Go ``text/template``, the subset Knative's ConfigMaps are written in.

Knative builds host names from Go templates in config-network (``{{.Name}}.{{.Namespace}}.{{.Domain}}``,
``{{.Tag}}-{{.Name}}``, ``{{index .Annotations "sub"}}``), container names from templates over the
parent's ObjectMeta (config-defaults) and request-log lines from a template (config-observability).
Validation renders them, and the config webhook returns Go's parse and execution errors verbatim,
so this engine follows Go's grammar and wording: text, actions with trim markers, comments, fields,
variables, literals, pipelines, parentheses, ``if``/``else if``/``else``, ``with``, ``range`` (with
``break``/``continue``) and the builtin functions. ``define``, ``template`` and ``block`` are not
supported. Data is a :class:`GoStruct` (fixed fields; a missing one is an error, as in Go) or a
``dict`` (a Go map; a missing key prints ``<no value>``).

It also holds the ``net/url`` check Knative applies to a rendered domain template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knlite.config._golang import GoError, go_float, go_quote, go_value

DEFAULT_DOMAIN_TEMPLATE = "{{.Name}}.{{.Namespace}}.{{.Domain}}"
DEFAULT_TAG_TEMPLATE = "{{.Tag}}-{{.Name}}"


class TemplateError(GoError):
    """A template that does not parse or does not execute; the message is Go's."""


@dataclass(frozen=True)
class GoStruct:
    """A Go struct value handed to a template: a field it lacks is an error, as in Go."""

    type_name: str
    fields: Mapping[str, Any]


class _Missing:
    """Go's invalid reflect.Value: a missing map key; prints as ``<no value>``."""


_MISSING = _Missing()
_NO_FINAL = object()
_SPACE = " \t\r\n"
_KEYWORDS = {"block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"}
_NUMBER_RE = re.compile(
    r"[+-]?(?:0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*(?:[pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+"
    r"|[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?"
)
_WORD_RE = re.compile(r"\w+")
_QUOTED_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_CHAR_RE = re.compile(r"'(?:[^'\\\n]|\\.)*'")
_UNQUOTE_RE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)")
_UNQUOTE_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


@dataclass(frozen=True)
class _Tok:
    typ: str  # text left right space field variable dot identifier keyword bool nil number string
    val: str  # rawstring char_const char pipe lparen rparen declare assign comma eof
    pos: int


def _unquote(tok: str) -> str:
    if tok[0] == "`":
        return tok[1:-1]

    def sub(m: re.Match[str]) -> str:
        e = m.group()[1:]
        if e[0] in "xuU":
            return chr(int(e[1:], 16))
        if e[0] in "01234567":
            return chr(int(e, 8))
        return _UNQUOTE_SIMPLE.get(e, e)

    return _UNQUOTE_RE.sub(sub, tok[1:-1])


def _right_trim_at(text: str, i: int) -> bool:
    return i + 1 < len(text) and text[i] in _SPACE and text[i + 1] == "-" and text.startswith("}}", i + 2)


class _LexError(Exception):
    def __init__(self, pos: int, msg: str) -> None:
        super().__init__(msg)
        self.pos, self.msg = pos, msg


class _Lexer:
    """Tokens of a template. A lexing error becomes an ``error`` token: like Go's lazy lexer, the
    parser reports it only when it gets there, so an earlier syntax error wins."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[_Tok] = []
        self.pos = 0

    @staticmethod
    def error(pos: int, msg: str) -> _LexError:
        return _LexError(pos, msg)

    def emit(self, typ: str, end: int) -> None:
        self.toks.append(_Tok(typ, self.text[self.pos : end], self.pos))
        self.pos = end

    def run(self) -> list[_Tok]:
        try:
            self.lex()
        except _LexError as e:
            self.toks += [_Tok("error", e.msg, e.pos), _Tok("eof", "", len(self.text))]
        return self.toks

    def lex(self) -> None:
        text, n = self.text, len(self.text)
        while True:
            i = text.find("{{", self.pos)
            if i < 0:
                if self.pos < n:
                    self.emit("text", n)
                self.toks.append(_Tok("eof", "", n))
                return
            trim = text[i + 2 : i + 3] == "-" and text[i + 3 : i + 4] != "" and text[i + 3] in _SPACE
            seg = text[self.pos : i].rstrip(_SPACE) if trim else text[self.pos : i]
            if seg:
                self.toks.append(_Tok("text", seg, self.pos))
            self.pos = i + (4 if trim else 2)
            if text.startswith("/*", self.pos):
                self.comment(i)
            else:
                self.toks.append(_Tok("left", "{{", i))
                self.action()

    def skip_trimmed_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _SPACE:
            self.pos += 1

    def comment(self, start: int) -> None:
        end = self.text.find("*/", self.pos + 2)
        if end < 0:
            raise self.error(start, "unclosed comment")
        self.pos = end + 2
        if _right_trim_at(self.text, self.pos):
            self.pos += 4
            self.skip_trimmed_space()
        elif self.text.startswith("}}", self.pos):
            self.pos += 2
        else:
            raise self.error(start, "comment ends before closing delimiter")

    def action(self) -> None:
        text, n, parens = self.text, len(self.text), 0
        while True:
            p = self.pos
            if p >= n:
                raise self.error(p, "unclosed action")
            if _right_trim_at(text, p) or text.startswith("}}", p):
                if parens:
                    raise self.error(p, "unclosed left paren")
                trim = not text.startswith("}}", p)
                self.toks.append(_Tok("right", "}}", p + 2 if trim else p))
                self.pos = p + (4 if trim else 2)
                if trim:
                    self.skip_trimmed_space()
                return
            c = text[p]
            nxt = text[p + 1 : p + 2]
            if c in _SPACE:
                end = p
                while end < n and text[end] in _SPACE and not _right_trim_at(text, end):
                    end += 1
                self.emit("space", max(end, p + 1))
            elif c == ":":
                if nxt != "=":
                    raise self.error(p, "expected :=")
                self.emit("declare", p + 2)
            elif c in "=|,()":
                parens += {"(": 1, ")": -1}.get(c, 0)
                if parens < 0:
                    raise self.error(p, "unexpected right paren")
                self.emit({"=": "assign", "|": "pipe", ",": "comma", "(": "lparen", ")": "rparen"}[c], p + 1)
            elif c == '"':
                m = _QUOTED_RE.match(text, p)
                if not m:
                    raise self.error(p, "unterminated quoted string")
                self.emit("string", m.end())
            elif c == "`":
                end = text.find("`", p + 1)
                if end < 0:
                    raise self.error(p, "unterminated raw quoted string")
                self.emit("rawstring", end + 1)
            elif c == "'":
                m = _CHAR_RE.match(text, p)
                if not m:
                    raise self.error(p, "unterminated character constant")
                self.emit("char_const", m.end())
            elif c == "$":
                w = _WORD_RE.match(text, p + 1)
                self.emit("variable", w.end() if w else p + 1)
            elif c == "." and not nxt.isdigit():
                w = _WORD_RE.match(text, p + 1)
                self.emit("field" if w else "dot", w.end() if w else p + 1)
                self.check_terminator()
            elif c in "+-." or c.isdigit():
                m = _NUMBER_RE.match(text, p)
                end = m.end() if m else p
                if end == p or (end < n and (text[end].isalnum() or text[end] == "_")):
                    raise self.error(p, f"bad number syntax: {go_quote(text[p : end + 1])}")
                self.emit("number", end)
            elif c.isalpha() or c == "_":
                w = _WORD_RE.match(text, p)
                assert w is not None
                word = w.group()
                kind = (
                    "keyword" if word in _KEYWORDS else "bool" if word in ("true", "false") else "identifier"
                )
                self.emit("nil" if word == "nil" else kind, w.end())
                self.check_terminator()
            elif c.isprintable() and ord(c) < 0x80:
                self.emit("char", p + 1)
            else:
                raise self.error(p, f"unrecognized character in action: U+{ord(c):04X} {c!r}")

    def check_terminator(self) -> None:
        c = self.text[self.pos : self.pos + 1]
        if c and c not in _SPACE and c not in ".,|:()}":
            raise self.error(self.pos, f"bad character U+{ord(c):04X} '{c}'")


# Parse tree. Each node's str() is Go's Node.String(), used in "executing ... at <node>".
@dataclass(frozen=True)
class _Node:
    pos: int


@dataclass(frozen=True)
class _Text(_Node):
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class _Field(_Node):
    idents: tuple[str, ...]

    def __str__(self) -> str:
        return "".join("." + i for i in self.idents)


@dataclass(frozen=True)
class _Variable(_Node):
    name: str
    idents: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name + "".join("." + i for i in self.idents)


@dataclass(frozen=True)
class _Literal(_Node):
    value: Any
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class _Dot(_Node):
    def __str__(self) -> str:
        return "."


@dataclass(frozen=True)
class _Ident(_Node):
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class _Command(_Node):
    args: tuple[_Node, ...]

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, _Pipe) else str(a) for a in self.args)


@dataclass(frozen=True)
class _Pipe(_Node):
    decl: tuple[str, ...]
    is_assign: bool
    cmds: tuple[_Command, ...]

    def __str__(self) -> str:
        head = (", ".join(self.decl) + (" = " if self.is_assign else " := ")) if self.decl else ""
        return head + " | ".join(str(c) for c in self.cmds)


@dataclass(frozen=True)
class _Chain(_Node):
    node: _Node
    fields: tuple[str, ...]

    def __str__(self) -> str:
        base = f"({self.node})" if isinstance(self.node, _Pipe) else str(self.node)
        return base + "".join("." + f for f in self.fields)


@dataclass(frozen=True)
class _Action(_Node):
    pipe: _Pipe

    def __str__(self) -> str:
        return f"{{{{{self.pipe}}}}}"


@dataclass(frozen=True)
class _Control(_Node):
    kind: str  # if | with | range
    pipe: _Pipe
    body: tuple[_Node, ...]
    else_body: tuple[_Node, ...] | None

    def __str__(self) -> str:
        text = f"{{{{{self.kind} {self.pipe}}}}}" + "".join(map(str, self.body))
        if self.else_body is not None:
            text += "{{else}}" + "".join(map(str, self.else_body))
        return text + "{{end}}"


@dataclass(frozen=True)
class _Jump(_Node):
    kind: str  # break | continue

    def __str__(self) -> str:
        return f"{{{{{self.kind}}}}}"


@dataclass(frozen=True)
class _Stop(_Node):
    kind: str  # end | else

    def __str__(self) -> str:
        return "{{" + self.kind + "}}"


_OPERAND_START = {
    "bool",
    "char_const",
    "dot",
    "field",
    "identifier",
    "number",
    "nil",
    "rawstring",
    "string",
    "variable",
    "lparen",
}


class _Parser:
    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.toks = _Lexer(text).run()
        self.i = 0
        self.vars = ["$"]
        self.range_depth = 0

    def error(self, pos: int, msg: str) -> TemplateError:
        return TemplateError(f"template: {self.name}:{1 + self.text.count(chr(10), 0, pos)}: {msg}")

    def next(self) -> _Tok:
        tok = self.toks[min(self.i, len(self.toks) - 1)]
        self.i += 1
        return tok

    def peek(self) -> _Tok:
        return self.toks[min(self.i, len(self.toks) - 1)]

    def next_non_space(self) -> _Tok:
        tok = self.next()
        while tok.typ == "space":
            tok = self.next()
        return tok

    def peek_non_space(self) -> _Tok:
        tok = self.next_non_space()
        self.i -= 1
        return tok

    def unexpected(self, tok: _Tok, context: str) -> TemplateError:
        if tok.typ == "error":
            return self.error(tok.pos, tok.val)
        if tok.typ == "eof":
            what = "EOF"
        elif tok.typ == "keyword":
            what = f"<{tok.val}>"
        elif len(tok.val) > 10:
            what = go_quote(tok.val[:10]) + "..."
        else:
            what = go_quote(tok.val)
        return self.error(tok.pos, f"unexpected {what} in {context}")

    def parse(self) -> tuple[_Node, ...]:
        nodes, stop = self.item_list(top=True)
        if stop is not None:
            raise self.error(stop.pos, f"unexpected {stop}")
        return nodes

    def item_list(self, top: bool = False) -> tuple[tuple[_Node, ...], _Stop | None]:
        nodes: list[_Node] = []
        while True:
            tok = self.next_non_space()
            if tok.typ == "eof":
                if top:
                    return tuple(nodes), None
                raise self.error(tok.pos, "unexpected EOF")
            if tok.typ == "text":
                nodes.append(_Text(tok.pos, tok.val))
            elif tok.typ == "left":
                node = self.action()
                if isinstance(node, _Stop):
                    return tuple(nodes), node
                nodes.append(node)
            else:
                raise self.unexpected(tok, "input")

    def expect_right(self, context: str) -> None:
        tok = self.next_non_space()
        if tok.typ != "right":
            raise self.unexpected(tok, context)

    def action(self) -> _Node:
        tok = self.next_non_space()
        if tok.typ == "keyword":
            kw = tok.val
            if kw in ("if", "with", "range"):
                return self.control(kw, tok)
            if kw == "else":
                nxt = self.peek_non_space()
                if not (nxt.typ == "keyword" and nxt.val == "if"):
                    self.expect_right("else")
                return _Stop(tok.pos, "else")
            if kw == "end":
                self.expect_right("end")
                return _Stop(tok.pos, "end")
            if kw in ("break", "continue"):
                if not self.range_depth:
                    raise self.error(tok.pos, f"{{{{{kw}}}}} outside {{{{range}}}}")
                self.expect_right(kw)
                return _Jump(tok.pos, kw)
            raise self.error(tok.pos, f"{{{{{kw}}}}} is not supported by knlite")
        self.i -= 1
        return _Action(tok.pos, self.pipeline("command", "right"))

    def control(self, kind: str, tok: _Tok) -> _Control:
        mark = len(self.vars)
        pipe = self.pipeline(kind, "right")
        self.range_depth += kind == "range"
        body, stop = self.item_list()
        self.range_depth -= kind == "range"
        else_body: tuple[_Node, ...] | None = None
        if stop is not None and stop.kind == "else":
            nxt = self.peek()
            if kind == "if" and nxt.typ == "keyword" and nxt.val == "if":
                else_body = (self.control("if", self.next()),)
            else:
                else_body, stop = self.item_list()
                if stop is None or stop.kind != "end":
                    raise self.error(stop.pos if stop else len(self.text), f"expected end; found {stop}")
        del self.vars[mark:]
        return _Control(pipe.pos, kind, pipe, body, else_body)

    def pipeline(self, context: str, end: str) -> _Pipe:
        decl: list[str] = []
        is_assign = False
        start = self.peek_non_space().pos
        while True:
            save = self.i
            var = self.next_non_space()
            if var.typ != "variable":
                self.i = save
                break
            nxt = self.next_non_space()
            if nxt.typ in ("declare", "assign"):
                is_assign = nxt.typ == "assign"
                decl.append(var.val)
                self.vars.append(var.val)
                break
            if nxt.typ == "comma":
                decl.append(var.val)
                self.vars.append(var.val)
                if context == "range" and len(decl) < 2:
                    if self.peek_non_space().typ in ("variable", "right", "rparen"):
                        continue
                    raise self.error(nxt.pos, "range can only initialize variables")
                raise self.error(nxt.pos, f"too many declarations in {context}")
            self.i = save
            break
        cmds: list[_Command] = []
        while True:
            tok = self.next_non_space()
            if tok.typ == end:
                if not cmds:
                    raise self.error(tok.pos, f"missing value for {context}")
                for k, c in enumerate(cmds[1:], start=2):
                    if isinstance(c.args[0], _Literal | _Dot):
                        raise self.error(c.pos, f"non executable command in pipeline stage {k}")
                return _Pipe(start, tuple(decl), is_assign, tuple(cmds))
            if tok.typ not in _OPERAND_START:
                raise self.unexpected(tok, context)
            self.i -= 1
            cmds.append(self.command())

    def command(self) -> _Command:
        args: list[_Node] = []
        pos = self.peek_non_space().pos
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                args.append(operand)
            tok = self.next()
            if tok.typ == "space":
                continue
            if tok.typ in ("right", "rparen"):
                self.i -= 1
            elif tok.typ != "pipe":
                raise self.unexpected(tok, "operand")
            break
        if not args:
            raise self.error(pos, "empty command")
        return _Command(pos, tuple(args))

    def operand(self) -> _Node | None:
        node = self.term()
        if node is None or self.peek().typ != "field":
            return node
        fields: list[str] = []
        while self.peek().typ == "field":
            fields.append(self.next().val[1:])
        if isinstance(node, _Field):
            return _Field(node.pos, node.idents + tuple(fields))
        if isinstance(node, _Variable):
            return _Variable(node.pos, node.name, node.idents + tuple(fields))
        if isinstance(node, _Literal | _Dot):
            raise self.error(node.pos, f"unexpected . after term {go_quote(str(node))}")
        return _Chain(node.pos, node, tuple(fields))

    def term(self) -> _Node | None:
        tok = self.next_non_space()
        t, v, p = tok.typ, tok.val, tok.pos
        if t == "identifier":
            if v not in _FUNCS:
                raise self.error(p, f"function {go_quote(v)} not defined")
            return _Ident(p, v)
        if t == "dot":
            return _Dot(p)
        if t == "nil":
            return _Literal(p, None, "nil")
        if t == "variable":
            if v not in self.vars:
                raise self.error(p, f"undefined variable {go_quote(v)}")
            return _Variable(p, v)
        if t == "field":
            return _Field(p, (v[1:],))
        if t == "bool":
            return _Literal(p, v == "true", v)
        if t == "number":
            return _Literal(p, self.number(tok), v)
        if t == "char_const":
            return _Literal(p, ord(_unquote(v)[0]) if len(v) > 2 else 0, v)
        if t in ("string", "rawstring"):
            return _Literal(p, _unquote(v), v)
        if t == "lparen":
            return self.pipeline("parenthesized pipeline", "rparen")
        self.i -= 1
        return None

    def number(self, tok: _Tok) -> int | float:
        s = tok.val.replace("_", "")
        try:
            return int(s, 0) if re.fullmatch(r"[+-]?(0[xXbBoO].+|[1-9][0-9]*|0)", s) else float(s)
        except ValueError:
            try:
                return float.fromhex(s)
            except ValueError:
                raise self.error(tok.pos, f"illegal number syntax: {go_quote(tok.val)}") from None


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


@dataclass(frozen=True)
class Template:
    """A parsed Go template; :meth:`execute` renders it over ``data`` (a GoStruct or a dict)."""

    name: str
    text: str
    root: tuple[_Node, ...]

    def execute(self, data: Any) -> str:
        out: list[str] = []
        _Exec(self, data).walk_list(data, self.root, out)
        return "".join(out)


_TEMPLATE_CACHE: dict[tuple[str, str], Template] = {}


def parse_template(text: str, name: str = "template") -> Template:
    """Parse (and cache) a Go template; raises :class:`TemplateError` with Go's message."""
    key = (name, text)
    tmpl = _TEMPLATE_CACHE.get(key)
    if tmpl is None:
        tmpl = Template(name, text, _Parser(name, text).parse())
        if len(_TEMPLATE_CACHE) > 256:
            _TEMPLATE_CACHE.clear()
        _TEMPLATE_CACHE[key] = tmpl
    return tmpl


def render_template(text: str, data: Any, name: str = "template") -> str:
    return parse_template(text, name).execute(data)


def domain_template_values(
    name: str,
    namespace: str,
    domain: str,
    annotations: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> GoStruct:
    return GoStruct(
        "config.DomainTemplateValues",
        {
            "Name": name,
            "Namespace": namespace,
            "Domain": domain,
            "Annotations": dict(annotations or {}),
            "Labels": dict(labels or {}),
        },
    )


def tag_template_values(name: str, tag: str) -> GoStruct:
    return GoStruct("config.TagTemplateValues", {"Name": name, "Tag": tag})


def render_domain(
    template: str,
    *,
    name: str,
    namespace: str,
    domain: str,
    annotations: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """A host from config-network's ``domain-template`` (``name`` is the tag host for tags)."""
    values = domain_template_values(name, namespace, domain, annotations, labels)
    return parse_template(template, "domain-template").execute(values)


def render_tag(template: str, *, name: str, tag: str) -> str:
    """The ``.Name`` of a tag's host from config-network's ``tag-template``."""
    return parse_template(template, "tag-template").execute(tag_template_values(name, tag))


_OBJECT_META_FIELDS = {
    "Name": "name",
    "GenerateName": "generateName",
    "Namespace": "namespace",
    "SelfLink": "selfLink",
    "UID": "uid",
    "ResourceVersion": "resourceVersion",
    "Generation": "generation",
    "CreationTimestamp": "creationTimestamp",
    "DeletionTimestamp": "deletionTimestamp",
    "DeletionGracePeriodSeconds": "deletionGracePeriodSeconds",
    "Labels": "labels",
    "Annotations": "annotations",
    "OwnerReferences": "ownerReferences",
    "Finalizers": "finalizers",
    "ManagedFields": "managedFields",
}
_META_ZERO: dict[str, Any] = {
    "generation": 0,
    "labels": {},
    "annotations": {},
    "ownerReferences": [],
    "finalizers": [],
    "managedFields": [],
    "deletionTimestamp": None,
    "deletionGracePeriodSeconds": None,
}


def object_meta_values(meta: Mapping[str, Any] | None = None) -> GoStruct:
    """A Kubernetes ``metadata`` dict as the ``v1.ObjectMeta`` container-name templates see."""
    meta = meta or {}
    return GoStruct(
        "v1.ObjectMeta",
        {go: meta.get(js, _META_ZERO.get(js, "")) for go, js in _OBJECT_META_FIELDS.items()},
    )


def _go_type(v: Any) -> str:
    if isinstance(v, GoStruct):
        return v.type_name
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, Mapping):
        return "map[string]string"
    if isinstance(v, list | tuple):
        return "[]interface {}"
    return "<nil>"


def _go_print(v: Any) -> str:
    """``fmt.Sprint`` of one template value."""
    if v is _MISSING:
        return "<no value>"
    if isinstance(v, GoStruct):
        return "{" + " ".join(_go_print(x) for x in v.fields.values()) + "}"
    if isinstance(v, Mapping):
        return "map[" + " ".join(f"{_go_print(k)}:{_go_print(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list | tuple):
        return "[" + " ".join(_go_print(x) for x in v) + "]"
    return go_value(v)


def _truth(v: Any) -> bool:
    if v is None or v is _MISSING:
        return False
    if isinstance(v, GoStruct):
        return True
    if isinstance(v, bool | int | float):
        return bool(v)
    return len(v) > 0


class _FuncError(Exception):
    """A builtin's error: reported as ``error calling <name>: <msg>``."""


def _kind(v: Any) -> str | None:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    return "string" if isinstance(v, str) else None


def _fn_eq(a: Any, *bs: Any) -> bool:
    if not bs:
        raise _FuncError("missing argument for comparison")
    for b in bs:
        ka, kb = _kind(a), _kind(b)
        invalid = (a is None or a is _MISSING, b is None or b is _MISSING)
        if ka != kb:
            if not any(invalid):
                raise _FuncError("incompatible types for comparison")
        elif ka is None and not all(invalid):
            raise _FuncError("invalid type for comparison")
        elif a == b:
            return True
    return False


def _fn_lt(a: Any, b: Any) -> bool:
    ka, kb = _kind(a), _kind(b)
    if ka is None or kb is None or ka == "bool" or kb == "bool":
        raise _FuncError("invalid type for comparison")
    if ka != kb:
        raise _FuncError("incompatible types for comparison")
    return bool(a < b)


def _fn_index(item: Any, *indices: Any) -> Any:
    for ix in indices:
        if item is None or item is _MISSING:
            raise _FuncError("index of untyped nil")
        if isinstance(item, Mapping):
            if not isinstance(ix, str):
                raise _FuncError(f"value has type {_go_type(ix)}; should be string")
            item = item.get(ix, "")  # the zero value of map[string]string
        elif isinstance(item, list | tuple | str):
            if isinstance(ix, bool) or not isinstance(ix, int):
                raise _FuncError(f"cannot index slice/array with type {_go_type(ix)}")
            if not 0 <= ix < len(item):
                raise _FuncError(f"index out of range: {ix}")
            item = ord(item[ix]) if isinstance(item, str) else item[ix]
        else:
            raise _FuncError(f"can't index item of type {_go_type(item)}")
    return item


def _fn_slice(item: Any, *indices: Any) -> Any:
    if not isinstance(item, list | tuple | str):
        raise _FuncError(f"can't slice item of type {_go_type(item)}")
    if len(indices) > 2:
        raise _FuncError("too many slice indexes")
    bounds = [i if isinstance(i, int) and not isinstance(i, bool) else -1 for i in indices]
    lo, hi = (bounds + [0, len(item)][len(bounds) :])[:2]
    if not 0 <= lo <= hi <= len(item):
        raise _FuncError(f"index out of range: {hi if hi > len(item) else lo}")
    return item[lo:hi]


def _fn_len(item: Any) -> int:
    if item is None or item is _MISSING:
        raise _FuncError("len of untyped nil")
    if isinstance(item, str):
        return len(item.encode())
    if isinstance(item, Mapping | list | tuple):
        return len(item)
    raise _FuncError(f"len of type {_go_type(item)}")


def _sprint(args: Sequence[Any]) -> str:
    out: list[str] = []
    for i, a in enumerate(args):
        if i and not isinstance(a, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(_go_print(a))
    return "".join(out)


_VERB_RE = re.compile(r"%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")


def _sprintf(fmt: Any, *args: Any) -> str:
    if not isinstance(fmt, str):
        raise _FuncError(f"wrong type for value; expected string; got {_go_type(fmt)}")
    out: list[str] = []
    pos = used = 0
    for m in _VERB_RE.finditer(fmt):
        out.append(fmt[pos : m.start()])
        pos = m.end()
        flags, width, prec, verb = m.groups()
        if verb == "%":
            out.append("%")
            continue
        if used >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        a = args[used]
        used += 1
        s = _format_verb(verb, a, prec)
        if width and len(s) < int(width):
            fill = "0" if "0" in flags and "-" not in flags and _kind(a) in ("int", "float") else " "
            s = s.ljust(int(width)) if "-" in flags else s.rjust(int(width), fill)
        out.append(s)
    out.append(fmt[pos:])
    if used < len(args):
        out.append("%!(EXTRA " + ", ".join(f"{_go_type(a)}={_go_print(a)}" for a in args[used:]) + ")")
    return "".join(out)


def _format_verb(verb: str, a: Any, prec: str | None) -> str:
    kind = _kind(a)
    if verb == "v" or (verb == "s" and kind == "string"):
        text = _go_print(a)
        return text[: int(prec)] if prec is not None and kind == "string" else text
    if verb == "d" and kind == "int":
        return str(a)
    if verb == "q" and kind == "string":
        return go_quote(a)
    if verb == "t" and kind == "bool":
        return _go_print(a)
    if verb in "xX" and kind in ("int", "string"):
        s = format(a, "x") if kind == "int" else a.encode().hex()
        return s.upper() if verb == "X" else s
    if verb in "feEgG" and kind in ("int", "float") and not isinstance(a, bool):
        if kind == "int":
            return f"%!{verb}(int={a})"
        return format(a, f".{prec if prec is not None else 6}{verb}") if verb not in "gG" else go_float(a)
    return f"%!{verb}({_go_type(a)}={_go_print(a)})"


def _html_escape(s: str) -> str:
    table = {'"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\ufffd"}
    return "".join(table.get(c, c) for c in s)


def _js_escape(s: str) -> str:
    table = {
        "\\": "\\\\",
        "'": "\\'",
        '"': '\\"',
        "<": "\\u003C",
        ">": "\\u003E",
        "&": "\\u0026",
        "=": "\\u003D",
    }
    return "".join(
        table.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or not c.isprintable() else c) for c in s
    )


def _escaper(fn: Callable[[str], str]) -> Callable[..., str]:
    def call(*args: Any) -> str:
        return fn(args[0] if len(args) == 1 and isinstance(args[0], str) else _sprint(args))

    return call


def _fn_call(fn: Any, *args: Any) -> Any:
    raise _FuncError(f"non-function {_go_print(fn)} of type {_go_type(fn)}")


# name → (function, minimum args, maximum args or None). "and"/"or" are evaluated lazily.
_FUNCS: dict[str, tuple[Callable[..., Any], int, int | None]] = {
    "and": (lambda *a: a, 1, None),
    "or": (lambda *a: a, 1, None),
    "not": (lambda a: not _truth(a), 1, 1),
    "call": (_fn_call, 1, None),
    "eq": (_fn_eq, 1, None),
    "ne": (lambda a, b: not _fn_eq(a, b), 2, 2),
    "lt": (_fn_lt, 2, 2),
    "le": (lambda a, b: _fn_lt(a, b) or _fn_eq(a, b), 2, 2),
    "gt": (lambda a, b: not (_fn_lt(a, b) or _fn_eq(a, b)), 2, 2),
    "ge": (lambda a, b: not _fn_lt(a, b), 2, 2),
    "html": (_escaper(_html_escape), 0, None),
    "js": (_escaper(_js_escape), 0, None),
    "urlquery": (_escaper(lambda s: re.sub(r"%20", "+", _url_escape(s, "-_.~"))), 0, None),
    "index": (_fn_index, 1, None),
    "slice": (_fn_slice, 1, None),
    "len": (_fn_len, 1, 1),
    "print": (lambda *a: _sprint(a), 0, None),
    "printf": (_sprintf, 1, None),
    "println": (lambda *a: " ".join(_go_print(x) for x in a) + "\n", 0, None),
}


class _Exec:
    """Executes a parse tree: Go's ``text/template`` state (dot, variables, error context)."""

    def __init__(self, tmpl: Template, data: Any) -> None:
        self.t = tmpl
        self.vars: list[tuple[str, Any]] = [("$", data)]

    def error(self, node: _Node, msg: str) -> TemplateError:
        text, pos = self.t.text, node.pos
        line = 1 + text.count("\n", 0, pos)
        col = pos - (text.rfind("\n", 0, pos) + 1)
        context = str(node)
        if len(context) > 20:
            context = context[:20] + "..."
        return TemplateError(
            f"template: {self.t.name}:{line}:{col}: executing {go_quote(self.t.name)} at <{context}>: {msg}"
        )

    def walk_list(self, dot: Any, nodes: Sequence[_Node], out: list[str]) -> None:
        for node in nodes:
            self.walk(dot, node, out)

    def walk(self, dot: Any, node: _Node, out: list[str]) -> None:
        if isinstance(node, _Text):
            out.append(node.text)
        elif isinstance(node, _Action):
            value = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:
                out.append(_go_print(value))
        elif isinstance(node, _Control):
            mark = len(self.vars)
            try:
                if node.kind == "range":
                    self.walk_range(dot, node, out)
                else:
                    value = self.eval_pipeline(dot, node.pipe)
                    if _truth(value):
                        self.walk_list(value if node.kind == "with" else dot, node.body, out)
                    elif node.else_body is not None:
                        self.walk_list(dot, node.else_body, out)
            finally:
                del self.vars[mark:]
        elif isinstance(node, _Jump):
            raise _Break() if node.kind == "break" else _Continue()

    def walk_range(self, dot: Any, node: _Control, out: list[str]) -> None:
        value = self.eval_pipeline(dot, node.pipe)
        if isinstance(value, list | tuple):
            items: list[tuple[Any, Any]] = list(enumerate(value))
        elif isinstance(value, Mapping):
            items = [(k, value[k]) for k in sorted(value)]
        elif value is None or value is _MISSING:
            items = []
        else:
            raise self.error(node, f"range can't iterate over {_go_print(value)}")
        decl = node.pipe.decl
        mark = len(self.vars)
        try:
            for index, elem in items:
                if decl:
                    self.set_var(node, decl[-1], elem)
                if len(decl) > 1:
                    self.set_var(node, decl[0], index)
                try:
                    self.walk_list(elem, node.body, out)
                except _Continue:
                    pass
                finally:
                    del self.vars[mark:]
        except _Break:
            return
        if not items and node.else_body is not None:
            self.walk_list(dot, node.else_body, out)

    def set_var(self, node: _Node, name: str, value: Any) -> None:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i] = (name, value)
                return
        raise self.error(node, f"undefined variable: {name}")

    def eval_pipeline(self, dot: Any, pipe: _Pipe) -> Any:
        value: Any = _NO_FINAL
        for cmd in pipe.cmds:
            value = self.eval_command(dot, cmd, value)
        for name in pipe.decl:
            if pipe.is_assign:
                self.set_var(pipe, name, value)
            else:
                self.vars.append((name, value))
        return value

    def not_a_function(self, node: _Node, args: Sequence[_Node], final: Any) -> None:
        if len(args) > 1 or final is not _NO_FINAL:
            raise self.error(node, f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot: Any, cmd: _Command, final: Any) -> Any:
        first = cmd.args[0]
        if isinstance(first, _Field):
            return self.eval_fields(first, dot, first.idents, cmd.args, final)
        if isinstance(first, _Chain):
            return self.eval_fields(first, self.eval_arg(dot, first.node), first.fields, cmd.args, final)
        if isinstance(first, _Variable):
            value = self.var_value(first)
            if not first.idents:
                self.not_a_function(first, cmd.args, final)
                return value
            return self.eval_fields(first, value, first.idents, cmd.args, final)
        if isinstance(first, _Ident):
            return self.eval_function(dot, first, cmd, cmd.args[1:], final)
        self.not_a_function(first, cmd.args, final)
        if isinstance(first, _Pipe):
            return self.eval_pipeline(dot, first)
        if isinstance(first, _Dot):
            return dot
        assert isinstance(first, _Literal)
        if first.value is None:
            raise self.error(first, "nil is not a command")
        return first.value

    def var_value(self, node: _Variable) -> Any:
        for name, value in reversed(self.vars):
            if name == node.name:
                return value
        raise self.error(node, f"undefined variable: {node.name}")

    def eval_fields(
        self, node: _Node, receiver: Any, idents: Sequence[str], args: Sequence[_Node], final: Any
    ) -> Any:
        for i, name in enumerate(idents):
            last = i == len(idents) - 1
            has_args = last and (len(args) > 1 or final is not _NO_FINAL)
            if receiver is None or receiver is _MISSING:
                receiver = _MISSING
            elif isinstance(receiver, GoStruct):
                if name not in receiver.fields:
                    raise self.error(node, f"can't evaluate field {name} in type {receiver.type_name}")
                if has_args:
                    raise self.error(node, f"{name} has arguments but cannot be invoked as function")
                receiver = receiver.fields[name]
            elif isinstance(receiver, Mapping):
                if has_args:
                    raise self.error(node, f"{name} is not a method but has arguments")
                receiver = receiver.get(name, _MISSING)
            else:
                raise self.error(node, f"can't evaluate field {name} in type {_go_type(receiver)}")
        return receiver

    def eval_function(
        self, dot: Any, ident: _Ident, cmd: _Node, arg_nodes: Sequence[_Node], final: Any
    ) -> Any:
        fn, lo, hi = _FUNCS[ident.name]
        count = len(arg_nodes) + (final is not _NO_FINAL)
        if count < lo or (hi is not None and count > hi):
            want = f"at least {lo}" if hi is None else str(lo)
            raise self.error(ident, f"wrong number of args for {ident.name}: want {want} got {count}")
        if ident.name in ("and", "or"):
            value: Any = None
            for node in arg_nodes:
                value = self.eval_arg(dot, node)
                if _truth(value) != (ident.name == "and"):
                    return value
            return final if final is not _NO_FINAL else value
        values = [self.eval_arg(dot, a) for a in arg_nodes]
        if final is not _NO_FINAL:
            values.append(final)
        try:
            return fn(*values)
        except _FuncError as e:
            raise self.error(cmd, f"error calling {ident.name}: {e}") from None

    def eval_arg(self, dot: Any, node: _Node) -> Any:
        if isinstance(node, _Dot):
            return dot
        if isinstance(node, _Literal):
            return node.value
        if isinstance(node, _Field):
            return self.eval_fields(node, dot, node.idents, (node,), _NO_FINAL)
        if isinstance(node, _Variable):
            return self.eval_fields(node, self.var_value(node), node.idents, (node,), _NO_FINAL)
        if isinstance(node, _Pipe):
            return self.eval_pipeline(dot, node)
        if isinstance(node, _Ident):
            return self.eval_function(dot, node, node, (), _NO_FINAL)
        assert isinstance(node, _Chain)
        return self.eval_fields(node, self.eval_arg(dot, node.node), node.fields, (node,), _NO_FINAL)


# -- net/url, as far as Knative's checkDomainTemplate needs it -----------------------------------------------

_HOST_OK = set("!$&'()*+,;=:[]<>\"-_.~")
_PATH_OK = set("-_.~$&+,/:;=@")
_PATH_ENCODED_OK = _PATH_OK | set("!'()*[]%")


def _url_escape(s: str, safe: str) -> str:
    return "".join(
        c if c.isascii() and (c.isalnum() or c in safe) else "".join(f"%{b:02X}" for b in c.encode())
        for c in s
    )


def _valid_port(colon_port: str) -> bool:
    return colon_port == "" or (colon_port[0] == ":" and colon_port[1:].isdigit()) or colon_port == ":"


def check_domain_template_host(rendered: str) -> None:
    """Knative's ``checkDomainTemplate``: ``https://<rendered>`` must parse as a URL with a host
    and no path or query (Go's ``url.Parse`` errors)."""
    raw = "https://" + rendered

    def fail(msg: str) -> GoError:
        return GoError(f"parse {go_quote(raw)}: {msg}")

    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise fail("net/url: invalid control character in URL")
    rest = raw.split("#", 1)[0][len("https:") :]
    force_query = rest.endswith("?") and rest.count("?") == 1
    rest, _, query = (rest[:-1], "", "") if force_query else rest.partition("?")
    authority, slash, path = rest[2:].partition("/")
    path = slash + path
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        close = host.rfind("]")
        if close < 0:
            raise fail("missing ']' in host")
        if not _valid_port(host[close + 1 :]):
            raise fail(f"invalid port {go_quote(host[close + 1 :])} after host")
    elif ":" in host and not _valid_port(host[host.rfind(":") :]):
        raise fail(f"invalid port {go_quote(host[host.rfind(':') :])} after host")
    i = 0
    while i < len(host):
        c = host[i]
        if c == "%":
            if not re.fullmatch(r"%[0-9a-fA-F]{2}", host[i : i + 3]):
                raise fail(f"invalid URL escape {go_quote(host[i : i + 3])}")
            i += 3
            continue
        if c.isascii() and not c.isalnum() and c not in _HOST_OK:
            raise fail(f"invalid character {go_quote(c)} in host name")
        i += 1
    for m in re.finditer("%", path):
        if not re.fullmatch(r"%[0-9a-fA-F]{2}", path[m.start() : m.start() + 3]):
            raise fail(f"invalid URL escape {go_quote(path[m.start() : m.start() + 3])}")
    hostname = host
    colon = host.rfind(":")
    if colon >= 0 and _valid_port(host[colon:]):
        hostname = host[:colon]
    if hostname.startswith("[") and hostname.endswith("]"):
        hostname = hostname[1:-1]
    if not hostname:
        raise GoError("empty hostname")
    if all(c.isascii() and (c.isalnum() or c in _PATH_ENCODED_OK) for c in path):
        escaped = path
    else:
        escaped = _url_escape(path, "".join(_PATH_OK))
    request_uri = (escaped or "/") + ("?" + query if force_query or query else "")
    if request_uri != "/":
        raise GoError(f"domain template has url path: {request_uri}")
