#!/usr/bin/env python3
"""Times whole commands side by side: Loom's telco pipeline against the scikit-learn peer.

Usage: bench/compare-telco.py [--runs N]   (after `dotnet build Loom.slnx -c Release`)

Each repetition runs, in turn: Loom with --no-cache (load, features, train, evaluate), the peer
script, Loom fully cached, and `loom --version` (process start alone). Runs alternate so that
machine noise hits both sides alike. Wall time and peak resident memory (from wait4) are per process.
Prints a Markdown table of medians; the AUCs come from the commands' own output.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOOM = os.path.join(ROOT, "src", "Loom.Cli", "bin", "Release", "net10.0", "loom.dll")
PEER = os.path.join(ROOT, "bench", "peers", "telco_sklearn.py")
PYTHON = "/usr/bin/python3"  # Debian's python3 with python3-sklearn


def measure(command, cwd):
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{err.decode()}")
    return seconds, usage.ru_maxrss / 1024, out.decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    if not os.path.exists(LOOM):
        sys.exit("build first: dotnet build Loom.slnx -c Release")
    workspace = tempfile.mkdtemp(prefix="loom-bench-")
    shutil.copytree(os.path.join(ROOT, "examples", "telco-churn"), workspace, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".loom"))
    data = os.path.join(workspace, "data", "telco_churn.csv")
    rows = {"loom": [], "peer": [], "cached": [], "start": []}
    auc = {}
    try:
        for _ in range(runs):
            seconds, rss, out = measure(["dotnet", LOOM, "run", "pipelines/churn.yaml", "--no-cache", "--json"], workspace)
            rows["loom"].append((seconds, rss))
            auc["loom"] = json.loads(out)["metrics"]["metrics"]["auc"]
            seconds, rss, out = measure([PYTHON, PEER, data], workspace)
            rows["peer"].append((seconds, rss))
            auc["peer"] = json.loads(out)["auc"]
            rows["cached"].append(measure(["dotnet", LOOM, "run", "pipelines/churn.yaml", "--json"], workspace)[:2])
            rows["start"].append(measure(["dotnet", LOOM, "--version"], workspace)[:2])
    finally:
        shutil.rmtree(workspace)

    def median(name, index):
        return statistics.median(r[index] for r in rows[name])

    print(f"| command (median of {runs}) | wall s | peak MB | AUC |")
    print("| --- | --- | --- | --- |")
    print(f"| loom run, computed (load, features, train, evaluate) | {median('loom', 0):.2f} | {median('loom', 1):.0f} | {auc['loom']:.4f} |")
    print(f"| scikit-learn HistGradientBoosting script | {median('peer', 0):.2f} | {median('peer', 1):.0f} | {auc['peer']:.4f} |")
    print(f"| loom run, fully cached | {median('cached', 0):.2f} | {median('cached', 1):.0f} | |")
    print(f"| loom --version (process start) | {median('start', 0):.2f} | {median('start', 1):.0f} | |")
    print()
    print(f"time ratio loom/peer: {median('loom', 0) / median('peer', 0):.2f}")
    print(f"cached run beyond process start: {median('cached', 0) - median('start', 0):.2f} s")


if __name__ == "__main__":
    main()
