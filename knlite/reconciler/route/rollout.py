"""Gradual rollout of a new latest revision (``pkg/reconciler/route/traffic/rollout.go``).

With ``serving.knative.dev/rollout-duration`` (or config-network ``rollout-duration``) set,
a Route does not jump to a new latest revision: 1 % moves first, and once the ingress has
observed that step the rest moves in equal steps spread over the duration. The state is JSON
kept in an annotation of the Route's Ingress (``networking.internal.knative.dev/rollout``),
exactly Knative's format, so it survives restarts. All functions are pure; time is passed in
as Unix nanoseconds.
"""

from __future__ import annotations

import copy
import math
from typing import Any

Obj = dict[str, Any]
ANNOTATION = "networking.internal.knative.dev/rollout"
NS = 1_000_000_000


def desired_state(targets: list[Any]) -> Obj:
    """Rollout participants: latestRevision targets with percent > 0, one entry per (tag, config)."""
    configs: list[Obj] = []
    for t in targets:
        if not t.latest or t.percent <= 0 or not t.configuration:
            continue
        configs.append({"configurationName": t.configuration, "tag": t.tag, "percent": t.percent,
                        "revisions": [{"revisionName": t.revision, "percent": t.percent}]})
    return {"configurations": configs}


def _find(state: Obj, tag: str, config: str) -> Obj | None:
    for c in state.get("configurations") or []:
        if c.get("tag", "") == tag and c.get("configurationName") == config:
            return c
    return None


def _adjust_percent(cc: Obj, target: int) -> None:
    revs = cc["revisions"]
    total = sum(r["percent"] for r in revs)
    diff = target - total
    if diff > 0:
        revs[-1]["percent"] += diff
    elif diff < 0:
        remove = -diff
        for r in revs:
            take = min(r["percent"], remove)
            r["percent"] -= take
            remove -= take
            if remove == 0:
                break
        cc["revisions"] = [r for r in revs if r["percent"] > 0] or revs[-1:]
    cc["percent"] = target


def step(prev: Obj | None, desired: Obj, now_ns: int, duration_s: int) -> Obj:
    """The next rollout state from the previous one and the freshly resolved traffic."""
    if duration_s <= 0 or not prev:
        return desired
    out: list[Obj] = []
    for want in desired["configurations"]:
        have = _find(prev, want.get("tag", ""), want["configurationName"])
        new_rev = want["revisions"][0]["revisionName"]
        percent = want["percent"]
        if have is None or percent <= 1:
            out.append(want)
            continue
        cc = copy.deepcopy(have)
        if cc["revisions"][-1]["revisionName"] != new_rev:
            revs = [r for r in cc["revisions"] if r["percent"] > 0]
            for r in reversed(revs):
                if r["percent"] > 0:
                    r["percent"] -= 1
                    break
            revs = [r for r in revs if r["percent"] > 0]
            revs.append({"revisionName": new_rev, "percent": 1})
            cc["revisions"] = revs
            cc["stepParams"] = {"starttime": now_ns}
            if sum(r["percent"] for r in revs) != percent:
                _adjust_percent(cc, percent)
        elif cc.get("percent") != percent:
            _adjust_percent(cc, percent)
        out.append(cc)
    return {"configurations": out}


def observe_ready(state: Obj, now_ns: int, duration_s: int) -> Obj:
    """Plan the steps of rollouts that have made their first 1 % move (Knative's ``ObserveReady``)."""
    state = copy.deepcopy(state)
    for cc in state.get("configurations") or []:
        sp = cc.get("stepParams") or {}
        if "starttime" not in sp or sp.get("stepDuration"):
            continue
        min_step = max(1, math.ceil((now_ns - sp["starttime"]) / NS))
        d = max(1, duration_s - min_step)
        num_steps = max(1, d // min_step)
        rem = cc["percent"] - 1
        if rem < num_steps:
            num_steps = rem
        if num_steps <= 0:
            cc.pop("stepParams", None)
            continue
        step_size = math.floor(rem / num_steps + 0.5)
        step_duration = d * NS // num_steps
        sp.update({"stepDuration": step_duration, "stepSize": step_size, "nextStepTime": now_ns + step_duration})
        cc["stepParams"] = sp
    return state


def advance(state: Obj, now_ns: int) -> tuple[Obj, int | None]:
    """Take the steps that are due; returns the new state and the next step time (or None)."""
    state = copy.deepcopy(state)
    next_time: int | None = None
    for cc in state.get("configurations") or []:
        sp = cc.get("stepParams") or {}
        if not sp.get("stepDuration"):
            continue
        while len(cc["revisions"]) > 1 and sp["nextStepTime"] <= now_ns:
            revs = cc["revisions"]
            move = min(sp["stepSize"], cc["percent"] - revs[-1]["percent"])
            remaining = move
            for r in reversed(revs[:-1]):
                take = min(r["percent"], remaining)
                r["percent"] -= take
                remaining -= take
                if remaining == 0:
                    break
            revs[-1]["percent"] += move - remaining
            revs[-1]["percent"] = min(revs[-1]["percent"], cc["percent"])
            cc["revisions"] = [r for r in revs[:-1] if r["percent"] > 0] + [revs[-1]]
            sp["nextStepTime"] += sp["stepDuration"]
        if len(cc["revisions"]) <= 1:
            cc["revisions"][-1]["percent"] = cc["percent"]
            cc.pop("stepParams", None)
        else:
            next_time = sp["nextStepTime"] if next_time is None else min(next_time, sp["nextStepTime"])
    return state, next_time


def in_progress(state: Obj) -> bool:
    return any(len(c.get("revisions") or []) > 1 for c in state.get("configurations") or [])


def split_for(state: Obj, tag: str, config: str) -> list[tuple[str, int]] | None:
    """The rolled-out (revision, percent) pairs replacing a config target, if it is rolling."""
    cc = _find(state, tag, config)
    if cc is None:
        return None
    return [(r["revisionName"], r["percent"]) for r in cc["revisions"]]
