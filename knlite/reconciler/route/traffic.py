"""Traffic resolution (``pkg/reconciler/route/traffic/traffic.go``).

A Route's ``spec.traffic`` names revisions directly or through a Configuration (meaning its
``latestReadyRevisionName``). Resolution flattens every target to a revision, checks that each
exists and is ready — all of them, 0 % targets too — and groups the result the way the
ingress is programmed: the default host gets the whole split (same revision merged), each tag
host gets its one target at 100 %. ``status.traffic`` lists the flattened targets in spec
order with same (tag, revision, latestRevision) entries merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from knlite.apis.serving import keys, lifecycle

Obj = dict[str, Any]
Lookup = Callable[[str, str], "Obj | None"]  # (namespace, name)


@dataclass(frozen=True)
class Target:
    tag: str
    revision: str
    percent: int
    latest: bool
    configuration: str = ""  # the Configuration this target follows (latestRevision targets)


@dataclass
class TrafficError:
    kind: str  # "missing" | "not-ready" | "failed"
    target_kind: str  # "Configuration" | "Revision"
    name: str
    is_failure: bool = False


@dataclass
class TrafficConfig:
    targets: list[Target] = field(default_factory=list)  # flattened, merged, spec order
    groups: dict[str, list[Target]] = field(default_factory=dict)  # "" → default split; tag → [target]
    configurations: dict[str, Obj] = field(default_factory=dict)
    revisions: dict[str, Obj] = field(default_factory=dict)
    error: TrafficError | None = None


def _merge(targets: list[Target]) -> list[Target]:
    out: list[Target] = []
    index: dict[tuple[str, str, bool], int] = {}
    for t in targets:
        k = (t.tag, t.revision, t.latest)
        if k in index:
            prev = out[index[k]]
            out[index[k]] = Target(prev.tag, prev.revision, prev.percent + t.percent, prev.latest, prev.configuration)
        else:
            index[k] = len(out)
            out.append(t)
    return out


def resolve(route: Obj, configurations: Lookup, revisions: Lookup) -> TrafficConfig:
    ns = route["metadata"]["namespace"]
    cfg = TrafficConfig()
    missing: list[TrafficError] = []
    unready: TrafficError | None = None
    flat: list[Target] = []
    for tt in (route.get("spec") or {}).get("traffic") or []:
        tag = tt.get("tag") or ""
        percent = int(tt.get("percent") or 0)
        if tt.get("revisionName"):
            name = tt["revisionName"]
            rev = revisions(ns, name)
            if rev is None:
                missing.append(TrafficError("missing", "Revision", name, True))
                continue
            if not lifecycle.is_ready(rev) and unready is None:
                unready = TrafficError("failed" if lifecycle.is_failed(rev) else "not-ready", "Revision", name,
                                       lifecycle.is_failed(rev))
            config_name = (rev["metadata"].get("labels") or {}).get(keys.CONFIGURATION_LABEL, "")
            if config_name:
                config = configurations(ns, config_name)
                if config is not None:
                    cfg.configurations[config_name] = config
            cfg.revisions[name] = rev
            flat.append(Target(tag, name, percent, bool(tt.get("latestRevision", False))))
        elif tt.get("configurationName"):
            name = tt["configurationName"]
            config = configurations(ns, name)
            if config is None:
                missing.append(TrafficError("missing", "Configuration", name, True))
                continue
            latest = (config.get("status") or {}).get("latestReadyRevisionName")
            if not latest:
                if unready is None:
                    failed = lifecycle.is_failed(config)
                    unready = TrafficError("failed" if failed else "not-ready", "Configuration", name, failed)
                continue
            rev = revisions(ns, latest)
            if rev is None:
                missing.append(TrafficError("missing", "Revision", latest, True))
                continue
            cfg.configurations[name] = config
            cfg.revisions[latest] = rev
            flat.append(Target(tag, latest, percent, tt.get("latestRevision", True) is not False, name))
    if missing:
        cfg.error = missing[0]
        return cfg
    if unready is not None:
        cfg.error = unready
        return cfg
    cfg.targets = _merge(flat)
    default = _merge([Target("", t.revision, t.percent, t.latest, t.configuration) for t in flat])
    cfg.groups[""] = default
    for t in flat:
        if t.tag:
            cfg.groups[t.tag] = [Target(t.tag, t.revision, 100, t.latest, t.configuration)]
    return cfg


def status_traffic(targets: list[Target], tag_url: Callable[[str], str]) -> list[Obj]:
    out = []
    for t in targets:
        entry: Obj = {}
        if t.tag:
            entry["tag"] = t.tag
        entry["revisionName"] = t.revision
        entry["latestRevision"] = t.latest
        entry["percent"] = t.percent
        if t.tag:
            entry["url"] = tag_url(t.tag)
        out.append(entry)
    return out
