#!/usr/bin/python3
"""Runs every example pipeline and its scikit-learn and XGBoost peers side by side, in one run.

Usage: bench/compare-examples.py   (after `dotnet build Loom.slnx -c Release`; needs Debian's
python3-sklearn and python3-xgboost)

For each example: `loom run --no-cache --json` of its pipeline (wall time of the whole process, and
its evaluation metric), then bench/peers/examples_peers.py (fit seconds and metric of each peer).
Prints a Markdown table.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOOM = os.path.join(ROOT, "src", "Loom.Cli", "bin", "Release", "net10.0", "loom.dll")
PEERS = os.path.join(ROOT, "bench", "peers", "examples_peers.py")
METRIC = {"telco-churn": "auc", "penguins": "micro_accuracy", "letter-recognition": "micro_accuracy",
          "diamonds": "r2", "ames-housing": "r2", "fine-foods": "accuracy"}


def main():
    if not os.path.exists(LOOM):
        sys.exit("build first: dotnet build Loom.slnx -c Release")
    print("| example | metric | Loom | scikit-learn | XGBoost | Loom run (s, whole process) | sklearn fit (s) | XGBoost fit (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for example, metric in METRIC.items():
        workspace = tempfile.mkdtemp(prefix="loom-bench-")
        try:
            shutil.copytree(os.path.join(ROOT, "examples", example), workspace, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".loom"))
            pipeline = glob.glob(os.path.join(workspace, "pipelines", "*.yaml"))[0]
            start = time.perf_counter()
            out = subprocess.run(["dotnet", LOOM, "run", pipeline, "--no-cache", "--json"], cwd=workspace, capture_output=True, check=True, text=True).stdout
            seconds = time.perf_counter() - start
            loom = json.loads(out)["metrics"]["metrics"][metric]
            peer = json.loads(subprocess.run(["/usr/bin/python3", PEERS, example, os.path.join(workspace, "data")], capture_output=True, check=True, text=True).stdout)
            fmt = lambda v: "—" if v is None else f"{v:.4f}"
            secs = lambda v: "—" if v is None else f"{v:.2f}"
            print(f"| {example} | {metric} | {loom:.4f} | {fmt(peer['sklearn'])} | {fmt(peer['xgboost'])} | {seconds:.2f} | {secs(peer['sklearn_s'])} | {secs(peer['xgboost_s'])} |", flush=True)
        finally:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    main()
