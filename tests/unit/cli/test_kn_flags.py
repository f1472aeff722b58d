"""pflag parsing, cobra's command lookup and kn's error and help texts."""

from __future__ import annotations

import pytest

from knlite.cli.kn import help as kn_help
from knlite.cli.kn import main, spec, tree
from knlite.cli.kn.errors import KnError, format_error
from knlite.cli.kn.flags import FlagDef, FlagError, FlagSet, flag_usages, go_parse_int
from tests.unit.cli.fakes import run_kn


def flagset() -> FlagSet:
    return FlagSet(tree.all_flags("service create"))


def test_long_short_and_interspersed() -> None:
    fs = flagset()
    args = fs.parse(["hello", "--image", "img", "-e", "A=1", "--env=B=2", "-nmyns", "--port", "h2c:8080", "x"])
    assert args == ["hello", "x"]
    assert fs.string("image") == "img" and fs.strings("env") == ["A=1", "B=2"]
    assert fs.string("namespace") == "myns" and fs.string("port") == "h2c:8080"
    assert fs.is_changed("env") and not fs.is_changed("cmd")
    assert fs.order[:2] == [("image", "img"), ("env", "A=1")]


def test_bools_and_terminator() -> None:
    fs = flagset()
    assert fs.parse(["--force", "s1", "--wait=false", "--", "--not-a-flag"]) == ["s1", "--not-a-flag"]
    assert fs.boolean("force") and not fs.boolean("wait")
    fs = flagset()
    fs.parse(["-h"])
    assert fs.boolean("help")


def test_string_slices_are_csv() -> None:
    fs = FlagSet(tree.all_flags("service update"))
    fs.parse(["--tag", "a=x,b=y", "--tag", "c=z", "--traffic", '"@latest=50",b=50'])
    assert fs.strings("tag") == ["a=x", "b=y", "c=z"]
    assert fs.strings("traffic") == ["@latest=50", "b=50"]


def test_defaults() -> None:
    fs = flagset()
    fs.parse([])
    assert fs.boolean("wait") and fs.integer("wait-timeout") == 600 and fs.integer("scale-utilization") == 70
    assert fs.string("security-context") == "none" and fs.boolean("lock-to-digest") and not fs.boolean("force")


@pytest.mark.parametrize(("argv", "message"), [
    (["--max-scale", "10"], "unknown flag: --max-scale"),
    (["-x"], "unknown shorthand flag: 'x' in -x"),
    (["--image"], "flag needs an argument: --image"),
    (["-n"], "flag needs an argument: 'n' in -n"),
    (["--scale-min", "abc"], 'invalid argument "abc" for "--scale-min" flag: strconv.ParseInt: parsing "abc": '
                             "invalid syntax"),
    (["--wait=maybe"], 'invalid argument "maybe" for "--wait" flag: strconv.ParseBool: parsing "maybe": invalid syntax'),
    (["--image", "a", "--image", "b"], 'invalid argument "b" for "--image" flag: can be provided only once'),
    (["---x"], "bad flag syntax: ---x"),
])
def test_parse_errors(argv: list[str], message: str) -> None:
    with pytest.raises(FlagError) as e:
        flagset().parse(argv)
    assert e.value.message == message


def test_unknown_flag_suggestions() -> None:
    with pytest.raises(FlagError) as e:
        flagset().parse(["--max-scale", "3"])
    assert e.value.suggestion == ["--scale-max"]
    with pytest.raises(FlagError) as e:
        flagset().parse(["--imag", "x"])
    assert e.value.suggestion[0] == "--image"


@pytest.mark.parametrize(("text", "value"), [("10", 10), ("-3", -3), ("0x1f", 31), ("010", 8), ("1_000", 1000)])
def test_go_ints(text: str, value: int) -> None:
    assert go_parse_int(text) == value


def test_go_int_range() -> None:
    with pytest.raises(ValueError, match="value out of range"):
        go_parse_int("3000000000", 32)
    with pytest.raises(ValueError, match="invalid syntax"):
        go_parse_int(" 1")


@pytest.mark.parametrize(("argv", "message"), [
    (["--wait", "--no-wait"], "only one of --no-wait and --wait may be specified"),
    (["--wait=false"], 'use --no-wait instead of providing "false" to --wait'),
    (["--no-wait=false"], 'use --wait instead of providing "false" to --no-wait'),
])
def test_bool_pairs(argv: list[str], message: str) -> None:
    fs = flagset()
    fs.parse(argv)
    with pytest.raises(KnError, match=message):
        fs.reconcile_bools()


def test_no_flag_sets_positive_false() -> None:
    fs = flagset()
    fs.parse(["--no-wait", "--no-cluster-local"])
    fs.reconcile_bools()
    assert not fs.boolean("wait") and not fs.boolean("cluster-local")


def test_flag_usages_layout() -> None:
    text = flag_usages([FlagDef("image", "", "string", "", "Container image to run."),
                        FlagDef("env", "e", "stringArray", "", "Env."),
                        FlagDef("wait", "", "bool", "true", "Wait."),
                        FlagDef("mode", "", "string", "Reference", "Line one,\nline two."),
                        FlagDef("hidden", "", "bool", "", "x", hidden=True)])
    assert text == ("  -e, --env stringArray   Env.\n"
                    "      --image string      Container image to run.\n"
                    "      --mode string       Line one,\n"
                    "                          line two. (default \"Reference\")\n"
                    "      --wait              Wait. (default true)\n")


@pytest.mark.parametrize(("argv", "path", "rest"), [
    (["service", "create", "x"], "service create", ["x"]),
    (["ksvc", "ls"], "service list", []),
    (["--kubeconfig", "/tmp/k", "service", "list"], "service list", ["--kubeconfig", "/tmp/k"]),
    (["-n", "ns", "source", "ping", "list"], "source ping list", ["-n", "ns"]),
    (["service", "update", "hello", "--max-scale", "10"], "service update", ["hello", "--max-scale", "10"]),
    (["sub", "create", "s"], "subscription create", ["s"]),
])
def test_resolve(argv: list[str], path: str, rest: list[str]) -> None:
    assert main.resolve(argv) == (path, rest)


@pytest.mark.parametrize(("argv", "stderr"), [
    (["foo"], 'Error: unknown command "foo" for "kn"\nRun \'kn --help\' for usage\n'),
    (["servce"], 'Error: unknown command "servce" for "kn"\n\nDid you mean this?\n\tservice\n\n'
                 "Run 'kn --help' for usage\n"),
    (["service", "lst"], "Error: unknown sub-command 'lst' for 'kn service'. Available sub-commands: apply, create, "
                         "delete, describe, export, import, list, update, wait\n\nDid you mean this?\n\tlist\n\n"
                         "Run 'kn service --help' for usage\n"),
    (["service"], "Error: no sub-command given for 'kn service'. Available sub-commands: apply, create, delete, "
                  "describe, export, import, list, update, wait\nRun 'kn service --help' for usage\n"),
    (["service", "update", "hello", "--max-scale", "10"],
     "Error: unknown flag: --max-scale for 'kn service update'\n\nDid you mean this?\n\t--scale-max\n\n"
     "Run 'kn service update --help' for usage\n"),
    (["service", "create", "x"], "Error: 'service create' requires the image name to run provided with the --image "
                                 "option\nRun 'kn --help' for usage\n"),
    (["service", "create"], "Error: 'service create' requires the service name given as single argument\n"
                            "Run 'kn --help' for usage\n"),
    (["service", "update", "hello"], "Error: flag(s) not set\nUsage: update NAME\nRun 'kn --help' for usage\n"),
    (["trigger", "create", "t"], 'Error: required flag(s) "sink" not set\nRun \'kn --help\' for usage\n'),
    (["source", "container", "create", "s"], 'Error: required flag(s) "image", "sink" not set\n'
                                             "Run 'kn --help' for usage\n"),
    (["channel", "create", "c", "--type", "foo"], "Error: unknown channel type alias: 'foo'\n"
                                                  "Run 'kn --help' for usage\n"),
    (["completion", "fish"], "Error: 'bash' or 'zsh' shell completion is supported\nRun 'kn --help' for usage\n"),
    (["--foo"], "Error: unknown flag: --foo for 'kn'\nRun 'kn --help' for usage\n"),
])
def test_errors(argv: list[str], stderr: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("KUBECONFIG", "/nonexistent/kubeconfig")
    code, _, err = run_kn(*argv)
    assert code == 1
    assert err == stderr


def test_no_kubeconfig_says_how_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", "/nonexistent/kubeconfig")
    code, _, err = run_kn("service", "list")
    assert code == 1
    assert err.startswith("Error: no kubeconfig has been provided, please use a valid configuration to connect to the "
                          "cluster\nIs knlite running? Start it with `knlite up`")


def test_format_error_strips_error_prefix() -> None:
    assert format_error(KnError("Error: a 'kn x y' thing")) == "Error: a 'kn x y' thing\nRun 'kn x y --help' for usage\n"


def test_root_help() -> None:
    code, out, _ = run_kn("--help")
    assert code == 0
    assert out == run_kn()[1]
    assert out.startswith(f"{spec.ROOT_LONG}\n\nServing Commands:\n"
                          f"  service      {spec.COMMANDS['service']['short']}\n")
    assert f"\n  subscription {spec.COMMANDS['subscription']['short']}\n" in out
    assert out.index("Serving Commands:") < out.index("Eventing Commands:") < out.index("Other Commands:")
    assert out.endswith('\n\n\nUse "kn <command> --help" for more information about a given command.\n'
                        'Use "kn options" for a list of global command-line options (applies to all commands).\n')


def test_group_help() -> None:
    out = kn_help.help_text("service")
    assert out.startswith(f"{spec.COMMANDS['service']['short']}\n\nUsage:\n  kn service [options]\n\nAliases: \n"
                          "  service, ksvc, services\n\nAvailable Commands:\n"
                          f"  apply       {spec.COMMANDS['service apply']['short']}\n")
    assert run_kn("help", "service")[1] == out
    assert run_kn("service", "-h")[1] == out


def test_leaf_help() -> None:
    out = run_kn("service", "create", "--help")[1]
    entry = spec.COMMANDS["service create"]
    assert out.startswith(f"{entry['short']}\n\nUsage:\n  kn service create NAME --image IMAGE [options]\n\n"
                          f"Examples:\n{entry['example'].rstrip()}\n\n\nOptions:\n"
                          "  -a, --annotation stringArray            ")
    assert "--concurrency-target" not in out and "--help" not in out
    usage = {f[0]: f[4] for f in entry["flags"]}
    assert f"\n      --wait                              {usage['wait']} (default true)\n" in out
    assert f"\n      --timeout int                       {usage['timeout']} (default 300)\n" in out
    assert f"\n  -n, --namespace string                  {usage['namespace']}\n" in out


def test_options() -> None:
    out = run_kn("options")[1]
    assert out.startswith("The following options can be passed to any command:\n\n      --as string ")
    usage = {f[0]: f[4] for f in spec.GLOBAL_FLAGS}
    assert f"      --kubeconfig string      {usage['kubeconfig']}\n" in out
    assert "~/.kube/config" in usage["kubeconfig"]
    assert "--no-log-http" not in out and "--plugins-dir" not in out


def test_every_command_has_a_handler() -> None:
    import importlib

    for path in tree.walk(""):
        if tree.is_group(path):
            continue
        module = importlib.import_module(f"knlite.cli.kn.{tree.module_for(path)}")
        assert path in module.COMMANDS, path


def test_examples_parse() -> None:
    """Every ``kn ...`` line of every example names its own command and only flags that command has."""
    import shlex

    checked = 0
    for path, entry in spec.COMMANDS.items():
        for line in entry["example"].replace("\\\n", " ").splitlines():
            for i, part in enumerate(line.strip().split(" | ")):
                if not part.startswith("kn "):
                    continue
                found, rest = main.resolve(shlex.split(part)[1:])
                assert i > 0 or found == path, part
                fs = FlagSet(tree.all_flags(found))
                fs.parse(rest)
                fs.reconcile_bools()
                assert all(fs.is_changed(f) for f in tree.REQUIRED.get(found, ())), part
                checked += 1
    assert checked > 100
