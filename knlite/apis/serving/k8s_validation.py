"""Validation of the PodSpec inside a Revision (``pkg/apis/serving/k8s_validation.go``).

Knative runs user containers under a runtime contract: one serving container that listens on
one port (not one of the ports the queue-proxy uses), ``PORT``/``K_SERVICE``... reserved for
the platform, read-only mounts for configuration volumes, readiness probed by the
queue-proxy, sidecars without probes. This module checks a PodSpec against that contract and
against the field masks of :mod:`.fieldmask`, reporting Knative's exact messages and paths;
volumes and probes have their own modules (:mod:`.volumes`, :mod:`.probes`).

Knative's Go code has a few path quirks (``containers[*].ports``, init containers reported
under ``containers[i]``, envFrom one-of errors without an index); they are reproduced because
users compare the text.

Besides errors, the result carries warnings (``Level.WARNING``) about insecure
securityContext defaults, which Knative returns as admission warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from knlite.apis.fielderrors import (
    CURRENT_FIELD,
    FieldError,
    Level,
    err_invalid_value,
    err_missing_field,
    err_missing_one_of,
    err_multiple_one_of,
    err_out_of_bounds,
)
from knlite.apis.k8snames import is_dns1123_label, is_dns1123_subdomain, is_qualified_name
from knlite.apis.serving import fieldmask as mask
from knlite.apis.serving.fieldmask import check_disallowed, is_set, items, sub
from knlite.apis.serving.metadata import go_quote
from knlite.apis.serving.probes import MAX_INT32, validate_probe, validate_readiness_probe
from knlite.apis.serving.volumes import all_mounted_volumes, validate_volume_mounts, validate_volumes
from knlite.config.types import ENABLED, FeaturesConfig

Obj = dict[str, Any]

RESERVED_CONTAINER_NAMES = frozenset({"queue-proxy"})
RESERVED_ENV_VARS = frozenset({"PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION"})
RESERVED_SIDECAR_ENV_VARS = RESERVED_ENV_VARS - {"PORT"}
# queue-proxy http/h2c backends, admin, autoscaling metrics, user metrics, profiling
RESERVED_PORTS = frozenset({8012, 8013, 8022, 9090, 9091, 8008})
VALID_PORT_NAMES = frozenset({"h2c", "http1", ""})


@dataclass(frozen=True)
class _Ctx:
    features: FeaturesConfig
    kind: str = "user"  # user | sidecar | init

    @property
    def reserved_env(self) -> frozenset[str]:
        return RESERVED_ENV_VARS if self.kind == "user" else RESERVED_SIDECAR_ENV_VARS


# -- env -----------------------------------------------------------------------------------------


def _validate_env(ctx: _Ctx, env: list[Obj]) -> FieldError:
    errs = FieldError()
    for i, var in enumerate(env):
        here = FieldError().also(check_disallowed(var, mask.ENV_VAR))
        name = var.get("name") or ""
        if not name:
            here = here.also(err_missing_field("name"))
        elif name in ctx.reserved_env:
            here = here.also(FieldError.new(f"{go_quote(name)} is a reserved environment variable", "name"))
        value_from = sub(var, "valueFrom")
        if value_from is not None:
            here = here.also(FieldError().also(
                check_disallowed(value_from, mask.env_var_source(ctx.features))).via_field("valueFrom"))
        errs = errs.also(here.via_index(i))
    return errs


def _validate_env_from(env_from: list[Obj]) -> FieldError:
    errs = FieldError()
    for i, source in enumerate(env_from):
        errs = errs.also(FieldError().also(check_disallowed(source, mask.ENV_FROM)).via_index(i))
        cm, sm = source.get("configMapRef") is not None, source.get("secretRef") is not None
        # Knative reports these two without the index.
        if cm and sm:
            errs = errs.also(err_multiple_one_of("configMapRef", "secretRef"))
        elif not cm and not sm:
            errs = errs.also(err_missing_one_of("configMapRef", "secretRef"))
    return errs


# -- image ---------------------------------------------------------------------------------------

_REPO_CHARS = re.compile(r"^[a-z0-9_\-./]{2,255}$")
_TAG_CHARS = re.compile(r"^[A-Za-z0-9_\-.]{1,128}$")
_REGISTRY = re.compile(r"^([A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(:[0-9]*)?$")
_SHA256 = re.compile(r"^sha256:[a-f0-9]{64}$")


def _parse_repository(name: str) -> bool:
    if not name:
        return False
    registry, repo = "", name
    head, sep, tail = name.partition("/")
    if sep and ("." in head or ":" in head):
        registry, repo = head, tail
    return bool(_REPO_CHARS.match(repo)) and (not registry or bool(_REGISTRY.match(registry)))


def _parse_tag(name: str) -> bool:
    base, tag = name, ""
    parts = name.split(":")
    if len(parts) > 1 and "/" not in parts[-1]:
        base, tag = ":".join(parts[:-1]), parts[-1]
    if tag and not _TAG_CHARS.match(tag):
        return False
    return _parse_repository(base)


def image_reference_error(image: str) -> str:
    """go-containerregistry's ``ParseReference`` (weak validation): "" when the image parses."""
    if _parse_tag(image):
        return ""
    parts = image.split("@")
    if len(parts) == 2 and _SHA256.match(parts[1]) and _parse_tag(parts[0]):
        return ""
    return f"could not parse reference: {image}"


# -- ports ---------------------------------------------------------------------------------------


def _validate_port_basic(port: Obj) -> FieldError:
    errs = FieldError().also(check_disallowed(port, mask.CONTAINER_PORT))
    number = port.get("containerPort") or 0
    if number in RESERVED_PORTS:
        errs = errs.also(err_invalid_value(f"{number} is a reserved port", "containerPort",
                                           details=f"{number} is a reserved port, please use a different value"))
    if number < 0 or number > 65535:
        errs = errs.also(err_out_of_bounds(number, 0, 65535, "containerPort"))
    return errs


def _validate_container_ports(ports: list[Obj]) -> FieldError:
    if not ports:
        return FieldError()
    user_port = ports[0]  # only the first port is the serving port
    errs = _validate_port_basic(user_port)
    protocol = user_port.get("protocol") or ""
    if protocol not in ("", "TCP"):
        errs = errs.also(err_invalid_value(protocol, "protocol"))
    name = user_port.get("name") or ""
    if name not in VALID_PORT_NAMES:
        errs = errs.also(FieldError.new(f"Port name {name} is not allowed", CURRENT_FIELD,
                                        details="Name must be empty, or one of: 'h2c', 'http1'"))
    return errs


def serving_port(containers: list[Obj]) -> tuple[Obj, FieldError]:
    """The single serving port across containers (defaults: name ``http``, port 8080) and the
    errors about port counts (``validateContainersPorts``)."""
    count = 0
    port: Obj = {}
    for c in containers:
        ports = items(c.get("ports"))
        if ports:
            count += len(ports)
            port = ports[0]
    port = {**port, "name": port.get("name") or "http", "containerPort": port.get("containerPort") or 8080}
    if count == 0 and len(containers) > 1:
        return port, err_missing_field("ports")
    if count > 1:
        return port, FieldError.new("more than one container port is set", "ports",
                                    details="Only a single port is allowed across all containers")
    return port, FieldError()


# -- security contexts ---------------------------------------------------------------------------


def _id_bounds(sc: Obj, *fields: str) -> FieldError:
    errs = FieldError()
    for f in fields:
        value = sc.get(f)
        if isinstance(value, int) and not 0 <= value <= MAX_INT32:
            errs = errs.also(err_out_of_bounds(value, 0, MAX_INT32, f))
    return errs


def _validate_security_context(ctx: _Ctx, sc: Obj | None) -> FieldError:
    if sc is None:
        return FieldError()
    errs = FieldError().also(check_disallowed(sc, mask.SECURITY_CONTEXT))
    caps = sub(sc, "capabilities")
    if caps is not None:
        errs = errs.also(FieldError().also(
            check_disallowed(caps, mask.capabilities(ctx.features, caps))).via_field("capabilities"))
    return errs.also(_id_bounds(sc, "runAsUser", "runAsGroup"))


def _validate_pod_security_context(ctx: _Ctx, psc: Obj | None) -> FieldError:
    if psc is None:
        return FieldError()
    errs = FieldError().also(check_disallowed(psc, mask.pod_security_context(ctx.features, psc)))
    errs = errs.also(_id_bounds(psc, "runAsUser", "runAsGroup", "fsGroup"))
    for i, gid in enumerate(psc.get("supplementalGroups") or []):
        if isinstance(gid, int) and not 0 <= gid <= MAX_INT32:
            errs = errs.also(err_out_of_bounds(gid, 0, MAX_INT32, "").via_field_index("supplementalGroups", i))
    return errs


def _insecure_default(path: str) -> FieldError:
    return FieldError.new("Kubernetes default value is insecure, Knative may default this to secure in a future "
                          "release", path, level=Level.WARNING)


def _warn_default_security_context(psc: Obj | None, sc: Obj | None) -> FieldError:
    """Warnings for unset securityContext fields that the ``restricted`` profile forbids."""
    psc, sc = psc or {}, sc or {}
    errs = FieldError()
    if psc.get("runAsNonRoot") is None and sc.get("runAsNonRoot") is None:
        errs = errs.also(_insecure_default("runAsNonRoot"))
    if sc.get("allowPrivilegeEscalation") is None:
        errs = errs.also(_insecure_default("allowPrivilegeEscalation"))
    if sc.get("seccompProfile") is None and psc.get("seccompProfile") is None:
        errs = errs.also(_insecure_default("seccompProfile"))
    elif not (psc.get("seccompProfile") or {}).get("type") and not (sc.get("seccompProfile") or {}).get("type"):
        errs = errs.also(_insecure_default("seccompProfile.type"))
    caps = sub(sc, "capabilities")
    if caps is None:
        errs = errs.also(_insecure_default("capabilities"))
    elif caps.get("drop") is None:
        errs = errs.also(_insecure_default("capabilities.drop"))
    elif caps["drop"] and caps["drop"][0] == "all":
        errs = errs.also(err_invalid_value("all", "capabilities.drop", details="Must be spelled as 'ALL'")
                         .at_level(Level.WARNING))
    return errs


# -- containers ----------------------------------------------------------------------------------


def _validate(ctx: _Ctx, container: Obj, volumes: dict[str, Obj]) -> FieldError:
    """Checks common to every kind of container (``validate``)."""
    if not any(is_set(k, v) for k, v in container.items()):
        return err_missing_field(CURRENT_FIELD)
    errs = FieldError().also(check_disallowed(container, mask.CONTAINER))
    name = container.get("name") or ""
    if name in RESERVED_CONTAINER_NAMES:
        errs = errs.also(FieldError.new(f"{go_quote(name)} is a reserved container name", "name"))
    errs = errs.also(_validate_env(ctx, items(container.get("env"))).via_field("env"))
    errs = errs.also(_validate_env_from(items(container.get("envFrom"))).via_field("envFrom"))
    image = container.get("image") or ""
    if not image:
        errs = errs.also(err_missing_field("image"))
    elif problem := image_reference_error(image):
        errs = errs.also(FieldError.new("Failed to parse image reference", "image",
                                        details=f"image: {go_quote(image)}, error: {problem}"))
    ports = items(container.get("ports"))
    if ctx.kind == "init":
        port_errs = FieldError().also(*(_validate_port_basic(p) for p in ports))
    else:
        port_errs = _validate_container_ports(ports)
    errs = errs.also(port_errs.via_field("ports"))
    resources = sub(container, "resources")
    errs = errs.also(FieldError().also(check_disallowed(resources, mask.RESOURCES)).via_field("resources"))
    errs = errs.also(_validate_security_context(ctx, sub(container, "securityContext")).via_field("securityContext"))
    policy = container.get("terminationMessagePolicy") or ""
    if policy not in ("", "File", "FallbackToLogsOnError"):
        errs = errs.also(err_invalid_value(policy, "terminationMessagePolicy"))
    mounts = items(container.get("volumeMounts"))
    return errs.also(validate_volume_mounts(mounts, volumes).via_field("volumeMounts"))


def validate_container(ctx: _Ctx, container: Obj, volumes: dict[str, Obj], port: Obj) -> FieldError:
    """The serving container: probes checked against the serving port."""
    errs = validate_probe(sub(container, "livenessProbe"), port).via_field("livenessProbe")
    errs = errs.also(validate_readiness_probe(sub(container, "readinessProbe"), port).via_field("readinessProbe"))
    return errs.also(_validate(ctx, container, volumes))


def _validate_sidecar(ctx: _Ctx, container: Obj, volumes: dict[str, Obj]) -> FieldError:
    errs = FieldError()
    for probe in ("livenessProbe", "readinessProbe"):
        value = sub(container, probe)
        if value is not None:  # sidecars may not be probed: every probe field is disallowed
            errs = errs.also(FieldError().also(
                check_disallowed(value, (), inline=mask.PROBE_HANDLERS)).via_field(probe))
    return errs.also(_validate(ctx, container, volumes))


def _validate_init_container(ctx: _Ctx, container: Obj, volumes: dict[str, Obj]) -> FieldError:
    errs = FieldError()
    for f in ("livenessProbe", "readinessProbe", "startupProbe", "lifecycle"):
        if container.get(f) is not None:
            errs = errs.also(FieldError.new("field not allowed in an init container", f))
    return errs.also(_validate(replace(ctx, kind="init"), container, volumes))


def _validate_init_containers(ctx: _Ctx, inits: list[Obj], containers: list[Obj],
                              volumes: dict[str, Obj]) -> FieldError:
    if not inits:
        return FieldError()
    if ctx.features.get("kubernetes.podspec-init-containers") != ENABLED:
        return FieldError.new(f"pod spec support for init-containers is off, but found {len(inits)} init containers")
    names = {c.get("name") or "" for c in containers}
    errs = FieldError()
    for i, c in enumerate(inits):
        name = c.get("name") or ""
        # Knative reports init containers under containers[i].
        if name in names:
            errs = errs.also(FieldError.new(f"duplicate container name {go_quote(name)}", "name")
                             .via_field_index("containers", i))
        errs = errs.also(_validate_init_container(ctx, c, volumes).via_field_index("containers", i))
    return errs


def _validate_multi_containers(ctx: _Ctx, containers: list[Obj], volumes: dict[str, Obj],
                               port: Obj) -> FieldError:
    if ctx.features.get("multi-container") != ENABLED:
        return FieldError.new(f"multi-container is off, but found {len(containers)} containers")
    errs = FieldError()
    names: set[str] = set()
    for i, c in enumerate(containers):
        name = c.get("name") or ""
        if name in names:
            errs = errs.also(FieldError.new(f"duplicate container name {go_quote(name)}", "name")
                             .via_field_index("containers", i))
        names.add(name)
        if not items(c.get("ports")):
            here = _validate_sidecar(replace(ctx, kind="sidecar"), c, volumes)
        else:
            here = validate_container(ctx, c, volumes, port)
        errs = errs.also(here.via_field_index("containers", i))
    return errs


def validate_pod_spec(spec: Obj, features: FeaturesConfig, extra_fields: Iterable[str] = ()) -> FieldError:
    """``serving.ValidatePodSpec``. ``extra_fields`` are sibling keys that are not PodSpec fields
    (a RevisionSpec inlines the PodSpec next to ``containerConcurrency`` and friends)."""
    ctx = _Ctx(features)
    allowed = [*mask.pod_spec(features, spec), *extra_fields]
    errs = FieldError().also(check_disallowed(spec, allowed))
    psc = sub(spec, "securityContext")
    errs = errs.also(_validate_pod_security_context(ctx, psc).via_field("securityContext"))
    containers = items(spec.get("containers"))
    inits = items(spec.get("initContainers"))
    for field, group in (("containers", containers), ("initContainers", inits)):
        for i, c in enumerate(group):
            errs = errs.also(_warn_default_security_context(psc, sub(c, "securityContext"))
                             .via_field("securityContext").via_field_index(field, i))
    volumes, vol_errs = validate_volumes(features, items(spec.get("volumes")), all_mounted_volumes([*inits, *containers]))
    errs = errs.also(vol_errs.via_field("volumes"))
    errs = errs.also(_validate_init_containers(ctx, inits, containers, volumes))
    port, port_errs = serving_port(containers)
    errs = errs.also(port_errs.via_field("containers[*]"))
    if not containers:
        errs = errs.also(err_missing_field("containers"))
    elif len(containers) == 1:
        errs = errs.also(validate_container(ctx, containers[0], volumes, port).via_field_index("containers", 0))
    else:
        errs = errs.also(_validate_multi_containers(ctx, containers, volumes, port))
    sa = spec.get("serviceAccountName") or ""
    for problem in is_dns1123_subdomain(sa) if sa else []:
        errs = errs.also(err_invalid_value(sa, "serviceAccountName", details=problem))
    return errs


# -- object references ---------------------------------------------------------------------------

_C_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_c_identifier(value: str) -> list[str]:
    if _C_IDENTIFIER.match(value):
        return []
    return ["a valid C identifier must start with alphabetic character or '_', followed by a string of "
            "alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for "
            "validation is '[A-Za-z_][A-Za-z0-9_]*')"]


def validate_namespaced_object_reference(ref: Obj | None) -> FieldError:
    """An apiVersion/kind/name reference without namespace (``ValidateNamespacedObjectReference``)."""
    if ref is None:
        return FieldError()
    errs = FieldError().also(check_disallowed(ref, mask.OBJECT_REFERENCE))
    for field, check in (("apiVersion", is_qualified_name), ("kind", is_c_identifier), ("name", is_dns1123_label)):
        value = ref.get(field) or ""
        if not value:
            errs = errs.also(err_missing_field(field))
        elif problems := check(value):
            errs = errs.also(err_invalid_value(", ".join(problems), field))
    return errs
