#!/usr/bin/env python3
"""What running on a cluster costs per step, and how long a killed node costs a run.

Usage: bench/cluster-overhead.py [--steps N] [--rounds R]
       (after `dotnet build Loom.slnx -c Release`; needs Debian's redis-server)

Starts a Redis server and three `loom cluster silo` nodes on 127.0.0.1 over one SQLite workspace (a copy of the
telco example). Scheduling overhead: a chain of N tiny steps (table.derive on a 20-row table, each reading the
one before) runs with --no-cache locally and on the cluster, alternately, R times; the overhead per step is the
difference of the median step durations the runs record. Recovery: the telco pipeline with a trainer of several
seconds runs on the cluster; the node that trains is killed (SIGKILL) as soon as it starts; the recovery time is
from the kill to the second attempt's start on another node (both from the run's log). Prints Markdown.
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import time
from datetime import datetime

from clusters import require, start_nodes, start_redis
from loadtest import LOOM, loom, stop, telco_workspace


def chain(steps):
    lines = ["apiVersion: loom/v1", "kind: Pipeline", "name: chain", "steps:",
             "  s0: { component: data.read-csv@1, params: { path: data/tiny.csv } }"]
    for i in range(1, steps + 1):
        lines.append(f"  s{i}: {{ component: table.derive@1, inputs: {{ table: s{i - 1}.table }}, params: {{ column: c{i}, expression: 'tenure + {i}' }} }}")
    lines.append(f"outputs: {{ table: s{steps}.table }}")
    return "\n".join(lines) + "\n"


def step_seconds(work, *args):
    run = json.loads(loom(work, "run", "pipelines/chain.yaml", "--no-cache", "--json", *args))
    return [s["duration_seconds"] for s in run["steps"] if s["name"] != "s0"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    require()
    work = telco_workspace()
    with open(os.path.join(work, "data", "telco_churn.csv")) as source, open(os.path.join(work, "data", "tiny.csv"), "w") as tiny:
        tiny.writelines(source.readlines()[:21])
    with open(os.path.join(work, "pipelines", "chain.yaml"), "w") as f:
        f.write(chain(args.steps))
    with open(os.path.join(work, "pipelines", "churn.yaml")) as f:
        slow = f.read().replace("name: telco-churn", "name: telco-slow").replace(
            'params: { label: churn, positive: "Yes" }', 'params: { label: churn, positive: "Yes", iterations: 10000, learning_rate: 0.01 }')
    with open(os.path.join(work, "pipelines", "slow.yaml"), "w") as f:
        f.write(slow)

    redis, membership = start_redis()
    nodes, logs = [], []
    try:
        nodes, logs = start_nodes(work, membership, 3, 1)

        cluster = ["--cluster", "--membership", membership]
        step_seconds(work)  # warm-up of both paths
        step_seconds(work, *cluster)
        local, remote = [], []
        for _ in range(args.rounds):
            local += step_seconds(work)
            remote += step_seconds(work, *cluster)

        run = subprocess.Popen(["dotnet", LOOM, "run", "pipelines/slow.yaml", "--no-cache", "--json", *cluster], cwd=work, stdout=subprocess.PIPE, text=True)
        killed_at, killed = None, None
        while killed is None and run.poll() is None:
            for node, log in zip(nodes, logs):
                if re.search(r"attempt 1 of step train of run \S+ starts", open(log).read()):
                    node.send_signal(signal.SIGKILL)
                    killed_at, killed = datetime.now().astimezone(), node
                    break
            time.sleep(0.02)
        result = json.loads(run.communicate()[0])
        log_text = loom(work, "logs", result["run_id"], "train")
        second = next(l for l in log_text.splitlines() if "attempt 2 runs on node" in l)
        second_at = datetime.combine(killed_at.date(), datetime.strptime(second.split()[0], "%H:%M:%S.%f").time(), killed_at.tzinfo)
    finally:
        for node in nodes:
            node.kill()
        redis.kill()
        stop([], work)

    per_step = statistics.median(remote) - statistics.median(local)
    print(f"chain of {args.steps} table.derive steps on a 20-row table, {args.rounds} runs each, 3 nodes with 1 slot\n")
    print("| executor | median step ms | p90 step ms |")
    print("| --- | --- | --- |")
    for name, values in (("local (in the loom run process)", local), ("cluster (3 silo processes)", remote)):
        print(f"| {name} | {statistics.median(values) * 1000:.1f} | {statistics.quantiles(values, n=10)[-1] * 1000:.1f} |")
    print(f"\nscheduling overhead per step on the cluster: {per_step * 1000:.1f} ms")
    print(f"recovery after a node was killed mid-step: {(second_at - killed_at).total_seconds():.1f} s from the kill to the second attempt's start; "
          f"the run {result['status']} with train in {[s['attempts'] for s in result['steps'] if s['name'] == 'train'][0]} attempts")


if __name__ == "__main__":
    main()
