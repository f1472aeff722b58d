"""kn's container flags (``--image``, ``--env``, ``--port``, ``--cmd``, ...) applied to a pod spec.

This is kn's ``PodSpecFlags.ResolvePodSpec``, shared by ``service create|update|apply``,
``container add`` and ``source container create|update``: every flag the user changed edits
the first container (creating it if needed); ``NAME-`` removes an env var (and ``cm:x-`` an
env-from source, ``/dir-`` a mount); ``--env``, ``--env-value-from`` and ``--env-file`` entries
keep the order they were given in; ``--port h2c:8080`` names the port; ``--containers FILE|-``
adds sidecars from a pod spec document.
"""

from __future__ import annotations

import re
from typing import Any

from knlite.cli.kn.common import map_from_array, ordered_map_and_removals, parse_minus_suffix
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.flags import FlagSet

Obj = dict[str, Any]

PORT_FORMAT_ERR = ("the port specification '{}' is not valid. Please provide in the format 'NAME:PORT', "
                   "where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'.")

# Flags whose change makes a new revision (kn marks them with markFlagMakesRevision).
POD_FLAGS = ("image", "env-file", "mount", "volume", "cmd", "arg", "containers", "probe-liveness",
             "probe-liveness-opts", "probe-readiness", "probe-readiness-opts", "limit", "request", "port",
             "service-account", "pull-secret", "user", "security-context", "env", "env-value-from", "env-from")

_QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$")


def container(spec: Obj) -> Obj:
    containers = spec.setdefault("containers", [])
    if not containers:
        containers.append({})
    return containers[0]


def _env_source(value: str) -> Obj:
    parts = value.split(":", 2)
    if len(parts) != 3:
        raise KnError('argument requires a value in form "resourceType:name:key" where "resourceType" can be one of '
                      f'"config-map" ("cm") or "secret" ("sc"); got "{value}"')
    typ, name, key = (p.strip() for p in parts)
    if typ in ("config-map", "cm"):
        source, kind = {"configMapKeyRef": {"name": name, "key": key}}, "ConfigMap"
    elif typ in ("secret", "sc"):
        source, kind = {"secretKeyRef": {"name": name, "key": key}}, "Secret"
    else:
        raise KnError(f'unsupported env source type "\\"{parts[0]}\\""; supported source types are "config-map" '
                      '("cm") and "secret" ("sc")')
    if not name:
        raise KnError(f"the name of {kind} cannot be an empty string")
    if not key:
        raise KnError(f'the key referenced by resource {kind} "{name}" cannot be an empty string')
    return source


def _read_env_file(path: str) -> list[str]:
    try:
        with open(path) as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except OSError as e:
        raise KnError(f"Invalid --env-file: open {path}: {e.strerror.lower() if e.strerror else e}") from None


def _update_env(c: Obj, flags: FlagSet) -> None:
    updates: list[Obj] = []
    removals: list[str] = []
    for name, value in flags.order:
        if name == "env":
            upd, rem = ordered_map_and_removals([value])
            updates += [{"name": k, "value": v} for k, v in upd.items()]
            removals += rem
        elif name == "env-value-from":
            upd, rem = ordered_map_and_removals([value])
            updates += [{"name": k, "valueFrom": _env_source(v)} for k, v in upd.items()]
            removals += rem
        elif name == "env-file":
            upd, _ = ordered_map_and_removals(_read_env_file(value))
            updates += [{"name": k, "value": v} for k, v in upd.items()]
    env: list[Obj] = list(c.get("env") or [])
    for var in updates:
        for i, existing in enumerate(env):
            if existing.get("name") == var["name"]:
                env[i] = var
                break
        else:
            env.append(var)
    for name in removals:
        for i, existing in enumerate(env):
            if existing.get("name") == name:
                del env[i]
                break
    if env:
        c["env"] = env
    else:
        c.pop("env", None)


def _source_info(spec: str) -> tuple[str, str]:
    parts = spec.split(":", 1)
    if len(parts) < 2:
        raise KnError(f'argument requires a value that contains the : character; got "{spec}", ["{spec}"]')
    typ, name = parts[0].strip(), parts[1].strip()
    if typ in ("config-map", "cm"):
        kind = "config-map"
    elif typ in ("secret", "sc"):
        kind = "secret"
    else:
        raise KnError(f'unsupported volume source type "\\"{typ}\\""; supported volume source types are '
                      '"config-map" and "secret"')
    if not name:
        raise KnError(f"the name of {kind} cannot be an empty string")
    return kind, name


def _update_env_from(c: Obj, values: list[str]) -> None:
    sources: list[Obj] = list(c.get("envFrom") or [])

    def canonical(src: Obj) -> str:
        if "configMapRef" in src:
            return "config-map:" + src["configMapRef"].get("name", "")
        if "secretRef" in src:
            return "secret:" + src["secretRef"].get("name", "")
        return ""

    for value in values:
        if value == "-":
            raise KnError('"-" is not a valid value for "--env-from"')
        remove = value.endswith("-")
        kind, name = _source_info(value[:-1] if remove else value)
        key = f"{kind}:{name}"
        if remove:
            sources = [s for s in sources if canonical(s) != key]
        elif key not in [canonical(s) for s in sources]:
            ref = "configMapRef" if kind == "config-map" else "secretRef"
            sources.append({ref: {"name": name}})
    if sources:
        c["envFrom"] = sources
    else:
        c.pop("envFrom", None)


def volume_name(path: str) -> str:
    """kn's ``GenerateVolumeName`` for an auto-created volume of a mount path."""
    import hashlib

    out = []
    for i, ch in enumerate(path):
        if ch.islower() or ch.isdigit() or ch == "-":
            out.append(ch)
        elif ch.isupper():
            out.append(ch.lower())
        elif ch == "/":
            if i != 0:
                out.append("-")
        else:
            out.append("-")
    name = "".join(out) + "-" + hashlib.sha1(path.encode()).hexdigest()[:8]
    if not name[0].isalnum():
        name = "k-" + name
    if len(name) > 63:
        name = name[:61] + "-n"
    return name


def _volume_source(kind: str, name: str) -> Obj:
    if kind in ("config-map", "cm"):
        return {"configMap": {"name": name}}
    if kind in ("secret", "sc"):
        return {"secret": {"secretName": name}}
    if kind in ("emptyDir", "ed"):
        return {"emptyDir": {}}
    if kind in ("persistentVolumeClaim", "pvc"):
        return {"persistentVolumeClaim": {"claimName": name}}
    raise KnError(f'unsupported volume type "\\"{kind}\\""; supported volume types are "config-map or cm", '
                  '"secret or sc", "volume or vo", and "emptyDir or ed"')


def _update_mounts(spec: Obj, c: Obj, mounts: list[str], volumes: list[str]) -> None:
    mount_upd, mount_rem = ordered_map_and_removals(mounts)
    vol_upd, vol_rem = ordered_map_and_removals(volumes)
    vols: list[Obj] = list(spec.get("volumes") or [])
    vmounts: list[Obj] = list(c.get("volumeMounts") or [])

    def set_volume(name: str, source: Obj) -> None:
        for v in vols:
            if v.get("name") == name:
                v.clear()
                v.update({"name": name, **source})
                return
        vols.append({"name": name, **source})

    for name, value in vol_upd.items():
        kind, _, rest = value.partition(":")
        set_volume(name, _volume_source(kind.strip(), rest.split(":")[0].strip()))
    for path, value in mount_upd.items():
        target, _, options = value.partition(":")
        if ":" in value and value.split(":")[0] in ("config-map", "cm", "secret", "sc", "emptyDir", "ed",
                                                     "persistentVolumeClaim", "pvc"):
            kind, _, rest = value.partition(":")
            ref, _, options = rest.partition(":")
            source_name, _, sub_path = ref.partition("/")
            vname = volume_name(path)
            set_volume(vname, _volume_source(kind, source_name))
        else:
            source_name, _, sub_path = target.partition("/")
            vname = source_name
            if not any(v.get("name") == vname for v in vols):
                raise KnError(f'There is no volume matched with "{vname}"')
        vol = next(v for v in vols if v.get("name") == vname)
        read_only = not ("emptyDir" in vol or "persistentVolumeClaim" in vol)
        if options.lower().startswith("readonly="):
            read_only = options.split("=", 1)[1].lower() == "true"
        mount: Obj = {"name": vname, "mountPath": path, "readOnly": read_only}
        if sub_path:
            mount["subPath"] = sub_path
        for i, m in enumerate(vmounts):
            if m.get("mountPath") == path:
                vmounts[i] = mount
                break
        else:
            vmounts.append(mount)
    for path in mount_rem:
        gone = [m for m in vmounts if m.get("mountPath") == path]
        vmounts = [m for m in vmounts if m.get("mountPath") != path]
        vol_rem += [m["name"] for m in gone if m.get("name") == volume_name(path)]
    for name in vol_rem:
        if any(m.get("name") == name for m in vmounts):
            raise KnError(f'The volume "{name}" cannot be removed because it is mounted')
        vols = [v for v in vols if v.get("name") != name]
    if vmounts:
        c["volumeMounts"] = vmounts
    else:
        c.pop("volumeMounts", None)
    if vols:
        spec["volumes"] = vols
    else:
        spec.pop("volumes", None)


def _resources(c: Obj, key: str, values: list[str]) -> None:
    if not values:
        return
    m = map_from_array(values, allow_singles=True)
    removals = parse_minus_suffix(m)
    res = c.setdefault("resources", {})
    target = res.setdefault(key, {})
    for name, value in m.items():
        if name in removals:
            continue
        if not _QUANTITY.match(value):
            raise KnError("quantities must match the regular expression "
                          "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
        target[name] = value
    for name in removals:
        target.pop(name, None)
    if not target:
        res.pop(key, None)


def _update_port(c: Obj, port: str) -> None:
    name, sep, number = port.partition(":")
    if not sep:
        name, number = "", port
    try:
        value = int(number)
        if not -(1 << 31) <= value < (1 << 31):
            raise ValueError
    except ValueError:
        raise KnError(PORT_FORMAT_ERR.format(port)) from None
    entry: Obj = {"containerPort": value}
    if name:
        entry["name"] = name
    c["ports"] = [entry]


def _probe_handler(text: str) -> Obj:
    if not text:
        raise KnError("no probe parameters detected")
    parts = text.split(":")
    if len(parts) > 4:
        raise KnError("too many probe parameters provided, please check the format")
    kind = parts[0]
    if kind in ("http", "https"):
        if len(parts) != 4:
            raise KnError("unexpected probe format, please use 'http:host:port:path'")
        get: Obj = {"path": parts[3]}
        if parts[1]:
            get["host"] = parts[1]
        if parts[2]:
            get["port"] = int(parts[2]) if parts[2].isdigit() else parts[2]
        if kind == "https":
            get["scheme"] = "HTTPS"
        return {"httpGet": get}
    if kind == "exec":
        if len(parts) != 2:
            raise KnError("unexpected probe format, please use 'exec:<exec_command>[,<exec_command>,...]'")
        if not parts[1]:
            raise KnError("at least one command parameter is required for Exec probe")
        return {"exec": {"command": parts[1].split(",")}}
    if kind == "tcp":
        if len(parts) != 3:
            raise KnError("unexpected probe format, please use 'tcp:host:port")
        tcp: Obj = {"port": int(parts[2]) if parts[2].isdigit() else parts[2]}
        if parts[1]:
            tcp["host"] = parts[1]
        return {"tcpSocket": tcp}
    raise KnError(f"unsupported probe type '{kind}'; supported types: http, https, exec, tcp")


_PROBE_OPTS = {"initialdelayseconds": "initialDelaySeconds", "timeoutseconds": "timeoutSeconds",
               "periodseconds": "periodSeconds", "successthreshold": "successThreshold",
               "failurethreshold": "failureThreshold"}


def _probe_options(probe: Obj, text: str) -> None:
    for key, value in map_from_array(text.split(",")).items():
        try:
            number = int(value.strip(), 0)
        except ValueError:
            raise KnError(f"not a nummeric value for parameter '{key}'") from None
        field = _PROBE_OPTS.get(key.strip().lower())
        if field is None:
            raise KnError(f"not a valid probe parameter name '{key}'")
        probe[field] = number


def _set_probe(c: Obj, which: str, handler_text: str | None, opts: str | None) -> None:
    probe = c.setdefault(which, {})
    if handler_text is not None:
        for k in ("httpGet", "exec", "tcpSocket", "grpc"):
            probe.pop(k, None)
        probe.update(_probe_handler(handler_text))
    if opts is not None:
        _probe_options(probe, opts)


def read_containers(path: str) -> list[Obj]:
    """The ``containers`` of a pod spec document in a file, or on stdin for ``-``."""
    from knlite.cli.kn.common import read_document

    doc = read_document(path)
    if doc is None:
        return []
    if not isinstance(doc, dict):
        raise KnError(f"{path} does not hold a pod spec (a document with 'containers')")
    return list(doc.get("containers") or [])


def _merge_containers(spec: Obj, extra: list[Obj]) -> None:
    containers: list[Obj] = spec.setdefault("containers", [])
    if len(containers) == 1:
        containers.extend(extra)
        return
    names = {str(c.get("name", "")).lower() for c in extra}
    for i, c in enumerate(containers):
        for new in extra:
            if c.get("name") == new.get("name"):
                containers[i] = new
    existing = {str(c.get("name", "")).lower() for c in containers}
    containers.extend(c for c in extra if str(c.get("name", "")).lower() not in existing and
                      str(c.get("name", "")).lower() in names)


STRICT_SECURITY_CONTEXT: Obj = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "runAsNonRoot": True,
    "seccompProfile": {"type": "RuntimeDefault"},
}


def resolve_pod_spec(spec: Obj, flags: FlagSet, extra_containers: str | None = None) -> None:
    """Apply the changed container flags to ``spec`` (kn's ResolvePodSpec)."""
    changed = flags.is_changed
    if changed("env") or changed("env-value-from") or changed("env-file"):
        _update_env(container(spec), flags)
    if changed("env-from"):
        _update_env_from(container(spec), flags.strings("env-from"))
    if changed("mount") or changed("volume"):
        _update_mounts(spec, container(spec), flags.strings("mount"), flags.strings("volume"))
    if changed("image"):
        container(spec)["image"] = flags.string("image")
    if changed("pull-policy"):
        policy = flags.string("pull-policy")
        canonical = {"always": "Always", "ifnotpresent": "IfNotPresent", "never": "Never"}.get(policy.lower())
        if canonical is None:
            raise KnError(f"invalid --pull-policy {policy}. Valid arguments (case insensitive): "
                          "Always | Never | IfNotPresent")
        container(spec)["imagePullPolicy"] = canonical
    if changed("request") or changed("limit"):
        c = container(spec)
        _resources(c, "requests", flags.strings("request"))
        _resources(c, "limits", flags.strings("limit"))
    if changed("cmd"):
        container(spec)["command"] = flags.strings("cmd")
    if changed("arg"):
        container(spec)["args"] = flags.strings("arg")
    if changed("port"):
        _update_port(container(spec), flags.string("port"))
    if changed("service-account"):
        spec["serviceAccountName"] = flags.string("service-account").strip()
    if changed("pull-secret"):
        secret = flags.string("pull-secret").strip()
        if secret:
            spec["imagePullSecrets"] = [{"name": secret}]
        else:
            spec.pop("imagePullSecrets", None)
    if changed("user"):
        container(spec)["securityContext"] = {"runAsUser": flags.integer("user")}
    extra = extra_containers
    if extra is None and (changed("containers") or changed("extra-containers")):
        extra = flags.string("containers") or flags.string("extra-containers")
    if extra:
        _merge_containers(spec, read_containers(extra))
    if changed("probe-liveness") or changed("probe-liveness-opts"):
        _set_probe(container(spec), "livenessProbe",
                   flags.string("probe-liveness") if changed("probe-liveness") else None,
                   flags.string("probe-liveness-opts") if changed("probe-liveness-opts") else None)
    if changed("probe-readiness") or changed("probe-readiness-opts"):
        _set_probe(container(spec), "readinessProbe",
                   flags.string("probe-readiness") if changed("probe-readiness") else None,
                   flags.string("probe-readiness-opts") if changed("probe-readiness-opts") else None)
    if changed("security-context"):
        value = flags.string("security-context").lower()
        if value == "none":
            container(spec).pop("securityContext", None)
        elif value == "strict":
            container(spec)["securityContext"] = dict(STRICT_SECURITY_CONTEXT)
        else:
            raise KnError(f"invalid --security-context {flags.string('security-context')}. "
                          "Valid arguments: strict | none")
