"""``knlite autoscaler simulate``: golden runs of the seed's autoscaling manifests."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from knlite.cli.autoscaler import register_autoscaler_commands
from knlite.config.types import AutoscalerConfig
from knlite.serving.autoscaler.simulate import (
    Scenario,
    SimulationError,
    Tick,
    changes,
    format_csv,
    format_table,
    load_manifest,
    parse_trace,
    simulate,
)

SEED = Path(__file__).parents[3] / "data" / "seed"
A = "autoscaling.knative.dev/"


def _scenario(manifest: str) -> Scenario:
    annotations, cc = load_manifest((SEED / manifest).read_text())
    return Scenario.from_annotations(annotations, cc, AutoscalerConfig())


def _rows(ticks: list[Tick]) -> list[tuple[object, ...]]:
    return [(t.time, t.stable, t.panic, t.panicking, t.desired, t.scale, t.ready, t.ebc) for t in ticks]


def test_e60_target_10_at_60_percent_with_20_concurrent_settles_at_4() -> None:
    """Seed E60: target 10 × 60 % = 6 per instance; 20 concurrent requests → ceil(20/6) = 4."""
    scenario = _scenario("e60-service-concurrency.yaml")
    assert (scenario.spec.target_value, scenario.spec.total_value) == (6.0, 10.0)
    ticks = simulate(scenario, parse_trace("0,20\n60,0\n200,0\n"))
    assert _rows(changes(ticks)) == [
        # 20/6 → 4 pods; 4 ≥ 2 × 1 ready → panic (never scale down while panicking).
        (0, 20.0, 20.0, True, 4, 4, 1, -221),  # EBC = floor(1×10 − 211 − 20)
        (2, 20.0, 20.0, True, 4, 4, 4, -191),
        # The load stops at 60 s; panic ends a stable window after it started.
        (62, 19.0, 10.0, False, 4, 4, 4, -181),
        # The stable average drains over 60 s, one bucket a second.
        (66, 17.666666, 0.0, False, 3, 3, 4, -171),
        (68, 17.0, 0.0, False, 3, 3, 3, -181),
        (84, 11.666666, 0.0, False, 2, 2, 3, -181),
        (86, 11.0, 0.0, False, 2, 2, 2, -191),
        (102, 5.666666, 0.0, False, 1, 1, 2, -191),
        (104, 5.0, 0.0, False, 1, 1, 1, -201),
        # Desired 0: the PA (active > a stable window) turns Inactive; the activator has been in
        # the path all along (EBC < 0), longer than the grace period → pods go at the next tick.
        (120, 0.0, 0.0, False, 0, 1, 1, -201),
        (122, 0.0, 0.0, False, 0, 0, 1, -201),
        (124, 0.0, 0.0, False, 0, 0, 0, -211),
    ]
    assert max(t.scale for t in ticks) == 4
    assert len(ticks) == 101  # every even second from 0 to 200


def test_e60_golden_table() -> None:
    ticks = simulate(_scenario("e60-service-concurrency.yaml"), parse_trace("0,20\n6,20\n"))
    assert format_table(ticks) == (
        "TIME   STABLE   PANIC    PANICKING   DESIRED   SCALE   READY   EBC\n"
        "0s     20.000   20.000   yes         4         4       1       -221\n"
        "2s     20.000   20.000   yes         4         4       4       -191\n"
        "4s     20.000   20.000   yes         4         4       4       -191\n"
        "6s     20.000   20.000   yes         4         4       4       -191\n"
    )
    assert format_csv(ticks[:2]) == (
        "time,stable,panic,panicking,desired,scale,ready,ebc,poked\n"
        "0,20.0,20.0,true,4,4,1,-221,false\n"
        "2,20.0,20.0,true,4,4,4,-191,false\n"
    )


def test_e62_max_scale_3_under_50_concurrent() -> None:
    scenario = _scenario("e62-service-scale-bounds.yaml")
    assert (scenario.max_scale, scenario.spec.scale_down_delay) == (3, 60.0)
    ticks = simulate(scenario, parse_trace("0,50\n50,0\n"), duration=240)
    assert {t.desired for t in ticks if t.time < 170} == {9}  # ceil(50/6), held by panic then the delay
    assert max(t.scale for t in ticks) == 3
    assert _rows(changes(ticks))[-6:] == [
        (112, 0.0, 0.0, False, 9, 3, 3, -181),  # panic over; the 60 s delay window still holds 9
        (170, 0.0, 0.0, False, 1, 1, 3, -181),  # rate limit: floor(3 / 2) = 1
        (172, 0.0, 0.0, False, 1, 1, 1, -201),
        (230, 0.0, 0.0, False, 0, 1, 1, -201),  # the 1 left the delay window: the PA turns Inactive
        (232, 0.0, 0.0, False, 0, 0, 1, -201),  # activator in the path for long: pods go at once
        (234, 0.0, 0.0, False, 0, 0, 0, -211),
    ]


def test_e64_rps_never_above_max_scale() -> None:
    scenario = _scenario("e64-service-rps.yaml")
    assert (scenario.spec.metric, scenario.spec.target_value, scenario.spec.stable_window) == ("rps", 60.0, 60.0)
    ticks = simulate(scenario, parse_trace("0,1200\n60,1200\n"))
    assert {t.desired for t in ticks} == {20}
    assert {t.scale for t in ticks} == {10}


def test_scale_from_zero_is_poked() -> None:
    scenario = Scenario.from_annotations({A + "target": "10"}, 0, AutoscalerConfig(), initial_ready=0)
    ticks = simulate(scenario, parse_trace("0,0\n103,5\n110,5\n"))
    assert _rows(changes(ticks)) == [
        (0, 0.0, 0.0, False, 0, 0, 0, -211),
        (103, 0.083333, 0.833333, False, 1, 1, 0, -212),  # at once, not at the 104 s tick
        (104, 0.166666, 1.666666, False, 1, 1, 1, -203),
    ]
    assert [t.time for t in ticks if t.poked] == [103]
    assert format_table(ticks).endswith("* decided at once: traffic reached a revision scaled to zero (poke)\n")


@pytest.mark.parametrize(
    ("cfg", "min_scale", "scale_at_end"),
    [
        (AutoscalerConfig(), 0, 0),
        (AutoscalerConfig(enable_scale_to_zero=False), 0, 1),  # never below 1
        (AutoscalerConfig(), 2, 2),  # min-scale
    ],
)
def test_idle_new_revision(cfg: AutoscalerConfig, min_scale: int, scale_at_end: int) -> None:
    annotations = {A + "min-scale": str(min_scale)} if min_scale else {}
    ticks = simulate(Scenario.from_annotations(annotations, 0, cfg), parse_trace("0,0\n120,0\n"))
    assert ticks[-1].scale == scale_at_end
    if scale_at_end == 0:
        # Held at 1 for a stable window after activation, then Inactive, then gone.
        assert [t.time for t in changes(ticks)] == [0, 62, 64]


def test_start_delay() -> None:
    scenario = Scenario.from_annotations({A + "target": "10"}, 0, AutoscalerConfig(), start_delay=5)
    ready = [t.ready for t in simulate(scenario, parse_trace("0,28\n10,28\n"))]
    assert ready == [1, 1, 1, 4, 4, 4]  # asked for at 0 s, ready at 5 s, seen at the 6 s tick


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("0,20\n60,0\n", [(0, 20.0), (60, 0.0)]),
        ("second,value\n0,1.5\n", [(0, 1.5)]),
        ("# a comment\n\n 10 , 3 \n0,1\n", [(0, 1.0), (10, 3.0)]),
        ("0,1\n0,2\n", [(0, 2.0)]),
    ],
)
def test_parse_trace(text: str, want: list[tuple[int, float]]) -> None:
    assert parse_trace(text) == want


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "the trace has no 'second,value' lines"),
        ("second,value\n", "the trace has no 'second,value' lines"),
        ("0,1\nx,2\n", "trace line 2: expected 'second,value', got 'x,2'"),
        ("0,1,2\n", "trace line 1: expected 'second,value', got '0,1,2'"),
        ("-1,2\n", "trace line 1: second and value must not be negative"),
        ("0,1\n1.5,2\n", "trace line 2: expected 'second,value', got '1.5,2'"),
    ],
)
def test_parse_trace_errors(text: str, error: str) -> None:
    with pytest.raises(SimulationError, match=f"^{error}$".replace("(", r"\(").replace(")", r"\)")):
        parse_trace(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("kind: Revision\nmetadata: {annotations: {a: '1'}}\nspec: {containerConcurrency: 3}\n", ({"a": "1"}, 3)),
        ("kind: Configuration\nspec: {template: {metadata: {annotations: {b: 2}}}}\n", ({"b": "2"}, 0)),
        ("kind: ConfigMap\n---\nkind: Service\nspec: {template: {spec: {containerConcurrency: 1}}}\n", ({}, 1)),
        ("kind: PodAutoscaler\nmetadata: {}\nspec: {}\n", ({}, 0)),
    ],
)
def test_load_manifest(text: str, want: tuple[dict[str, str], int]) -> None:
    assert load_manifest(text) == want


@pytest.mark.parametrize("text", ["kind: ConfigMap\n", "a: [\n"])
def test_load_manifest_errors(text: str) -> None:
    with pytest.raises(SimulationError):
        load_manifest(text)


# -- the CLI ---------------------------------------------------------------------------------------


def _run(argv: list[str], stdin: str = "") -> int:
    parser = argparse.ArgumentParser(prog="knlite")
    register_autoscaler_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO(stdin))
        return int(args.func(args))


def test_cli_simulate(capsys: pytest.CaptureFixture[str]) -> None:
    manifest = str(SEED / "e60-service-concurrency.yaml")
    assert _run(["autoscaler", "simulate", "-f", manifest, "--changes", "-"], stdin="0,20\n10,20\n") == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "# metric concurrency: target 6 per instance (total 10), stable window 60s, panic window 6s, "
        "panic threshold 200%, scale-down delay 0s, TBC 211, min 0, max unlimited, initial scale 1",
        "TIME   STABLE   PANIC    PANICKING   DESIRED   SCALE   READY   EBC",
        "0s     20.000   20.000   yes         4         4       1       -221",
        "2s     20.000   20.000   yes         4         4       4       -191",
    ]


def test_cli_annotations_and_config(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["autoscaler", "simulate", "-a", "target=10", "-a", "autoscaling.knative.dev/max-scale=2",
            "--config", "stable-window=30s", "--container-concurrency", "5", "-o", "csv", "-"]
    assert _run(argv, stdin="0,20\n") == 0
    assert capsys.readouterr().out == (
        "time,stable,panic,panicking,desired,scale,ready,ebc,poked\n"
        "0,20.0,20.0,true,6,2,1,-226,false\n"  # target min(10, CC 5) × 0.7 = 3.5 → ceil(20/3.5) = 6
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["-a", "target=0"], "Error: invalid annotations: target 0 should be at least 0.01: "
                             "autoscaling.knative.dev/target"),
        (["--config", "stable-window=x"], 'Error: failed to parse data: failed to parse "stable-window": '
                                          'time: invalid duration "x"'),
        (["-a", "class=hpa.autoscaling.knative.dev"], "Error: only the KPA class (kpa.autoscaling.knative.dev) "
                                                      "is simulated"),
    ],
)
def test_cli_errors(argv: list[str], error: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["autoscaler", "simulate", *argv, "-"], stdin="0,1\n") == 2
    assert capsys.readouterr().err.strip() == error
