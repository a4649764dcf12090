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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOOM = os.path.join(ROOT, "src", "Loom.Cli", "bin", "Release", "net10.0", "loom.dll")
PEERS = os.path.join(ROOT, "bench", "peers")
PYTHON = "/usr/bin/python3"  # Debian's python3 with its fastapi, uvicorn and sklearn packages
SERVICE, PEER = "http://127.0.0.1:18080", "http://127.0.0.1:18081"


def run(command, cwd):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_until_up(url, body, process):
    deadline = time.time() + 120
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"{url} exited with {process.returncode}")
        try:
            request = urllib.request.Request(url + "/predict", data=body.encode(), headers={"content-type": "application/json"})
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer")


def load(url, script, seconds, connections):
    out = run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url + "/predict"], ROOT)
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"errors under load at {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not os.path.exists(LOOM):
        sys.exit("build first: dotnet build Loom.slnx -c Release")
    for tool in ("wrk",):
        if shutil.which(tool) is None:
            sys.exit("install the load generator and the peer: apt-get install wrk python3-fastapi python3-uvicorn python3-sklearn")

    work = tempfile.mkdtemp(prefix="loom-serving-")
    shutil.copytree(os.path.join(ROOT, "examples", "telco-churn"), work, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".loom"))
    run(["dotnet", LOOM, "run", "pipelines/churn.yaml"], work)
    run(["dotnet", LOOM, "codegen", "pipelines/churn.yaml", "--out", "generated"], work)
    solution = os.path.join(work, "generated")
    run(["dotnet", "publish", "src/TelcoChurn.Api/TelcoChurn.Api.csproj", "-c", "Release", "-o", "publish"], solution)
    readme = open(os.path.join(solution, "README.md"), encoding="utf-8").read()
    body = re.search(r"-d '(\{.*\})'", readme).group(1)
    script = os.path.join(work, "post.lua")
    with open(script, "w", encoding="utf-8") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[' + body + "]]\n")

    quiet = {**os.environ, "Logging__LogLevel__Default": "Warning", "ASPNETCORE_URLS": SERVICE}
    service = subprocess.Popen(["dotnet", os.path.join(solution, "publish", "TelcoChurn.Api.dll")], env=quiet,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peer = subprocess.Popen([PYTHON, "-m", "uvicorn", "telco_fastapi:app", "--host", "127.0.0.1", "--port", "18081",
                             "--workers", str(os.cpu_count()), "--log-level", "warning", "--no-access-log"],
                            cwd=PEERS, env={**os.environ, "TELCO_DATA": os.path.join(work, "data", "telco_churn.csv")},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        answers = {name: wait_until_up(url, body, process) for name, url, process in (("service", SERVICE, service), ("peer", PEER, peer))}
        for url in (SERVICE, PEER):
            load(url, script, 5, args.connections)  # warm-up: JIT, pools, worker start
        results = {"service": [], "peer": []}
        for _ in range(args.rounds):
            results["service"].append(load(SERVICE, script, args.seconds, args.connections))
            results["peer"].append(load(PEER, script, args.seconds, args.connections))
    finally:
        for process in (service, peer):
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    print(f"single-row POST /predict, wrk -t2 -c{args.connections}, {args.seconds} s per round, median of {args.rounds}\n")
    print("| server | requests/s | p99 ms | answer to the sample row |")
    print("| --- | --- | --- | --- |")
    for name, label in (("service", "generated TelcoChurn.Api (ASP.NET Core, ML.NET)"), ("peer", "FastAPI + uvicorn + scikit-learn")):
        rps = statistics.median(r for r, _ in results[name])
        p99 = statistics.median(p for _, p in results[name])
        print(f"| {label} | {rps:,.0f} | {p99:.2f} | `{answers[name]}` |")
    ratio = statistics.median(r for r, _ in results["service"]) / statistics.median(r for r, _ in results["peer"])
    print(f"\nthroughput ratio: {ratio:.1f}x")


if __name__ == "__main__":
    main()
