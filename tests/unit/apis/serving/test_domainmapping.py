"""§2.2 DomainMapping names and its KReference."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.serving import domainmapping

Obj = dict[str, Any]
REF = {"name": "hello", "kind": "Service", "apiVersion": "serving.knative.dev/v1"}
SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
             "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
             "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")


def dm(meta: Obj, ref: Obj | None = None) -> str:
    obj = {"metadata": {"namespace": "default", **meta}, "spec": {"ref": dict(REF if ref is None else ref)}}
    ctx = StaticContext()
    domainmapping.default(obj, None, ctx)
    return str(domainmapping.validate(obj, None, ctx))


@pytest.mark.parametrize(
    ("meta", "want"),
    [
        ({"name": "hello.example.org"}, ""),
        ({"name": "hello.example.org."}, ""),
        ({"name": "example"}, 'invalid name "example": name: Invalid value: "example": should be a domain with at '
                              "least two segments separated by dots: metadata.name"),
        ({"name": "Hello.org"}, f'invalid name "Hello.org": name: Invalid value: "Hello.org": {SUBDOMAIN}: metadata.name'),
        ({"name": "hello.default.svc.cluster.local"},
         'invalid name "hello.default.svc.cluster.local": must not be a subdomain of cluster local domain '
         '"cluster.local": metadata.name'),
        ({"generateName": "hello-", "name": "hello.example.org"}, "must not set the field(s): metadata.generateName"),
        ({}, 'invalid name "": name: Required value: metadata.name'),
    ],
)
def test_name(meta: Obj, want: str) -> None:
    assert dm(meta) == want


@pytest.mark.parametrize(
    ("ref", "want"),
    [
        ({}, "missing field(s): spec.ref.apiVersion, spec.ref.kind, spec.ref.name"),
        ({**REF, "group": "serving.knative.dev"}, "must not set the field(s): spec.ref.group"),
        ({**REF, "namespace": "other"},
         'mismatched namespaces: spec.ref.namespace\nparent namespace: "default" does not match ref: "other"'),
        ({**REF, "namespace": "default"}, ""),
    ],
)
def test_ref(ref: Obj, want: str) -> None:
    assert dm({"name": "hello.example.org"}, ref) == want
