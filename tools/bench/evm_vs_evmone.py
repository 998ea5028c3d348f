#!/usr/bin/env python3
"""Compares plexus's EVM interpreter with evmone's baseline interpreter on the evm-benchmarks cases.

Usage: evm_vs_evmone.py EVMONE_BUILD_DIR [--testdata DIR] [--plexus-bench PATH] [--rounds N]
                        [--filter REGEX] [--min-time SECONDS] [--no-callgrind] [--no-timing]

Two measurements, both for plexus-bench's `evm` suite and evmone-bench's `baseline/execute/*`
cases (evmone-bench must be built with its revision pinned to London, as plexus-bench is):

* Time. Processes on a shared machine run "fast" or "slow" at random, so one run's ratio proves
  little. The script runs N rounds; each round runs plexus-bench once and evmone-bench once (the
  order alternates between rounds) over all selected cases. Per case it reports the median CPU time
  of each program, the median of the per-round ratios (plexus / evmone of the same round) and the
  ratio of the best times.
* Instructions. Each case runs under `valgrind --tool=callgrind`, collecting only inside the
  interpreter's entry function (plexus::evm::execute, evmone::baseline::execute), once with one
  benchmark repetition and once with three. Every repetition executes the contract twice (the
  benchmark's check run and one timed iteration), so the difference divided by four is the
  instruction count of one execution, without process start-up, loading or first-call effects.
  Callgrind's counts do not depend on the machine's load.

`--filter '^analyse/'` compares the code analysis instead (plexus-bench's analyse/<contract>
against evmone-bench's baseline/analyse/<contract>), by time only.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

PLEXUS_ENTRY = "plexus::evm::execute(*AnalyzedCode const&)"
EVMONE_ENTRY = "evmone::baseline::execute(evmone::VM&*"
EVMONE_PREFIX = "baseline/execute/"
EVMONE_ANALYSE_PREFIX = "baseline/analyse/"
ANALYSE_PREFIX = "analyse/"


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("evmone_build", help="evmone build directory (holds bin/evmone-bench)")
    p.add_argument("--testdata", default=os.environ.get("PLEXUS_TESTDATA", ""),
                   help="test data root (default $PLEXUS_TESTDATA)")
    p.add_argument("--plexus-bench", default=os.path.join(repo, "build", "plexus-bench"))
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--filter", default="^(main|micro)/",
                   help="regex over case names (main/swap_math/spent; analyse/main/swap_math "
                        "for the code analysis, against evmone's baseline/analyse)")
    p.add_argument("--min-time", type=float, default=0.2, help="seconds per case per round")
    p.add_argument("--no-callgrind", action="store_true")
    p.add_argument("--no-timing", action="store_true")
    return p.parse_args()


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def list_cases(plexus, suite_dir, pattern):
    out = run([plexus, "evm", suite_dir, "--benchmark_list_tests=true"])
    names = [line.strip() for line in out.splitlines() if line.strip()]
    return [n for n in names if re.search(pattern, n)]


def evmone_name(case):
    """evmone-bench's name for a plexus-bench case: analyse/X is baseline/analyse/X."""
    if case.startswith(ANALYSE_PREFIX):
        return EVMONE_ANALYSE_PREFIX + case[len(ANALYSE_PREFIX):]
    return EVMONE_PREFIX + case


def exact_filter(names):
    return "^(" + "|".join(re.escape(n) for n in names) + ")$"


def cpu_times(cmd, case_of):
    """Runs one benchmark process; returns {case: CPU ns per execution}."""
    out = json.loads(run(cmd + ["--benchmark_format=json"]))
    times = {}
    for b in out["benchmarks"]:
        if b.get("error_occurred"):
            raise SystemExit(f"{b['name']}: {b.get('error_message')}")
        scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        times[case_of[b["name"]]] = b["cpu_time"] * scale
    return times


def timing(args, cases, suite_dir, evmone_bench):
    min_time = f"--benchmark_min_time={args.min_time}"
    plexus_cmd = [args.plexus_bench, "evm", suite_dir, min_time,
                  "--benchmark_filter=" + exact_filter(cases)]
    evmone_cmd = [evmone_bench, suite_dir, min_time,
                  "--benchmark_filter=" + exact_filter(evmone_name(c) for c in cases)]
    same = {c: c for c in cases}
    from_evmone = {evmone_name(c): c for c in cases}
    rounds = []
    for r in range(args.rounds):
        order = [("plexus", plexus_cmd, same), ("evmone", evmone_cmd, from_evmone)]
        if r % 2:
            order.reverse()
        got = {name: cpu_times(cmd, case_of) for name, cmd, case_of in order}
        rounds.append(got)
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    return rounds


def callgrind_total(cmd, entry, repetitions):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                        "--toggle-collect=" + entry, "--dump-instr=no"] + cmd +
                       ["--benchmark_min_time=0.000000001",
                        f"--benchmark_repetitions={repetitions}"],
                       check=True, capture_output=True, text=True)
        with open(out, encoding="utf-8") as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    return int(line.split()[1])
    raise SystemExit("no instruction total in callgrind output for " + " ".join(cmd))


def instructions(cmd, entry):
    # Three repetitions minus one: two repetitions, each a check run and one timed iteration.
    return (callgrind_total(cmd, entry, 3) - callgrind_total(cmd, entry, 1)) / 4


def ratio(a, b):
    return a / b if a and b else float("nan")


def main():
    args = parse_args()
    suite_dir = os.path.join(args.testdata, "ethereum/benchmarks/evm-benchmarks/benchmarks")
    evmone_bench = os.path.join(args.evmone_build, "bin", "evmone-bench")
    for path in (suite_dir, evmone_bench, args.plexus_bench):
        if not os.path.exists(path):
            raise SystemExit(f"not found: {path}")
    cases = list_cases(args.plexus_bench, suite_dir, args.filter)
    if not cases:
        raise SystemExit("no case matches " + args.filter)

    rounds = [] if args.no_timing else timing(args, cases, suite_dir, evmone_bench)
    counts = {}
    if not args.no_callgrind:
        for c in cases:
            if c.startswith(ANALYSE_PREFIX):
                continue  # timing only: the repetition arithmetic below is for executions
            counts[c] = (
                instructions([args.plexus_bench, "evm", suite_dir,
                              "--benchmark_filter=" + exact_filter([c])], PLEXUS_ENTRY),
                instructions([evmone_bench, suite_dir,
                              "--benchmark_filter=" + exact_filter([evmone_name(c)])],
                             EVMONE_ENTRY))
            print(f"callgrind {c} done", file=sys.stderr)

    print(f"| case | plexus ns | evmone ns | median ratio | best/best | plexus instr | "
          f"evmone instr | instr ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for c in cases:
        cells = ["", "", "", ""]
        if rounds:
            p = [r["plexus"][c] for r in rounds]
            e = [r["evmone"][c] for r in rounds]
            same_round = [ratio(a, b) for a, b in zip(p, e)]
            cells = [f"{statistics.median(p):.0f}", f"{statistics.median(e):.0f}",
                     f"{statistics.median(same_round):.2f}", f"{ratio(min(p), min(e)):.2f}"]
        if c in counts:
            pi, ei = counts[c]
            cells += [f"{pi:.0f}", f"{ei:.0f}", f"{ratio(pi, ei):.2f}"]
        else:
            cells += ["", "", ""]
        print(f"| {c} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
