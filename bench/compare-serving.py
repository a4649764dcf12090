#!/usr/bin/env python3
"""Load-tests the generated prediction service against the same model served by Python, side by side.

Usage: bench/compare-serving.py [--rounds N] [--seconds S] [--connections C]
       (after `dotnet build Loom.slnx -c Release`; needs Debian's wrk, python3-fastapi, python3-uvicorn, python3-sklearn)

Generates the telco solution with `loom run` and `loom codegen`, publishes its service (Release), and starts it
and the peer (bench/peers/telco_fastapi.py under uvicorn, one worker per core) on 127.0.0.1. Then, in alternating
rounds so that machine noise hits both alike, wrk sends single-row POST /predict requests (the generated README's
sample row) for S seconds over C connections to each. Prints a Markdown table of the median requests/s and p99.
"""
import argparse
import os
import re
import subprocess

from loadtest import LOOM, alternate, print_table, require, run, start_peer, stop, telco_workspace, wait_until_up, wrk_script

SERVICE, PEER = "http://127.0.0.1:18080/predict", "http://127.0.0.1:18081/predict"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    require("wrk")
    work = telco_workspace()
    run(["dotnet", LOOM, "run", "pipelines/churn.yaml"], work)
    run(["dotnet", LOOM, "codegen", "pipelines/churn.yaml", "--out", "generated"], work)
    solution = os.path.join(work, "generated")
    run(["dotnet", "publish", "src/TelcoChurn.Api/TelcoChurn.Api.csproj", "-c", "Release", "-o", "publish"], solution)
    readme = open(os.path.join(solution, "README.md"), encoding="utf-8").read()
    body = re.search(r"-d '(\{.*\})'", readme).group(1)
    script = wrk_script(work, body)

    quiet = {**os.environ, "Logging__LogLevel__Default": "Warning", "ASPNETCORE_URLS": SERVICE.removesuffix("/predict")}
    service = subprocess.Popen(["dotnet", os.path.join(solution, "publish", "TelcoChurn.Api.dll")], env=quiet,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peer = start_peer(os.path.join(work, "data", "telco_churn.csv"), 18081)
    try:
        answers = {name: wait_until_up(url, body, process) for name, url, process in (("service", SERVICE, service), ("peer", PEER, peer))}
        results = alternate({"service": SERVICE, "peer": PEER}, script, args.rounds, args.seconds, args.connections)
    finally:
        stop((service, peer), work)

    print_table(f"single-row POST /predict, wrk -t2 -c{args.connections}, {args.seconds} s per round, median of {args.rounds}", results,
                {"service": "generated TelcoChurn.Api (ASP.NET Core, ML.NET)", "peer": "FastAPI + uvicorn + scikit-learn"}, answers)

if __name__ == "__main__":
    main()
