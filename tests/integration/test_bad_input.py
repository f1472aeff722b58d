"""Bad input gets a Kubernetes Status with the right reason and code, and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests import seed
from tests.harness import Knlite

pytestmark = pytest.mark.integration

KSVC = "/apis/serving.knative.dev/v1/namespaces/default/services"


def _snapshot(knlite: Knlite, path: str) -> object:
    status, body, _ = knlite.request("GET", path)
    return status, body


@pytest.fixture(scope="module", autouse=True)
def hello(knlite: Knlite) -> None:
    knlite.kubectl("apply", "-f", str(seed.path("e12-service-hello"))).check()


def _assert_status(body: object, code: int, reason: str) -> dict:
    assert isinstance(body, dict), body
    assert body["kind"] == "Status" and body["status"] == "Failure"
    assert body["code"] == code and body["reason"] == reason, body
    return body


def test_unparsable_body(knlite: Knlite) -> None:
    before = _snapshot(knlite, KSVC)
    status, body, _ = knlite.request("POST", KSVC, raw=b'{"apiVersion": "serving.knative.dev/v1", kind:')
    assert status == 400
    _assert_status(body, 400, "BadRequest")
    assert _snapshot(knlite, KSVC) == before


def test_unknown_resource_and_api_version(knlite: Knlite, tmp_path: Path) -> None:
    _status, body, _ = knlite.request("GET", "/apis/serving.knative.dev/v9/namespaces/default/services")
    _assert_status(body, 404, "NotFound")
    _status, body, _ = knlite.request("GET", "/apis/example.com/v1/widgets")
    _assert_status(body, 404, "NotFound")
    (tmp_path / "w.yaml").write_text("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
    out = knlite.kubectl("apply", "-f", str(tmp_path / "w.yaml"))
    assert out.returncode != 0
    assert 'no matches for kind "Widget" in version "example.com/v1"' in out.stderr
    # a body whose apiVersion does not match the URL
    _status, body, _ = knlite.request("POST", KSVC, {"apiVersion": "serving.knative.dev/v2", "kind": "Service",
                                                    "metadata": {"name": "x"}})
    b = _assert_status(body, 400, "BadRequest")
    assert "does not match the expected API version" in b["message"]


def test_unknown_field_strict(knlite: Knlite, tmp_path: Path) -> None:
    doc = yaml.safe_load(seed.text("e12-service-hello"))
    doc["metadata"]["name"] = "strict"
    doc["spec"]["template"]["metadata"]["name"] = "strict-one"
    doc["spec"]["template"]["spec"]["bogus"] = 1
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(doc))
    out = knlite.kubectl("apply", "-f", str(tmp_path / "s.yaml"))
    assert out.returncode != 0
    assert 'unknown field "spec.template.spec.bogus"' in out.stderr
    assert "NotFound" in knlite.kubectl("get", "ksvc", "strict").stderr
    # the same with --validate=warn is accepted with a warning and the field dropped
    out = knlite.kubectl("apply", "--validate=warn", "-f", str(tmp_path / "s.yaml")).check()
    assert 'unknown field "spec.template.spec.bogus"' in out.stderr
    spec = yaml.safe_load(knlite.kubectl("get", "ksvc", "strict", "-o", "yaml").check().out)["spec"]
    assert "bogus" not in spec["template"]["spec"]
    knlite.kubectl("delete", "ksvc", "strict").check()


@pytest.mark.parametrize("name", ["1hello", "hello.world", "a" * 64])
def test_invalid_knative_name(knlite: Knlite, tmp_path: Path, name: str) -> None:
    doc = yaml.safe_load(seed.text("e45-service-two-revisions").split("---")[0])
    doc["metadata"]["name"] = name
    (tmp_path / "n.yaml").write_text(yaml.safe_dump(doc))
    out = knlite.kubectl("apply", "-f", str(tmp_path / "n.yaml"))
    assert out.returncode != 0
    if len(name) > 63:
        assert "must be no more than 63 characters" in out.stderr
    else:
        # kubectl renders a 422 from its causes: the field path and Knative's message
        assert f'The Service "{name}" is invalid: metadata.name: not a DNS 1035 label: [a DNS-1035 label must ' \
               "consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end " \
               "with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is " \
               "'[a-z]([-a-z0-9]*[a-z0-9])?')]" in out.stderr
    _status, body, _ = knlite.request("POST", KSVC, doc)
    b = _assert_status(body, 422, "Invalid")
    assert b["details"]["causes"][0]["field"] == "metadata.name"
    if len(name) <= 63:
        assert b["message"].startswith('admission webhook "validation.webhook.serving.knative.dev" denied the '
                                       "request: validation failed: not a DNS 1035 label: [")
    assert knlite.request("GET", f"{KSVC}/{name}")[0] == 404


def test_webhook_rule_in_template(knlite: Knlite, tmp_path: Path) -> None:
    doc = yaml.safe_load(seed.text("e12-service-hello"))
    doc["spec"]["template"]["metadata"]["name"] = "hello-Knative"
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(doc))
    before = _snapshot(knlite, f"{KSVC}/hello")
    out = knlite.kubectl("apply", "-f", str(tmp_path / "t.yaml"))
    assert out.returncode != 0
    assert "spec.template.metadata.name" in out.stderr
    assert _snapshot(knlite, f"{KSVC}/hello") == before


def test_stale_resource_version(knlite: Knlite) -> None:
    status, current, _ = knlite.request("GET", f"{KSVC}/hello")
    assert status == 200
    stale = dict(current)
    stale["metadata"] = dict(current["metadata"], resourceVersion="1")
    stale["metadata"]["labels"] = {"stale": "yes"}
    status, body, _ = knlite.request("PUT", f"{KSVC}/hello", stale)
    b = _assert_status(body, 409, "Conflict")
    assert b["message"] == ('Operation cannot be fulfilled on services.serving.knative.dev "hello": the object has '
                            "been modified; please apply your changes to the latest version and try again")
    assert knlite.request("GET", f"{KSVC}/hello")[1] == current


def test_oversized_body(knlite: Knlite) -> None:
    before = _snapshot(knlite, "/api/v1/namespaces/default/configmaps")
    big = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"}, "data": {"x": "y" * (4 << 20)}}
    status, body, _ = knlite.request("POST", "/api/v1/namespaces/default/configmaps", big)
    assert status == 413
    b = _assert_status(body, 413, "RequestEntityTooLarge")
    assert "limit is 3145728" in b["message"]
    assert _snapshot(knlite, "/api/v1/namespaces/default/configmaps") == before


def test_missing_or_wrong_token(knlite: Knlite) -> None:
    for token in (None, "not-the-token"):
        status, body, _ = knlite.request("GET", "/api/v1/namespaces", token=token)
        _assert_status(body, 401, "Unauthorized")
        status, body, _ = knlite.request("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                                                         "metadata": {"name": "sneaky"}}, token=token)
        assert status == 401
    assert knlite.request("GET", "/api/v1/namespaces/sneaky")[0] == 404
    assert knlite.request("GET", "/healthz", token=None)[0] == 200
    assert knlite.request("GET", "/readyz", token=None)[0] == 200


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("config-autoscaler", {"stable-window": "1s"}, "stable-window"),
        ("config-autoscaler", {"max-scale-down-rate": "0.5"}, "max-scale-down-rate"),
        ("config-defaults", {"revision-timeout-seconds": "700"},
         "revision-timeout-seconds (700) cannot be greater than max-revision-timeout-seconds (600)"),
        ("config-gc", {"min-non-active-revisions": "-1"}, "min-non-active-revisions"),
    ],
)
def test_invalid_configmap_value(knlite: Knlite, name: str, data: dict[str, str], message: str) -> None:
    path = f"/api/v1/namespaces/knative-serving/configmaps/{name}"
    before = _snapshot(knlite, path)
    out = knlite.kubectl("patch", "cm", name, "-n", "knative-serving", "--type", "merge",
                         "-p", json.dumps({"data": data}))
    assert out.returncode != 0
    assert message in out.stderr
    _status, body, _ = knlite.request("PATCH", path, raw=json.dumps({"data": data}).encode(),
                                     headers={"Content-Type": "application/merge-patch+json"})
    b = _assert_status(body, 422, "Invalid")
    assert b["message"].startswith('admission webhook "config.webhook.serving.knative.dev" denied the request: '
                                   "validation failed: ")
    assert _snapshot(knlite, path) == before


def test_strategic_merge_patch_on_knative_kind_is_unsupported(knlite: Knlite) -> None:
    out = knlite.kubectl("patch", "ksvc", "hello", "-p", '{"metadata":{"labels":{"a":"b"}}}')
    assert out.returncode != 0
    assert "application/strategic-merge-patch+json is not supported by serving.knative.dev/v1, Kind=Service" \
        in out.stderr
    _status, body, _ = knlite.request("PATCH", f"{KSVC}/hello", raw=b'{"metadata":{"labels":{"a":"b"}}}',
                                     headers={"Content-Type": "application/strategic-merge-patch+json"})
    _assert_status(body, 415, "UnsupportedMediaType")
