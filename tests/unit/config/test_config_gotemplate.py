"""Go text/template: the host and container-name templates Knative's ConfigMaps hold."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.config._golang import GoError
from knlite.config.gotemplate import check_domain_template_host
from knlite.config.parse import (
    DEFAULT_DOMAIN_TEMPLATE,
    DEFAULT_TAG_TEMPLATE,
    GoStruct,
    TemplateError,
    object_meta_values,
    render_domain,
    render_tag,
    render_template,
)

_ROUTE: dict[str, Any] = {
    "name": "hello",
    "namespace": "default",
    "domain": "example.com",
    "annotations": {"sub": "foo"},
    "labels": {"app": "web", "tier": "front"},
}


def test_default_templates() -> None:
    assert render_domain(DEFAULT_DOMAIN_TEMPLATE, **_ROUTE) == "hello.default.example.com"
    tag_name = render_tag(DEFAULT_TAG_TEMPLATE, name="hello", tag="candidate")
    assert tag_name == "candidate-hello"
    assert (
        render_domain(DEFAULT_DOMAIN_TEMPLATE, **{**_ROUTE, "name": tag_name})
        == "candidate-hello.default.example.com"
    )


@pytest.mark.parametrize(
    ("template", "host"),
    [
        ("{{.Name}}-{{.Namespace}}.{{.Domain}}", "hello-default.example.com"),
        ("{{.Name}}.{{.Domain}}", "hello.example.com"),
        (
            '{{.Name}}-{{.Namespace}}.{{ index .Annotations "sub"}}.{{.Domain}}',
            "hello-default.foo.example.com",
        ),
        ('{{index .Annotations "missing"}}x.{{.Domain}}', "x.example.com"),
        ("{{.Labels.app}}.{{.Domain}}", "web.example.com"),
        ("{{.Labels.nope}}", "<no value>"),
        ('{{if index .Labels "app"}}{{.Labels.app}}{{else}}none{{end}}.{{.Domain}}', "web.example.com"),
        (
            '{{if eq .Namespace "prod"}}{{.Name}}{{else if eq .Namespace "default"}}d-{{.Name}}{{end}}',
            "d-hello",
        ),
        ("{{with .Labels}}{{.tier}}{{end}}", "front"),
        ("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "app=web;tier=front;"),
        ("{{range .Labels}}{{.}}{{break}}{{end}}", "web"),
        ("{{range $i, $x := .Labels.none}}{{else}}empty{{end}}", "empty"),
        ("{{ $n := .Name }}{{ $n }}-{{ len $n }}", "hello-5"),
        ('{{printf "%s--%s" .Name .Namespace}}', "hello--default"),
        ('{{.Name | printf "%.3s"}}', "hel"),
        ("{{- .Name -}} . {{- .Domain }}", "hello.example.com"),
        ("{{/* a comment */}}{{.Name}}", "hello"),
        ('{{and .Name ""}}|{{or "" .Namespace}}|{{not .Name}}', "|default|false"),
        ('{{html "<a&b>"}} {{js "it\'s"}} {{urlquery "a b&c"}}', "&lt;a&amp;b&gt; it\\'s a+b%26c"),
        ('{{print 1 2 "x" 3}} {{println .Name}}', "1 2x3 hello\n"),
        ('{{lt 1 2}} {{ge 2.5 2.5}} {{ne .Name "x"}}', "true true true"),
        ("{{slice .Name 1 3}} {{index .Name 0}}", "el 104"),
        ("{{.Annotations}}", "map[sub:foo]"),
    ],
)
def test_custom_domain_templates(template: str, host: str) -> None:
    assert render_domain(template, **_ROUTE) == host


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{.Name}", 'template: domain-template:1: unexpected "}" in operand'),
        ("{{.Name", "template: domain-template:1: unclosed action"),
        ("x\n{{if .Name}}x", "template: domain-template:2: unexpected EOF"),
        ("{{foo .Name}}", 'template: domain-template:1: function "foo" not defined'),
        ("{{end}}", "template: domain-template:1: unexpected {{end}}"),
        ("{{else}}", "template: domain-template:1: unexpected {{else}}"),
        ("{{}}", "template: domain-template:1: missing value for command"),
        ("{{if}}x{{end}}", "template: domain-template:1: missing value for if"),
        ("{{/* x }}", "template: domain-template:1: unclosed comment"),
        ('{{"abc}}', "template: domain-template:1: unterminated quoted string"),
        ("{{1x}}", 'template: domain-template:1: bad number syntax: "1x"'),
        ("{{$x}}", 'template: domain-template:1: undefined variable "$x"'),
        ("{{break}}", "template: domain-template:1: {{break}} outside {{range}}"),
        ("{{.Name | 3}}", "template: domain-template:1: non executable command in pipeline stage 2"),
        ("{{if .Name}}{{else}}{{else}}{{end}}", "template: domain-template:1: expected end; found {{else}}"),
    ],
)
def test_parse_errors(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as e:
        render_domain(template, **_ROUTE)
    assert str(e.value) == message


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{.Foo}}",
            'template: domain-template:1:2: executing "domain-template" at <.Foo>: '
            "can't evaluate field Foo in type config.DomainTemplateValues",
        ),
        (
            "a.\n  {{.Name.Foo}}",
            'template: domain-template:2:4: executing "domain-template" at <.Name.Foo>: '
            "can't evaluate field Foo in type string",
        ),
        (
            "{{index .Annotations 1}}",
            'template: domain-template:1:2: executing "domain-template" at <index .Annotations 1>: '
            "error calling index: value has type int; should be string",
        ),
        (
            "{{len 3}}",
            'template: domain-template:1:2: executing "domain-template" at <len 3>: error calling len: len of type int',
        ),
        (
            "{{not}}",
            'template: domain-template:1:2: executing "domain-template" at <not>: '
            "wrong number of args for not: want 1 got 0",
        ),
        (
            "{{.Name 1}}",
            'template: domain-template:1:2: executing "domain-template" at <.Name>: '
            "Name has arguments but cannot be invoked as function",
        ),
        (
            "{{eq .Name 1}}",
            'template: domain-template:1:2: executing "domain-template" at <eq .Name 1>: '
            "error calling eq: incompatible types for comparison",
        ),
        (
            "{{range .Name}}{{end}}",
            'template: domain-template:1:8: executing "domain-template" at <{{range .Name}}{{end...>: '
            "range can't iterate over hello",
        ),
        (
            '{{index .Annotations "sub" "deeper" "and-longer-still"}}',
            'template: domain-template:1:2: executing "domain-template" at <index .Annotations "...>: '
            "error calling index: cannot index slice/array with type string",
        ),
    ],
)
def test_execution_errors_name_the_node(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as e:
        render_domain(template, **_ROUTE)
    assert str(e.value) == message


def test_tag_template_sees_only_name_and_tag() -> None:
    assert render_tag("{{.Name}}-at-{{.Tag}}", name="hello", tag="v2") == "hello-at-v2"
    with pytest.raises(
        TemplateError, match=r"can't evaluate field Namespace in type config.TagTemplateValues$"
    ):
        render_tag("{{.Namespace}}", name="hello", tag="v2")


def test_container_name_template_over_object_meta() -> None:
    meta = {"name": "hello", "namespace": "default", "labels": {"app": "x"}}
    assert render_template("{{.Name}}-c", object_meta_values(meta), "container-template") == "hello-c"
    assert render_template("{{.Labels.app}}", object_meta_values(meta), "container-template") == "x"
    assert render_template("user-container", object_meta_values(), "container-template") == "user-container"
    with pytest.raises(TemplateError, match=r"can't evaluate field Nme in type v1.ObjectMeta$"):
        render_template("{{.Nme}}", object_meta_values(meta), "container-template")


def test_plain_dicts_are_go_maps() -> None:
    assert render_template("{{.a}}/{{.b}}", {"a": "1"}) == "1/<no value>"
    assert render_template("{{.}}", GoStruct("T", {"X": 1, "Y": "z"})) == "{1 z}"


@pytest.mark.parametrize("host", ["foo.bar.baz.com", "foo.bar.baz.com:8080", "[::1]", "foo.bar.baz.com#frag"])
def test_domain_host_check_accepts(host: str) -> None:
    check_domain_template_host(host)


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("foo.bar.baz.com/x", "domain template has url path: /x"),
        ("foo.bar.baz.com/a b", "domain template has url path: /a%20b"),
        ("foo.bar.baz.com?q", "domain template has url path: /?q"),
        ("", "empty hostname"),
        ("foo bar.baz.com", 'parse "https://foo bar.baz.com": invalid character " " in host name'),
        ("foo.bar:x", 'parse "https://foo.bar:x": invalid port ":x" after host'),
        ("foo%zz.com", 'parse "https://foo%zz.com": invalid URL escape "%zz"'),
        ("foo\nbar", 'parse "https://foo\\nbar": net/url: invalid control character in URL'),
    ],
)
def test_domain_host_check_rejects(host: str, message: str) -> None:
    with pytest.raises(GoError) as e:
        check_domain_template_host(host)
    assert str(e.value) == message


_DATA = {"Name": "hello", "List": ["a", "b", "c"], "Labels": {"app": "web", "tier": "front"}, "N": 3}


@pytest.mark.parametrize(
    ("template", "output"),
    [
        ('{{"a\\x41\\u00e9\\t|"}}', "aAé\t|"),
        ("{{`raw\\n`}}", "raw\\n"),
        ("{{'a'}} {{0x10}} {{1.5}} {{1e3}} {{-2}} {{true}}", "97 16 1.5 1000 -2 true"),
        (
            '{{printf "%05d|%-4s|%x|%X|%q|%t|%.2f|%v" 42 "ab" 255 "hi" "q" true 3.14159 .Labels}}',
            '00042|ab  |ff|6869|"q"|true|3.14|map[app:web tier:front]',
        ),
        ('{{printf "%d|%d" 1}}', "1|%!d(MISSING)"),
        ('{{printf "%d" "x"}} {{printf "%f" 1}}', "%!d(string=x) %!f(int=1)"),
        ('{{printf "a" 1 "b"}}', "a%!(EXTRA int=1, string=b)"),
        ('{{printf "%g %e %%" 0.5 2.0}}', "0.5 2.000000e+00 %"),
        ("{{(.Labels).app}} {{(print .Name)}} {{len (index .List 0)}}", "web hello 1"),
        (
            "{{$x := 1}}{{$x = 2}}{{$x}} {{$}}",
            "2 map[Labels:map[app:web tier:front] List:[a b c] N:3 Name:hello]",
        ),
        ("{{$l := .Labels}}{{$l.app}}", "web"),
        ("{{range $i, $v := .List}}{{if eq $i 1}}{{continue}}{{end}}{{$i}}{{$v}}{{end}}", "0a2c"),
        ("{{range .List}}{{.}}{{else}}none{{end}}", "abc"),
        ("{{with .Labels.none}}x{{else}}y{{end}}", "y"),
        ("a {{- /* c */ -}} b", "ab"),
        ('{{eq .Labels.none "x"}} {{eq .N 1 2 3}} {{eq .Name .Name}}', "false true true"),
        ("{{index .List 2}} {{slice .List 1}} {{slice .Name 1 2}} {{len .Labels}}", "c [b c] e 2"),
        ('{{.Name | and "x"}} {{or 0 ""}} {{and 0 1}}', "hello  0"),
        ("{{if and .Name (not .Labels.none)}}yes{{end}}", "yes"),
        ("{{.Labels.none.deeper}}", "<no value>"),
    ],
)
def test_template_language(template: str, output: str) -> None:
    assert render_template(template, _DATA) == output


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{/* c */ x}}", "template: t:1: comment ends before closing delimiter"),
        ("{{`abc}}", "template: t:1: unterminated raw quoted string"),
        ("{{'a}}", "template: t:1: unterminated character constant"),
        ('{{"x".Foo}}', 'template: t:1: unexpected . after term "\\"x\\""'),
        ("{{.Name :x}}", "template: t:1: expected :="),
        ("{{$a, $b := .List}}", "template: t:1: too many declarations in command"),
        ("{{range $a, 1 := .List}}{{end}}", "template: t:1: range can only initialize variables"),
        ("{{(.Name}}", "template: t:1: unclosed left paren"),
        ("{{.Name)}}", "template: t:1: unexpected right paren"),
        ('{{define "x"}}{{end}}', "template: t:1: {{define}} is not supported by knlite"),
        ("{{\x01}}", "template: t:1: unrecognized character in action: U+0001 '\\x01'"),
    ],
)
def test_more_parse_errors(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as e:
        render_template(template, _DATA, "t")
    assert str(e.value) == message


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{nil}}", "at <nil>: nil is not a command"),
        ("{{1 2}}", "at <1>: can't give argument to non-function 1"),
        ("{{index .List 5}}", "at <index .List 5>: error calling index: index out of range: 5"),
        (
            "{{index .List 1.5}}",
            "at <index .List 1.5>: error calling index: cannot index slice/array with type float64",
        ),
        ("{{index .N 1}}", "at <index .N 1>: error calling index: can't index item of type int"),
        ("{{lt true false}}", "at <lt true false>: error calling lt: invalid type for comparison"),
        ("{{lt 1 1.5}}", "at <lt 1 1.5>: error calling lt: incompatible types for comparison"),
        ("{{eq .List .List}}", "at <eq .List .List>: error calling eq: invalid type for comparison"),
        ("{{eq 1}}", "at <eq 1>: error calling eq: missing argument for comparison"),
        ("{{and}}", "at <and>: wrong number of args for and: want at least 1 got 0"),
        ("{{slice .N 1}}", "at <slice .N 1>: error calling slice: can't slice item of type int"),
        ("{{len .Labels.none}}", "at <len .Labels.none>: error calling len: len of untyped nil"),
        ("{{call .Name}}", "at <call .Name>: error calling call: non-function hello of type string"),
        ("{{.Labels.app 1}}", "at <.Labels.app>: app is not a method but has arguments"),
        ("{{.N.X}}", "at <.N.X>: can't evaluate field X in type int"),
    ],
)
def test_more_execution_errors(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as e:
        render_template(template, _DATA, "t")
    assert str(e.value).endswith(message), str(e.value)


def test_path_escape_errors_in_domain_host() -> None:
    with pytest.raises(GoError) as e:
        check_domain_template_host("foo.com/%zz")
    assert str(e.value) == 'parse "https://foo.com/%zz": invalid URL escape "%zz"'
