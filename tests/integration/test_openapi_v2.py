"""The real kubectl on the paths where it reads ``/openapi/v2`` (gnostic protobuf, nothing else).

kubectl prefers OpenAPI v3, but ``kubectl apply``'s client-side validation and
``kubectl explain --output=plaintext-openapiv2`` parse v2 with client-go's
``OpenAPISchema()``; when v3 has no answer for a kind (an unknown kind, a ``v1/List``) the
validation must get through v2 so that kubectl's own errors are the ones the user sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import Knlite

pytestmark = pytest.mark.integration

WIDGET = """apiVersion: example.com/v1
kind: Widget
metadata:
  name: sprocket
spec:
  size: 3
"""

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
  namespace: default
data:
  greeting: hello
"""

LIST = """apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {{name: listed, namespace: default}}
  {extra}data: {{greeting: hello}}
- apiVersion: serving.knative.dev/v1
  kind: Service
  metadata: {{name: listed, namespace: default}}
  spec:
    template:
      spec:
        containers:
        - image: ghcr.io/knative/helloworld-go:latest
          ports: [{{containerPort: 8080}}]
"""


@pytest.mark.parametrize("validate", [None, "--validate=true", "--validate=strict"])
def test_apply_unknown_kind_ends_with_kubectls_no_matches(knlite: Knlite, tmp_path: Path,
                                                           validate: str | None) -> None:
    manifest = tmp_path / "widget.yaml"
    manifest.write_text(WIDGET)
    result = knlite.kubectl("apply", *([validate] if validate else []), "-f", str(manifest))
    assert result.returncode != 0
    assert 'no matches for kind "Widget" in version "example.com/v1"' in result.stderr
    assert "openapi" not in result.stderr and "wire-format" not in result.stderr


def test_apply_validate_strict_configmap(knlite: Knlite, tmp_path: Path) -> None:
    manifest = tmp_path / "cm.yaml"
    manifest.write_text(CONFIGMAP.format(name="strict-cm"))
    out = knlite.kubectl("apply", "--validate=strict", "-f", str(manifest)).check().out
    assert out.strip() == "configmap/strict-cm created"
    data = knlite.kubectl("get", "cm", "strict-cm", "-n", "default", "-o", "jsonpath={.data.greeting}")
    assert data.check().out == "hello"


def test_apply_list_is_validated_against_openapi_v2(knlite: Knlite) -> None:
    # v1/List has no PATCH endpoint to ask about fieldValidation, so kubectl validates its items
    # itself, against the v2 definitions of ConfigMap and Knative's Service
    out = knlite.kubectl("apply", "--validate=true", "-f", "-", input=LIST.format(extra="")).check().out
    assert "configmap/listed created" in out
    assert "service.serving.knative.dev/listed created" in out
    bad = knlite.kubectl("apply", "--validate=true", "-f", "-", input=LIST.format(extra="bogus: 1\n  "))
    assert bad.returncode != 0
    assert 'unknown field "bogus" in io.k8s.api.core.v1.ConfigMap' in bad.stderr


@pytest.mark.parametrize("output", [None, "--output=plaintext-openapiv2"])
def test_explain_configmap(knlite: Knlite, output: str | None) -> None:
    out = knlite.kubectl("explain", "configmap", *([output] if output else [])).check().out
    assert "ConfigMap holds configuration data for pods to consume." in out
    assert "data\t<map[string]string>" in out


def test_openapi_v2_content_negotiation(knlite: Knlite) -> None:
    status, _, headers = knlite.request(
        "GET", "/openapi/v2", headers={"Accept": "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"})
    # the answer names the type without "@", as kube-apiserver does: Go's mime parser rejects it
    assert (status, headers["Content-Type"]) == (200, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
    for accept in ("application/json", "*/*"):
        status, body, headers = knlite.request("GET", "/openapi/v2", headers={"Accept": accept})
        assert (status, headers["Content-Type"]) == (200, "application/json")
        assert body["swagger"] == "2.0" and body["paths"]
