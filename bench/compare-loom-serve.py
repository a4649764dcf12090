#!/usr/bin/env python3
"""Load-tests `loom serve` against the same data's model served by Python, side by side.

Usage: bench/compare-loom-serve.py [--rounds N] [--seconds S] [--connections C] [--micro-batch 2ms]
       (after `dotnet build Loom.slnx -c Release`; needs Debian's wrk, hey, python3-fastapi, python3-uvicorn,
       python3-sklearn)

Trains the telco example with `loom run`, registers and promotes the model, and starts `loom serve churn@production`
and the peer (bench/peers/telco_fastapi.py under uvicorn, one worker per core) on 127.0.0.1. In alternating rounds,
so that machine noise hits both alike, wrk sends single-row predict requests (the data's first row) for S seconds
over C connections to each: the peak requests/s and p99. Then hey sends the same request to `loom serve` at half
its median peak rate for S seconds: the p99 at 50% load. With --micro-batch, a second `loom serve` with that
micro-batching wait joins the rounds, so the batched and the plain path are measured side by side. Prints Markdown
tables.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from loadtest import LOOM, alternate, hey_args, hey_result, loom, print_table, require, run, sample_row, start_peer, stop, telco_workspace, wait_until_up, wrk_script

SERVE, PEER = "http://127.0.0.1:18082/v1/models/churn/predict", "http://127.0.0.1:18081/predict"
BATCHED = "http://127.0.0.1:18083/v1/models/churn/predict"


def hey(url, body, seconds, connections, rate):
    codes, errors, rps, p50, p99 = hey_result(run(hey_args(url, body, seconds, connections, rate)))
    if errors or any(code != "200" for code in codes):
        sys.exit(f"errors at a steady rate at {url}: {codes}")
    return rps, p50, p99


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--micro-batch", help="also measure loom serve --micro-batch with this wait, such as 2ms")
    args = parser.parse_args()
    require("wrk", "hey")
    work = telco_workspace()
    run_id = json.loads(loom(work, "run", "pipelines/churn.yaml", "--json"))["run_id"]
    loom(work, "models", "register", run_id, "train.model", "--name", "churn")
    loom(work, "models", "promote", "churn", "1", "--to", "production")

    serve = subprocess.Popen(["dotnet", LOOM, "serve", "churn@production", "--urls", "http://127.0.0.1:18082"], cwd=work,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peer = start_peer(os.path.join(work, "data", "telco_churn.csv"), 18081)
    servers = [serve, peer]
    urls = {"serve": SERVE}
    labels = {"serve": "loom serve churn@production"}
    if args.micro_batch:
        servers.append(subprocess.Popen(["dotnet", LOOM, "serve", "churn@production", "--urls", BATCHED.split("/v1")[0], "--micro-batch", args.micro_batch],
                                        cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        urls["batched"] = BATCHED
        labels["batched"] = f"loom serve churn@production --micro-batch {args.micro_batch}"
    urls["peer"] = PEER
    labels["peer"] = "FastAPI + uvicorn + scikit-learn"
    try:
        body = sample_row(SERVE.removesuffix("/predict"), work, serve)
        script = wrk_script(work, body)
        answers = {name: wait_until_up(url, body, process) for (name, url), process in zip(urls.items(), [serve, *servers[2:], peer])}
        results = alternate(urls, script, args.rounds, args.seconds, args.connections)
        peak = statistics.median(r for r, _ in results["serve"])
        steady = hey(SERVE, body, args.seconds, args.connections, peak / 2)
    finally:
        stop(servers, work)

    print_table(f"single-row predict, wrk -t2 -c{args.connections}, {args.seconds} s per round, median of {args.rounds}", results, labels, answers)
    print(f"\nat half of loom serve's peak (hey -c{args.connections}, target {peak / 2:,.0f}/s for {args.seconds} s): "
          f"{steady[0]:,.0f} requests/s, p50 {steady[1]:.2f} ms, p99 {steady[2]:.2f} ms")


if __name__ == "__main__":
    main()
