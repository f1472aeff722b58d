"""kn's --traffic/--tag/--untag computation (traffic.Compute) on the seed's Service states."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.cli.kn.errors import KnError
from knlite.cli.kn.traffic import compute

Obj = dict[str, Any]


def service(spec_traffic: list[Obj], status_traffic: list[Obj], latest_ready: str = "hello-00002") -> Obj:
    return {"metadata": {"name": "hello"}, "spec": {"traffic": spec_traffic},
            "status": {"traffic": status_traffic, "latestReadyRevisionName": latest_ready}}


def revision(name: str) -> Obj:
    return {"metadata": {"name": name}}


LATEST_100 = [{"latestRevision": True, "percent": 100}]
STATUS_LATEST = [{"latestRevision": True, "percent": 100, "revisionName": "hello-00002"}]
REVISIONS = [revision("hello-00001"), revision("hello-00002")]


def t(rev: str, percent: int, tag: str = "") -> Obj:
    out: Obj = {"revisionName": rev, "latestRevision": False, "percent": percent}
    if tag:
        out = {"tag": tag, **out}
    return out


def run(svc: Obj, traffic: list[str] = (), tags: list[str] = (), untags: list[str] = (),  # type: ignore[assignment]
        mutation: bool = False) -> list[Obj]:
    return compute(svc, list(traffic), list(tags), list(untags), REVISIONS, mutation, traffic_changed=bool(traffic))


def test_e46_all_to_one_revision() -> None:
    assert run(service(LATEST_100, STATUS_LATEST), ["hello-00001=100"]) == [t("hello-00001", 100)]


def test_e47_split() -> None:
    assert run(service(LATEST_100, STATUS_LATEST), ["hello-00001=10", "hello-00002=90"]) == \
        [t("hello-00001", 10), t("hello-00002", 90)]


def test_e48_latest() -> None:
    svc = service([t("hello-00001", 10), t("hello-00002", 90)],
                  [t("hello-00001", 10), t("hello-00002", 90)])
    assert run(svc, ["@latest=100"]) == [{"latestRevision": True, "percent": 100}]


def test_percent_suffix_and_remainder() -> None:
    svc = service([t("hello-00001", 50), t("hello-00002", 50)], [t("hello-00001", 50), t("hello-00002", 50)])
    # the one routed revision that was not named gets the rest
    assert run(svc, ["hello-00001=30%"]) == [t("hello-00001", 30), t("hello-00002", 70)]


def test_remainder_goes_to_latest_with_a_new_revision() -> None:
    svc = service([t("hello-00001", 100)], [t("hello-00001", 100)])
    assert run(svc, ["hello-00001=20"], mutation=True) == [t("hello-00001", 20),
                                                           {"latestRevision": True, "percent": 80}]


@pytest.mark.parametrize(("traffic", "message"), [
    (["a=60", "b=60"], "given traffic percents sum to 120, want <=100"),
    (["a=101"], "invalid value for traffic percent 101, expected 0 <= percent <= 100"),
    (["a=x"], "error converting given x to integer value for traffic distribution"),
    (["a=10", "a=20"], "repetition of revision reference a is not allowed, use only once with --traffic flag"),
    (["@latest=10", "@latest=20"], "repetition of identifier @latest is not allowed, use only once with --traffic flag"),
    (["a=b=c"], "expecting the value format in value1=value2, given a=b=c"),
])
def test_invalid_traffic(traffic: list[str], message: str) -> None:
    with pytest.raises(KnError) as e:
        run(service(LATEST_100, STATUS_LATEST), traffic)
    assert e.value.message == message


def test_unallocated_remainder() -> None:
    svc = service([t("hello-00001", 50), t("hello-00002", 50)], [t("hello-00001", 50), t("hello-00002", 50)])
    with pytest.raises(KnError) as e:
        run(svc, ["hello-00001=10", "@latest=10"])
    assert e.value.message == ("unable to allocate the remaining traffic: 80%. Reason: incorrect number of revisions "
                               "specified. Only 1 revision should be missing")


def test_tag_a_revision_and_latest() -> None:
    svc = service(LATEST_100, STATUS_LATEST)
    assert run(svc, tags=["hello-00001=old", "@latest=current"]) == [
        {"latestRevision": True, "percent": 100, "tag": "current"}, t("hello-00001", 0, "old")]


def test_e53_refuses_to_move_a_tag() -> None:
    """E50 gave `staging` to the latest revision; E53 asks for it on hello-00001."""
    svc = service([{"tag": "staging", "latestRevision": True, "percent": 0}, t("hello-00002", 90),
                   t("hello-00001", 10)], [])
    with pytest.raises(KnError) as e:
        run(svc, tags=["hello-00001=staging"])
    assert e.value.message == ("refusing to overwrite existing tag in service, add flag '--untag staging' in command "
                               "to untag it")
    result = run(svc, tags=["hello-00001=staging"], untags=["staging"])
    assert result == [t("hello-00002", 90), t("hello-00001", 10, "staging")]


def test_latest_tag_conflict_and_untag_errors() -> None:
    svc = service([{"tag": "current", "latestRevision": True, "percent": 100}], STATUS_LATEST)
    with pytest.raises(KnError, match="tag 'current' exists on latest ready revision of service, refusing to "
                                      "overwrite existing tag with 'next'"):
        run(svc, tags=["@latest=next"])
    with pytest.raises(KnError, match="tag\\(s\\) nope not present for any revisions of service hello"):
        run(svc, untags=["nope"])
    with pytest.raises(KnError, match="repetition of identifier @latest is not allowed, use only once with --tag"):
        run(svc, tags=["@latest=a", "@latest=b"])


def test_traffic_by_tag() -> None:
    svc = service([{"tag": "current", "latestRevision": True, "percent": 50}, t("hello-00001", 50, "old")],
                  [{"tag": "current", "latestRevision": True, "percent": 50, "revisionName": "hello-00002"},
                   t("hello-00001", 50, "old")])
    assert run(svc, ["current=20", "old=80"]) == [{"tag": "current", "latestRevision": True, "percent": 20},
                                                  t("hello-00001", 80, "old")]


def test_create_with_tags_routes_everything_to_latest() -> None:
    svc = {"metadata": {"name": "hello"}, "spec": {}}
    assert compute(svc, ["@latest=100"], ["@latest=current"], [], [], True, traffic_changed=False, is_create=True) == \
        [{"tag": "current", "latestRevision": True, "percent": 100}]
