"""``knlite autoscaler simulate``: predict how a revision scales under a load trace.

Runs locally (no daemon): reads a manifest and/or ``--annotation`` flags, applies
``--config`` overrides of config-autoscaler through Knative's own parser, and prints one row
per decision of the simulation in :mod:`knlite.serving.autoscaler.simulate`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from knlite.apis.autoscaling import annotation as ann
from knlite.config.parse import ConfigError, parse_autoscaler
from knlite.serving.autoscaler.simulate import (
    Scenario,
    SimulationError,
    changes,
    describe,
    format_csv,
    format_table,
    load_manifest,
    parse_trace,
    simulate,
)


def _pair(value: str) -> tuple[str, str]:
    key, sep, val = value.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {value!r}")
    return key.strip(), val


def _annotation_key(key: str) -> str:
    """``target`` is short for ``autoscaling.knative.dev/target``."""
    return key if "/" in key else f"{ann.GROUP}/{key}"


def _read(path: str) -> str:
    return sys.stdin.read() if path == "-" else Path(path).read_text()


def cmd_simulate(args: argparse.Namespace) -> int:
    try:
        annotations: dict[str, str] = {}
        cc = 0
        if args.filename:
            annotations, cc = load_manifest(_read(args.filename))
        annotations.update({_annotation_key(k): v for k, v in args.annotation})
        if args.container_concurrency is not None:
            cc = args.container_concurrency
        cfg = parse_autoscaler(dict(args.config))
        errs = ann.validate_annotations(annotations, cfg)
        if errs:
            raise SimulationError(f"invalid annotations: {errs}")
        if ann.effective_class(annotations, cfg) != ann.KPA:
            raise SimulationError(f"only the KPA class ({ann.KPA}) is simulated")
        trace = parse_trace(_read(args.trace))
        scenario = Scenario.from_annotations(annotations, cc, cfg, start_delay=args.start_delay,
                                             initial_ready=args.initial_ready)
        ticks = simulate(scenario, trace, args.duration)
        if args.changes:
            ticks = changes(ticks)
    except (SimulationError, ConfigError, OSError) as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2
    if args.output == "csv":
        sys.stdout.write(format_csv(ticks))
    else:
        sys.stdout.write(describe(scenario) + format_table(ticks))
    return 0


def _non_negative(cast: Any) -> Any:
    def parse(text: str) -> Any:
        value = cast(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"must not be negative: {text}")
        return value

    return parse


def register_autoscaler_commands(subparsers: Any) -> None:
    """Add ``autoscaler simulate`` to the ``knlite`` command's subparsers."""
    autoscaler = subparsers.add_parser("autoscaler", help="KPA autoscaler tools (simulate)")
    sub = autoscaler.add_subparsers(dest="autoscaler_command", required=True)
    sim = sub.add_parser(
        "simulate",
        help="replay a load trace through the KPA decider",
        description="Replay a load trace (CSV 'second,value': concurrency, or requests per second for "
                    "metric rps; each value holds until the next line) through the same KPA code the "
                    "daemon runs, and print every decision: stable and panic averages, panic mode, "
                    "desired scale, instances, ready instances and excess burst capacity.",
    )
    sim.add_argument("trace", help="the load trace, a CSV file of 'second,value' lines ('-' = stdin)")
    sim.add_argument("-f", "--filename", help="a Service, Configuration or Revision manifest (YAML)")
    sim.add_argument("-a", "--annotation", action="append", type=_pair, default=[], metavar="KEY=VALUE",
                     help="a revision annotation (repeatable); 'target=10' means autoscaling.knative.dev/target")
    sim.add_argument("--config", action="append", type=_pair, default=[], metavar="KEY=VALUE",
                     help="a config-autoscaler value (repeatable), e.g. stable-window=30s")
    sim.add_argument("--container-concurrency", type=_non_negative(int),
                     help="containerConcurrency (default: the manifest's, else 0)")
    sim.add_argument("--start-delay", type=_non_negative(float), default=1.0,
                     help="seconds for a new instance to become ready (default 1)")
    sim.add_argument("--initial-ready", type=_non_negative(int),
                     help="start an existing revision with this many ready instances (0 = scaled to zero); "
                          "default: a new revision at its initial scale")
    sim.add_argument("--duration", type=_non_negative(int), help="seconds to simulate (default: the trace's last)")
    sim.add_argument("--changes", action="store_true",
                     help="print only the decisions where panic mode or a count changed")
    sim.add_argument("-o", "--output", choices=("table", "csv"), default="table")
    sim.set_defaults(func=cmd_simulate)
