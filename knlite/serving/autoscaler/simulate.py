"""``knlite autoscaler simulate``: replay a load trace through the real KPA code.

Why: a user should be able to predict how a revision will scale before deploying it. The
simulator runs the *same* objects the daemon runs — :class:`RevisionMetrics` (1-second
buckets), the :class:`Autoscaler` decider every 2 s, :func:`apply_bounds` and
:class:`ScaleToZero` — against a trace of revision-wide load, with a deliberately simple model
of instances, and prints one row per decision. There is no clock and no randomness: the same
inputs always give the same table.

The model:

* the trace is a step function: ``second,value`` sets the load (concurrency, or requests per
  second when the metric is ``rps``) from that second until the next line; it is recorded
  once per second, as the pods' and the activator's reports would add up;
* the decider runs at every even second, and also at once on a second where load reaches a
  revision whose last decision was 0 (Knative's "poke");
* the PodAutoscaler is reconciled right after each decision: bounds, initial scale,
  scale to zero (Active → Inactive after a stable window at 0, pods removed after the grace
  period with the activator in the path) — only at decision times, so waits end on a tick;
* an added instance becomes ready ``start_delay`` seconds after the decision that asked for it
  (default 1 s, i.e. ready at the next tick); removed instances go at once, newest first;
* by default the revision is new: it starts with its initial scale of ready instances and
  an activating PodAutoscaler; ``initial_ready=N`` starts an existing revision instead, with
  N ready instances (0 = scaled to zero, PA inactive). The decider is created at 0 s, so
  more than one ready instance starts it in panic mode, as a restarted Knative autoscaler
  does. The revision is reachable (routed) throughout.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import yaml

from knlite.apis.autoscaling import annotation as ann
from knlite.apis.autoscaling import podautoscaler as pa_api
from knlite.config.types import AutoscalerConfig, DeploymentConfig
from knlite.serving.autoscaler.decider import (
    Autoscaler,
    DeciderSpec,
    DeciderStatus,
    RevisionMetrics,
    Stat,
    pa_view,
    poke_due,
    spec_for,
)
from knlite.serving.autoscaler.scaler import (
    ACTIVATING,
    ACTIVE,
    INACTIVE,
    SCALE_UNKNOWN,
    ScaleToZero,
    activator_in_path,
    apply_bounds,
    min_ready,
    next_active_state,
)

TICK_SECONDS = 2


class SimulationError(ValueError):
    """Bad simulator input; ``str()`` is the message for the user."""


@dataclass(frozen=True)
class Scenario:
    """Everything the simulation needs about one revision."""

    spec: DeciderSpec = field(default_factory=DeciderSpec)
    min_scale: int = 0
    max_scale: int = 0  # 0 = unlimited
    scale_to_zero: ScaleToZero = field(default_factory=ScaleToZero)
    start_delay: float = 1.0  # seconds from a scale-up decision to the instance being ready
    initial_ready: int | None = None  # an existing revision's ready instances; None = a new revision

    @classmethod
    def from_annotations(cls, annotations: Mapping[str, str], container_concurrency: int,
                         cfg: AutoscalerConfig, deployment: DeploymentConfig | None = None,
                         start_delay: float = 1.0, initial_ready: int | None = None) -> Scenario:
        lo, hi = pa_api.scale_bounds(pa_view(annotations, container_concurrency), cfg)
        return cls(
            spec=spec_for(annotations, container_concurrency, cfg, reachable=True),
            min_scale=lo,
            max_scale=hi,
            scale_to_zero=ScaleToZero.for_annotations(annotations, cfg, deployment),
            start_delay=start_delay,
            initial_ready=initial_ready,
        )


@dataclass(frozen=True)
class Tick:
    """One decision of the simulation."""

    time: int  # seconds since the start
    stable: float | None  # stable-window average (None: no data, no decision)
    panic: float | None  # panic-window average
    panicking: bool
    desired: int  # the decider's desired scale (-1 before the first decision)
    scale: int  # instances (replicas) after the KPA applied bounds and scale to zero
    ready: int  # ready instances the decision saw
    ebc: int  # excess burst capacity
    poked: bool = False  # decided off-tick because traffic reached a revision at 0


# -- inputs ----------------------------------------------------------------------------------------


def parse_trace(text: str) -> list[tuple[int, float]]:
    """``second,value`` lines (blank lines, ``#`` comments and a header line allowed), sorted."""
    points: dict[int, float] = {}
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) != 2:
            raise SimulationError(f"trace line {lineno}: expected 'second,value', got {','.join(row)!r}")
        try:
            second, value = int(row[0].strip()), float(row[1].strip())
        except ValueError:
            if not points and lineno == 1:
                continue  # a header
            raise SimulationError(f"trace line {lineno}: expected 'second,value', got {','.join(row)!r}") from None
        if second < 0 or value < 0:
            raise SimulationError(f"trace line {lineno}: second and value must not be negative")
        points[second] = value
    if not points:
        raise SimulationError("the trace has no 'second,value' lines")
    return sorted(points.items())


_TEMPLATED = ("Service", "Configuration")


def load_manifest(text: str) -> tuple[dict[str, str], int]:
    """(annotations, containerConcurrency) of the first Service, Configuration, Revision or
    PodAutoscaler in a YAML stream (a ksvc's come from ``spec.template``)."""
    try:
        docs = [d for d in yaml.safe_load_all(text) if isinstance(d, dict)]
    except yaml.YAMLError as e:
        raise SimulationError(f"cannot parse the manifest: {e}") from None
    for doc in docs:
        kind = doc.get("kind")
        if kind in _TEMPLATED:
            template = (doc.get("spec") or {}).get("template") or {}
            meta, spec = template.get("metadata") or {}, template.get("spec") or {}
        elif kind in ("Revision", "PodAutoscaler"):
            meta, spec = doc.get("metadata") or {}, doc.get("spec") or {}
        else:
            continue
        annotations = {str(k): str(v) for k, v in (meta.get("annotations") or {}).items()}
        return annotations, int(spec.get("containerConcurrency") or 0)
    raise SimulationError("the manifest has no Service, Configuration, Revision or PodAutoscaler")


# -- the run ---------------------------------------------------------------------------------------


def _load_at(trace: list[tuple[int, float]], seconds: list[int], s: int) -> float:
    i = bisect.bisect_right(seconds, s)
    return trace[i - 1][1] if i else 0.0


def simulate(scenario: Scenario, trace: list[tuple[int, float]], duration: int | None = None) -> list[Tick]:
    """Run the trace from 0 s to ``duration`` (default: its last second), one row per decision."""
    spec = scenario.spec
    end = trace[-1][0] if duration is None else duration
    seconds = [s for s, _ in trace]
    stz = scenario.scale_to_zero
    existing = scenario.initial_ready is not None
    start = scenario.initial_ready if scenario.initial_ready is not None else spec.initial_scale

    ready_at = [0.0] * start  # one entry per instance: when it is (or becomes) ready
    decider = Autoscaler(spec, start, clock=lambda: 0.0, key="simulate")
    metrics = RevisionMetrics.for_spec(spec)
    status = DeciderStatus.initial(spec)
    initialized = existing
    # A new PA's Active condition is Unknown; an existing one is Active, or Inactive at zero.
    active = (ACTIVE if start else INACTIVE) if existing else ACTIVATING
    active_since = 0.0
    proxy_since: float | None = 0.0  # the activator is in the path until the first decision
    lo = scenario.min_scale if spec.reachable else 0

    ticks: list[Tick] = []
    for s in range(end + 1):
        load = _load_at(trace, seconds, s)
        if spec.metric == ann.RPS:
            metrics.record(Stat(time=s, request_count=load))
        else:
            metrics.record(Stat(time=s, average_concurrency=load))
        # The activator reports the first request to a revision at zero as concurrency 1.
        poked = s % TICK_SECONDS != 0 and poke_due(status.desired_scale, Stat(time=s, average_concurrency=load))
        if s % TICK_SECONDS and not poked:
            continue

        ready = sum(1 for t in ready_at if t <= s)
        observed = metrics.stable_and_panic(spec.metric, s)
        stable, panic = observed if observed is not None else (None, None)
        status.update(decider.scale(ready, stable, panic, s))

        # The KPA reconciler: bounds, then the scale-to-zero rules.
        desired = status.desired_scale
        if desired < 0 and active != ACTIVATING:
            want, apply = SCALE_UNKNOWN, False
        else:
            bounded = apply_bounds(desired, scenario.min_scale, scenario.max_scale, spec.initial_scale,
                                   initialized, spec.reachable)
            decision = stz.decide(bounded, active, s - active_since,
                                  proxy_for=s - proxy_since if proxy_since is not None else 0.0,
                                  activator_in_path=True, proxying=proxy_since is not None)
            want, apply = decision.want, decision.apply
        if apply and want != len(ready_at):
            if want > len(ready_at):
                ready_at += [s + scenario.start_delay] * (want - len(ready_at))
            else:
                ready_at = sorted(ready_at)[:want]  # not-yet-ready and newest go first

        ready_now = sum(1 for t in ready_at if t <= s)
        threshold = min_ready(lo, spec.initial_scale, initialized)
        if ready_now >= threshold:
            initialized = True
        new_state = next_active_state(want, ready_now, threshold, active)
        if new_state is not None and new_state[0] != active:
            active, active_since = new_state[0], float(s)
        if activator_in_path(status.excess_burst_capacity, spec.target_burst_capacity, want, ready_now):
            proxy_since = s if proxy_since is None else proxy_since
        else:
            proxy_since = None

        ticks.append(Tick(s, stable, panic, decider.panicking, status.desired_scale, len(ready_at), ready,
                          status.excess_burst_capacity, poked))
    return ticks


# -- output ----------------------------------------------------------------------------------------

COLUMNS = ("TIME", "STABLE", "PANIC", "PANICKING", "DESIRED", "SCALE", "READY", "EBC")


def _avg(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _row(t: Tick) -> tuple[str, ...]:
    return (f"{t.time}s" + ("*" if t.poked else ""), _avg(t.stable), _avg(t.panic),
            "yes" if t.panicking else "no", str(t.desired), str(t.scale), str(t.ready), str(t.ebc))


def changes(ticks: Iterable[Tick]) -> list[Tick]:
    """Only the rows where panic mode, desired scale, instances or ready instances changed."""
    out: list[Tick] = []
    for t in ticks:
        key = (t.panicking, t.desired, t.scale, t.ready)
        if not out or key != (out[-1].panicking, out[-1].desired, out[-1].scale, out[-1].ready):
            out.append(t)
    return out


def format_table(ticks: Iterable[Tick]) -> str:
    ticks = list(ticks)
    rows = [COLUMNS, *(_row(t) for t in ticks)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["   ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if any(t.poked for t in ticks):
        lines.append("* decided at once: traffic reached a revision scaled to zero (poke)")
    return "\n".join(lines) + "\n"


def format_csv(ticks: Iterable[Tick]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["time", "stable", "panic", "panicking", "desired", "scale", "ready", "ebc", "poked"])
    for t in ticks:
        w.writerow([t.time, "" if t.stable is None else t.stable, "" if t.panic is None else t.panic,
                    str(t.panicking).lower(), t.desired, t.scale, t.ready, t.ebc, str(t.poked).lower()])
    return out.getvalue()


def describe(scenario: Scenario) -> str:
    """A one-line summary of the effective parameters, for the top of the output."""
    s = scenario.spec
    bounds = f"min {scenario.min_scale}, max {scenario.max_scale or 'unlimited'}"
    return (f"# metric {s.metric}: target {s.target_value:g} per instance (total {s.total_value:g}), "
            f"stable window {s.stable_window:g}s, panic window {s.panic_window:g}s, "
            f"panic threshold {s.panic_threshold * 100:g}%, scale-down delay {s.scale_down_delay:g}s, "
            f"TBC {s.target_burst_capacity:g}, {bounds}, initial scale {s.initial_scale}\n")

