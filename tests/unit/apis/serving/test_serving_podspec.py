"""§2.4 revision template and PodSpec rules, through a Service (paths under spec.template)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.fielderrors import Level
from knlite.apis.k8snames import is_dns1123_subdomain
from knlite.apis.serving import service
from knlite.config.types import ConfigView, DefaultsConfig, FeaturesConfig

Obj = dict[str, Any]
C0 = "spec.template.spec.containers[0]"
C1 = "spec.template.spec.containers[1]"
IMG = "ikubernetes/helloworld-go"


def ksvc(*containers: Obj, annotations: dict[str, str] | None = None, **spec: Any) -> Obj:
    template: Obj = {"spec": {"containers": list(containers) or [{"image": IMG}], **spec}}
    if annotations:
        template["metadata"] = {"annotations": annotations}
    return {"metadata": {"name": "hello", "namespace": "default"}, "spec": {"template": template}}


def admit(obj: Obj, config: ConfigView | None = None) -> str:
    ctx = StaticContext(config=config or ConfigView())
    obj = copy.deepcopy(obj)
    service.default(obj, None, ctx)
    return str(service.validate(obj, None, ctx).filter(Level.ERROR))


def features(**flags: str) -> ConfigView:
    return ConfigView(features=FeaturesConfig({k.replace("_", "-"): v for k, v in flags.items()}))


CASES: list[tuple[str, Obj, ConfigView | None, str]] = [
    ("valid", ksvc(), None, ""),
    # containerConcurrency / timeoutSeconds
    ("cc-max", ksvc(containerConcurrency=1001), None,
     "expected 0 <= 1001 <= 1000: spec.template.spec.containerConcurrency"),
    ("cc-neg", ksvc(containerConcurrency=-1), None,
     "expected 0 <= -1 <= 1000: spec.template.spec.containerConcurrency"),
    ("cc-zero-disallowed", ksvc(containerConcurrency=0),
     ConfigView(defaults=DefaultsConfig(allow_container_concurrency_zero=False)),
     "expected 1 <= 0 <= 1000: spec.template.spec.containerConcurrency"),
    ("cc-limit", ksvc(containerConcurrency=50), ConfigView(defaults=DefaultsConfig(container_concurrency_max_limit=10)),
     "expected 0 <= 50 <= 10: spec.template.spec.containerConcurrency"),
    ("timeout-max", ksvc(timeoutSeconds=601), None, "expected 0 <= 601 <= 600: spec.template.spec.timeoutSeconds"),
    ("timeout-neg", ksvc(timeoutSeconds=-1), None, "expected 0 <= -1 <= 600: spec.template.spec.timeoutSeconds"),
    ("timeout-zero-defaulted", ksvc(timeoutSeconds=0), None, ""),
    ("timeout-config", ksvc(timeoutSeconds=1200), ConfigView(defaults=DefaultsConfig(max_revision_timeout_seconds=3600)),
     ""),
    # containers
    ("no-containers", {"metadata": {"name": "hello"}, "spec": {"template": {"spec": {"containers": []}}}}, None,
     "missing field(s): spec.template.spec.containers"),
    ("no-template", {"metadata": {"name": "hello"}, "spec": {}}, None,
     "missing field(s): spec.template.spec.containers"),
    ("multi-off", ksvc({"image": IMG, "ports": [{"containerPort": 8080}]}, {"image": IMG}),
     features(multi_container="Disabled"), "multi-container is off, but found 2 containers: "),
    ("multi-ok", ksvc({"image": IMG, "ports": [{"containerPort": 8080}]}, {"image": IMG}), None, ""),
    ("dup-names", ksvc({"name": "a", "image": IMG, "ports": [{"containerPort": 8080}]}, {"name": "a", "image": IMG}),
     None, f'duplicate container name "a": {C1}.name'),
    ("reserved-name", ksvc({"name": "queue-proxy", "image": IMG}), None,
     f'"queue-proxy" is a reserved container name: {C0}.name'),
    ("no-image", ksvc({"name": "a"}), None, f"missing field(s): {C0}.image"),
    ("bad-image", ksvc({"image": "UPPER/Case"}), None,
     f'Failed to parse image reference: {C0}.image\nimage: "UPPER/Case", error: could not parse reference: UPPER/Case'),
    ("image-digest", ksvc({"image": "gcr.io/knative-samples/helloworld-go@sha256:" + "a" * 64}), None, ""),
    ("image-registry-port", ksvc({"image": "localhost:5000/hello:v1"}), None, ""),
    ("lifecycle", ksvc({"image": IMG, "lifecycle": {"preStop": {"exec": {"command": ["x"]}}}}), None,
     f"must not set the field(s): {C0}.lifecycle"),
    ("stdin-false-is-unset", ksvc({"image": IMG, "stdin": False}), None, ""),
    ("startupProbe", ksvc({"image": IMG, "startupProbe": {"tcpSocket": {}}}), None,
     f"must not set the field(s): {C0}.startupProbe"),
    ("termination-policy", ksvc({"image": IMG, "terminationMessagePolicy": "Never"}), None,
     f"invalid value: Never: {C0}.terminationMessagePolicy"),
    # ports
    ("two-ports", ksvc({"image": IMG, "ports": [{"containerPort": 8080}, {"containerPort": 8081}]}), None,
     "more than one container port is set: spec.template.spec.containers[*].ports\n"
     "Only a single port is allowed across all containers"),
    ("ports-in-two-containers", ksvc({"image": IMG, "ports": [{"containerPort": 8080}]},
                                     {"image": IMG, "ports": [{"containerPort": 9000}]}), None,
     "more than one container port is set: spec.template.spec.containers[*].ports\n"
     "Only a single port is allowed across all containers"),
    ("multi-no-port", ksvc({"image": IMG}, {"image": IMG}), None,
     "missing field(s): spec.template.spec.containers[*].ports"),
    ("port-name", ksvc({"image": IMG, "ports": [{"name": "grpc", "containerPort": 8080}]}), None,
     f"Port name grpc is not allowed: {C0}.ports\nName must be empty, or one of: 'h2c', 'http1'"),
    ("port-h2c", ksvc({"image": IMG, "ports": [{"name": "h2c", "containerPort": 8080}]}), None, ""),
    ("port-protocol", ksvc({"image": IMG, "ports": [{"containerPort": 8080, "protocol": "UDP"}]}), None,
     f"invalid value: UDP: {C0}.ports.protocol"),
    ("port-range", ksvc({"image": IMG, "ports": [{"containerPort": 70000}]}), None,
     f"expected 0 <= 70000 <= 65535: {C0}.ports.containerPort"),
    *[(f"reserved-port-{p}", ksvc({"image": IMG, "ports": [{"containerPort": p}]}), None,
       f"invalid value: {p} is a reserved port: {C0}.ports.containerPort\n"
       f"{p} is a reserved port, please use a different value") for p in (8012, 8013, 8022, 9090, 9091, 8008)],
    ("host-port", ksvc({"image": IMG, "ports": [{"containerPort": 8080, "hostPort": 80}]}), None,
     f"must not set the field(s): {C0}.ports.hostPort"),
    # env
    *[(f"reserved-env-{name}", ksvc({"image": IMG, "env": [{"name": name, "value": "1"}]}), None,
       f'"{name}" is a reserved environment variable: {C0}.env[0].name')
      for name in ("PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION")],
    ("sidecar-port-env", ksvc({"image": IMG, "ports": [{"containerPort": 8080}]},
                              {"image": IMG, "env": [{"name": "PORT", "value": "9"}]}), None, ""),
    ("sidecar-k-service", ksvc({"image": IMG, "ports": [{"containerPort": 8080}]},
                               {"image": IMG, "env": [{"name": "K_SERVICE", "value": "x"}]}), None,
     f'"K_SERVICE" is a reserved environment variable: {C1}.env[0].name'),
    ("env-no-name", ksvc({"image": IMG, "env": [{"value": "1"}]}), None, f"missing field(s): {C0}.env[0].name"),
    ("env-fieldref-off", ksvc({"image": IMG, "env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "x"}}}]}),
     None, f"must not set the field(s): {C0}.env[0].valueFrom.fieldRef"),
    ("env-fieldref-on", ksvc({"image": IMG, "env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "x"}}}]}),
     features(**{"kubernetes.podspec-fieldref": "Enabled"}), ""),
    ("env-secret", ksvc({"image": IMG, "env": [{"name": "N", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}]}),
     None, ""),
    ("envfrom-neither", ksvc({"image": IMG, "envFrom": [{"prefix": "X_"}]}), None,
     f"expected exactly one, got neither: {C0}.envFrom.configMapRef, {C0}.envFrom.secretRef"),
    ("envfrom-both", ksvc({"image": IMG, "envFrom": [{"configMapRef": {"name": "a"}, "secretRef": {"name": "b"}}]}),
     None, f"expected exactly one, got both: {C0}.envFrom.configMapRef, {C0}.envFrom.secretRef"),
    # volumes and mounts
    *[(f"reserved-mount-{p}", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": p}]},
                                   volumes=[{"name": "v", "configMap": {"name": "cm"}}]), None,
       f'mountPath "{p.rstrip("/") or "/"}" is a reserved path: {C0}.volumeMounts[0].mountPath')
      for p in ("/", "/dev", "/dev/log", "/tmp", "/var", "/var/log", "/var/")],
    ("mount-relative", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "data"}]},
                            volumes=[{"name": "v", "configMap": {"name": "cm"}}]), None,
     f"invalid value: data: {C0}.volumeMounts[0].mountPath"),
    ("mount-dup", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"},
                                                       {"name": "v", "mountPath": "/data/"}]},
                       volumes=[{"name": "v", "configMap": {"name": "cm"}}]), None,
     f'invalid value: "/data/" must be unique: {C0}.volumeMounts[1].mountPath'),
    ("mount-no-volume", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]}), None,
     f"volumeMount has no matching volume: {C0}.volumeMounts[0].name"),
    ("volume-not-mounted", ksvc(volumes=[{"name": "v", "configMap": {"name": "cm"}}]), None,
     'volume with name "v" not mounted: spec.template.spec.volumes[0].name'),
    ("volume-emptydir", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]},
                             volumes=[{"name": "v", "emptyDir": {}}]), None, ""),
    ("volume-emptydir-medium", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]},
                                    volumes=[{"name": "v", "emptyDir": {"medium": "Disk"}}]), None,
     "invalid value: Disk: spec.template.spec.volumes[0].emptyDir.medium"),
    ("volume-two-sources", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]},
                                volumes=[{"name": "v", "configMap": {"name": "a"}, "secret": {"secretName": "b"}}]),
     None, "expected exactly one, got both: spec.template.spec.volumes[0].configMap, spec.template.spec.volumes[0].secret"),
    ("volume-hostpath", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]},
                             volumes=[{"name": "v", "hostPath": {"path": "/etc"}}]), None,
     "expected exactly one, got neither: spec.template.spec.volumes[0].configMap, spec.template.spec.volumes[0].emptyDir, "
     "spec.template.spec.volumes[0].projected, spec.template.spec.volumes[0].secret\n"
     "must not set the field(s): spec.template.spec.volumes[0].hostPath"),
    ("volume-pvc-off", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]},
                            volumes=[{"name": "v", "persistentVolumeClaim": {"claimName": "c"}}]), None,
     "Persistent volume claim support is disabled, but found persistent volume claim c: \n"
     "Persistent volume write support is disabled, but found persistent volume claim c that is not read-only: \n"
     "must not set the field(s): spec.template.spec.volumes[0].persistentVolumeClaim"),
    ("volume-dup", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]},
                        volumes=[{"name": "v", "configMap": {"name": "a"}}, {"name": "v", "secret": {"secretName": "b"}}]),
     None, 'duplicate volume name "v": spec.template.spec.volumes[1].name'),
    ("volume-bad-name", ksvc({"image": IMG, "volumeMounts": [{"name": "V", "mountPath": "/data"}]},
                             volumes=[{"name": "V", "configMap": {"name": "a"}}]), None,
     "invalid value: V: spec.template.spec.volumes[0].name"),
    ("projected-empty", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]},
                             volumes=[{"name": "v", "projected": {"sources": [{}]}}]), None,
     "expected exactly one, got neither: spec.template.spec.volumes[0].projected[0].configMap, "
     "spec.template.spec.volumes[0].projected[0].downwardAPI, spec.template.spec.volumes[0].projected[0].secret, "
     "spec.template.spec.volumes[0].projected[0].serviceAccountToken"),
    ("items-missing-key", ksvc({"image": IMG, "volumeMounts": [{"name": "v", "mountPath": "/data"}]},
                               volumes=[{"name": "v", "configMap": {"name": "a", "items": [{"path": "p"}]}}]), None,
     "missing field(s): spec.template.spec.volumes[0].items[0].key"),
    # probes
    ("probe-period-zero-failure", ksvc({"image": IMG, "readinessProbe": {"tcpSocket": {}, "failureThreshold": 3}}), None,
     f"failureThreshold is disallowed when periodSeconds is zero: {C0}.readinessProbe.failureThreshold"),
    ("probe-period-zero-timeout", ksvc({"image": IMG, "readinessProbe": {"httpGet": {"path": "/"}, "timeoutSeconds": 2}}),
     None, f"timeoutSeconds is disallowed when periodSeconds is zero: {C0}.readinessProbe.timeoutSeconds"),
    ("probe-period-set", ksvc({"image": IMG, "readinessProbe": {"httpGet": {"path": "/"}, "periodSeconds": 5}}), None, ""),
    ("probe-negative-period", ksvc({"image": IMG, "readinessProbe": {"tcpSocket": {}, "periodSeconds": -1}}), None,
     f"expected 0 <= -1 <= 2147483647: {C0}.readinessProbe.periodSeconds"),
    ("probe-two-handlers", ksvc({"image": IMG, "readinessProbe": {"httpGet": {}, "exec": {"command": ["true"]}}}), None,
     f"expected exactly one, got both: {C0}.readinessProbe.exec, {C0}.readinessProbe.httpGet"),
    ("liveness-no-handler", ksvc({"image": IMG, "livenessProbe": {"periodSeconds": 3}}), None,
     f"expected exactly one, got neither: {C0}.livenessProbe.exec, {C0}.livenessProbe.grpc, "
     f"{C0}.livenessProbe.httpGet, {C0}.livenessProbe.tcpSocket"),
    ("probe-named-port", ksvc({"image": IMG, "readinessProbe": {"httpGet": {"port": "admin"}}}), None,
     f"invalid value: admin: {C0}.readinessProbe.httpGet.port\nProbe port must match container port"),
    ("probe-named-port-ok", ksvc({"image": IMG, "ports": [{"name": "h2c", "containerPort": 8080}],
                                  "readinessProbe": {"tcpSocket": {"port": "h2c"}}}), None, ""),
    ("probe-grace", ksvc({"image": IMG, "livenessProbe": {"tcpSocket": {}, "terminationGracePeriodSeconds": 5}}), None,
     # Knative's validateProbe prefixes everything gathered so far with the handler name.
     f"must not set the field(s): {C0}.livenessProbe.tcpSocket.terminationGracePeriodSeconds"),
    ("sidecar-probe", ksvc({"image": IMG, "ports": [{"containerPort": 8080}]},
                           {"image": IMG, "readinessProbe": {"httpGet": {"path": "/"}, "periodSeconds": 1}}), None,
     f"must not set the field(s): {C1}.readinessProbe, {C1}.readinessProbe.periodSeconds"),
    # pod-level fields and feature flags
    ("init-off", ksvc(initContainers=[{"image": IMG}]), None,
     "must not set the field(s): spec.template.spec.initContainers\n"
     "pod spec support for init-containers is off, but found 1 init containers: "),
    ("init-on", ksvc(initContainers=[{"image": IMG}]), features(**{"kubernetes.podspec-init-containers": "Enabled"}), ""),
    ("init-probe", ksvc(initContainers=[{"image": IMG, "readinessProbe": {"tcpSocket": {}}}]),
     features(**{"kubernetes.podspec-init-containers": "Enabled"}),
     "field not allowed in an init container: spec.template.spec.containers[0].readinessProbe"),
    ("init-dup-name", ksvc({"name": "a", "image": IMG}, initContainers=[{"name": "a", "image": IMG}]),
     features(**{"kubernetes.podspec-init-containers": "Enabled"}),
     'duplicate container name "a": spec.template.spec.containers[0].name'),
    ("node-selector-off", ksvc(nodeSelector={"disk": "ssd"}), None,
     "must not set the field(s): spec.template.spec.nodeSelector"),
    ("node-selector-on", ksvc(nodeSelector={"disk": "ssd"}), features(**{"kubernetes.podspec-nodeselector": "Enabled"}), ""),
    ("tolerations-allowed", ksvc(tolerations=[{"key": "k", "operator": "Exists"}]),
     features(**{"kubernetes.podspec-tolerations": "Allowed"}), ""),
    ("affinity-off", ksvc(affinity={"nodeAffinity": {}}), None, "must not set the field(s): spec.template.spec.affinity"),
    ("host-network", ksvc(hostNetwork=True), None, "must not set the field(s): spec.template.spec.hostNetwork"),
    ("restart-policy", ksvc(restartPolicy="Always"), None, "must not set the field(s): spec.template.spec.restartPolicy"),
    ("automount-false", ksvc(automountServiceAccountToken=False), None, ""),
    ("automount-true", ksvc(automountServiceAccountToken=True), None,
     "must not set the field(s): spec.template.spec.automountServiceAccountToken"),
    ("pod-security-off", ksvc(securityContext={"runAsUser": 1000}), None,
     "must not set the field(s): spec.template.spec.securityContext, spec.template.spec.securityContext.runAsUser"),
    ("pod-security-on", ksvc(securityContext={"runAsUser": -5}),
     features(**{"kubernetes.podspec-securitycontext": "Enabled"}),
     "expected 0 <= -5 <= 2147483647: spec.template.spec.securityContext.runAsUser"),
    ("container-privileged", ksvc({"image": IMG, "securityContext": {"privileged": True}}), None,
     f"must not set the field(s): {C0}.securityContext.privileged"),
    ("container-add-caps", ksvc({"image": IMG, "securityContext": {"capabilities": {"add": ["NET_ADMIN"]}}}), None,
     f"must not set the field(s): {C0}.securityContext.capabilities.add"),
    ("container-run-as", ksvc({"image": IMG, "securityContext": {"runAsUser": 1000, "runAsNonRoot": True}}), None, ""),
    ("resources-claims", ksvc({"image": IMG, "resources": {"claims": [{"name": "gpu"}]}}), None,
     f"must not set the field(s): {C0}.resources.claims"),
    ("resources-ok", ksvc({"image": IMG, "resources": {"limits": {"cpu": "1", "memory": "128Mi"}}}), None, ""),
    ("service-account", ksvc(serviceAccountName="Bad_SA"), None,
     "invalid value: Bad_SA: spec.template.spec.serviceAccountName\n" + is_dns1123_subdomain("Bad_SA")[0]),
    # template annotations
    ("queue-cpu", ksvc(annotations={"queue.sidecar.serving.knative.dev/cpu-resource-request": "lots"}), None,
     "invalid value: lots: spec.template.metadata.annotations.[queue.sidecar.serving.knative.dev/cpu-resource-request]"),
    ("queue-memory-ok", ksvc(annotations={"queue.sidecar.serving.knative.dev/memory-resource-limit": "128Mi"}), None, ""),
    ("queue-percentage", ksvc(annotations={"queue.sidecar.serving.knative.dev/resource-percentage": "200"}), None,
     "expected 0.1 <= 200 <= 100: "
     "spec.template.metadata.annotations.[queue.sidecar.serving.knative.dev/resource-percentage]"),
    ("progress-deadline", ksvc(annotations={"serving.knative.dev/progress-deadline": "1.5s"}), None,
     "progress-deadline=1.5s is not at second precision: "
     "spec.template.metadata.annotations.serving.knative.dev/progress-deadline"),
    ("progress-deadline-neg", ksvc(annotations={"serving.knative.dev/progress-deadline": "-10s"}), None,
     "progress-deadline=-10s must be positive: spec.template.metadata.annotations.serving.knative.dev/progress-deadline"),
    ("progress-deadline-bad", ksvc(annotations={"serving.knative.dev/progress-deadline": "10"}), None,
     "invalid value: 10: spec.template.metadata.annotations.serving.knative.dev/progress-deadline"),
    ("autoscaling-on-template", ksvc(annotations={"autoscaling.knative.dev/min-scale": "x"}), None,
     "invalid value: x: spec.template.metadata.annotations.autoscaling.knative.dev/min-scale"),
]


@pytest.mark.parametrize(("obj", "config", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_template(obj: Obj, config: ConfigView | None, want: str) -> None:
    assert admit(obj, config) == want


def test_insecure_security_context_warnings() -> None:
    ctx = StaticContext()
    obj = ksvc()
    service.default(obj, None, ctx)
    warnings = service.validate(obj, None, ctx).filter(Level.WARNING)
    assert str(warnings) == (
        "Kubernetes default value is insecure, Knative may default this to secure in a future release: "
        f"{C0}.securityContext.allowPrivilegeEscalation, {C0}.securityContext.capabilities, "
        f"{C0}.securityContext.runAsNonRoot, {C0}.securityContext.seccompProfile")


def test_secure_container_has_no_warnings() -> None:
    ctx = StaticContext()
    sc = {"allowPrivilegeEscalation": False, "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]},
          "seccompProfile": {"type": "RuntimeDefault"}}
    obj = ksvc({"image": IMG, "securityContext": sc})
    service.default(obj, None, ctx)
    assert not service.validate(obj, None, ctx)


def test_deprecated_queue_percentage_is_a_warning() -> None:
    ctx = StaticContext()
    obj = ksvc(annotations={"queue.sidecar.serving.knative.dev/resource-percentage": "20"})
    service.default(obj, None, ctx)
    warnings = str(service.validate(obj, None, ctx).filter(Level.WARNING))
    assert ("Queue proxy resource percentage annotation is deprecated. Please use the available annotations to "
            "explicitly set resource values per service: "
            "spec.template.metadata.annotations.[queue.sidecar.serving.knative.dev/resource-percentage]") in warnings
