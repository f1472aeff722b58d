"""``--traffic``, ``--tag`` and ``--untag``: kn's traffic computation for a Service (pure).

A port of kn's ``traffic.Compute``. ``--traffic REF=PCT`` takes a revision name, a tag or
``@latest``; percentages must be integers in [0, 100] summing to at most 100, and when they
sum to less, kn gives the rest to the one revision currently routed that was not named
(or, when the command also makes a new revision, to ``@latest``) and refuses otherwise.
``--tag REV=TAG`` tags a revision or ``@latest`` and refuses to move an existing tag
(``refusing to overwrite existing tag in service, add flag '--untag X' ...``); ``--untag``
removes tags. Targets left with neither percent nor tag are dropped.
"""

from __future__ import annotations

from typing import Any

from knlite.cli.kn.errors import KnError

Obj = dict[str, Any]
LATEST = "@latest"
TAGS_ANNOTATION = "client.knative.dev/tags"


def split_by_equal_sign(pair: str) -> tuple[str, str]:
    parts = pair.split("=")
    if len(parts) == 1:
        return LATEST, parts[0]
    if len(parts) != 2 or parts[0] == "" or parts[1] == "":
        raise KnError(f"expecting the value format in value1=value2, given {pair}")
    return parts[0], parts[1].removesuffix("%")


def _target(tag: str, revision: str, percent: int, latest: bool) -> Obj:
    t: Obj = {}
    if tag:
        t["tag"] = tag
    if latest:
        t["latestRevision"] = True
    else:
        t["revisionName"] = revision
        t["latestRevision"] = False
    t["percent"] = percent
    return t


def _repeating(flag: str, name: str) -> KnError:
    what = f"identifier {LATEST}" if name == LATEST else f"revision reference {name}"
    return KnError(f"repetition of {what} is not allowed, use only once with {flag} flag")


def _distribution_error(total: int, count_reason: bool) -> KnError:
    reason = ("incorrect number of revisions specified. Only 1 revision should be missing" if count_reason
              else "cannot determine the missing revision")
    return KnError(f"unable to allocate the remaining traffic: {100 - total}%. Reason: {reason}")


def _sum_and_refs(percentages: list[str]) -> tuple[dict[str, int], int]:
    refs: dict[str, int] = {}
    total = 0
    for i, each in enumerate(percentages):
        ref, percent = split_by_equal_sign(each)
        if ref in refs:
            raise _repeating("--traffic", ref)
        refs[ref] = i
        try:
            value = int(percent)
        except ValueError:
            raise KnError(f"error converting given {percent} to integer value for traffic distribution") from None
        if value < 0 or value > 100:
            raise KnError(f"invalid value for traffic percent {value}, expected 0 <= percent <= 100")
        total += value
    return refs, total


def _verify_latest_tag(tags: list[str]) -> None:
    seen = False
    for each in tags:
        revision, _ = split_by_equal_sign(each)
        if seen and revision == LATEST:
            raise _repeating("--tag", LATEST)
        if revision == LATEST:
            seen = True


def _verify(percentages: list[str], tags: list[str], svc: Obj, routed: list[Obj], revisions: list[Obj],
            mutation: bool) -> list[str]:
    """kn's verifyInput; returns the percentages, completed with the implied remainder."""
    _verify_latest_tag(tags)
    refs, total = _sum_and_refs(percentages)
    if total == 100:
        return percentages
    if total > 100:
        raise KnError(f"given traffic percents sum to {total}, want <=100")
    if not percentages:
        return percentages
    count = len(percentages)
    existing = len(routed)
    if count < existing - 1:
        raise _distribution_error(total, True)
    if mutation:
        if count != existing:
            raise _distribution_error(total, True)
        if LATEST not in refs:
            return [*percentages, f"{LATEST}={100 - total}"]
    else:
        if count != existing - 1:
            raise _distribution_error(total, True)
        if LATEST in refs:
            refs[str((svc.get("status") or {}).get("latestReadyRevisionName", ""))] = 0
    by_name = {r["metadata"]["name"]: r for r in revisions}
    for target in routed:
        rev = by_name.get(str(target.get("revisionName", "")))
        if rev is None:
            break
        tag = ((rev.get("metadata") or {}).get("annotations") or {}).get(TAGS_ANNOTATION)
        if rev["metadata"]["name"] not in refs and (tag is None or tag not in refs):
            return [*percentages, f"{rev['metadata']['name']}={100 - total}"]
    raise _distribution_error(total, False)


def compute(svc: Obj, percentages: list[str], tags: list[str], untags: list[str], revisions: list[Obj],
            mutation: bool, traffic_changed: bool, is_create: bool = False) -> list[Obj]:
    """The Service's new ``spec.traffic`` (kn's ``traffic.Compute``)."""
    spec_traffic = [dict(t) for t in ((svc.get("spec") or {}).get("traffic") or [])]
    routed = list((svc.get("status") or {}).get("traffic") or [])
    percentages = _verify(list(percentages), tags, svc, routed, revisions, mutation)
    traffic = spec_traffic

    missing = []
    for tag in untags:
        for t in traffic:
            if t.get("tag", "") == tag:
                t.pop("tag", None)
                break
        else:
            missing.append(tag)
    if missing:
        raise KnError(f"tag(s) {', '.join(missing)} not present for any revisions of service "
                      f"{(svc.get('metadata') or {}).get('name', '')}")

    def tag_present(tag: str) -> bool:
        return any(t.get("tag", "") == tag for t in traffic)

    for each in tags:
        revision, tag = split_by_equal_sign(each)
        if revision == LATEST:
            existing = next((t.get("tag", "") for t in traffic if t.get("latestRevision")), "")
            if existing == tag:
                continue
            if tag_present(tag):
                raise KnError(f"refusing to overwrite existing tag in service, add flag '--untag {tag}' in command "
                              "to untag it")
            if existing == "":
                for t in traffic:
                    if t.get("latestRevision"):
                        t["tag"] = tag
                        break
                else:
                    traffic.append(_target(tag, "", 0, True))
                continue
            raise KnError(f"tag '{existing}' exists on latest ready revision of service, refusing to overwrite "
                          f"existing tag with '{tag}', add flag '--untag {existing}' in command to untag it")
        if any(t.get("tag", "") == tag and t.get("revisionName", "") == revision for t in traffic):
            continue
        if tag_present(tag):
            raise KnError(f"refusing to overwrite existing tag in service, add flag '--untag {tag}' in command "
                          "to untag it")
        for t in traffic:
            if t.get("revisionName", "") == revision:
                if t.get("tag"):
                    traffic.append(_target(tag, revision, 0, False))
                else:
                    t["tag"] = tag
                break
        else:
            traffic.append(_target(tag, revision, 0, False))

    if traffic_changed or (is_create and tags):
        for t in traffic:
            t["percent"] = 0
        for each in percentages:
            ref, percent = split_by_equal_sign(each)
            value = int(percent)
            if ref == LATEST:
                for t in traffic:
                    if t.get("latestRevision"):
                        t["percent"] = value
                        break
                else:
                    traffic.append(_target("", "", value, True))
                continue
            for t in traffic:
                if t.get("tag", "") == ref:
                    t["percent"] = value
                    break
            else:
                for t in traffic:
                    if t.get("revisionName", "") == ref:
                        t["percent"] = value
                        break
                else:
                    traffic.append(_target("", ref, value, False))
    return [t for t in traffic if t.get("tag") or int(t.get("percent") or 0) != 0]
