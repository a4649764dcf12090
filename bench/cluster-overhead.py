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
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime

from loadtest import LOOM, loom, stop, telco_workspace

SECRET = "bench-secret-of-some-length"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    if not os.path.exists(LOOM) or not os.path.exists("/usr/bin/redis-server"):
        sys.exit("build first (dotnet build Loom.slnx -c Release) and install redis-server")
    os.environ["LOOM_CLUSTER_SECRET"] = SECRET
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

    redis_port = free_port()
    redis = subprocess.Popen(["/usr/bin/redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    membership = f"redis://127.0.0.1:{redis_port}"
    nodes, logs = [], []
    try:
        time.sleep(1)
        for i in range(3):
            log = open(os.path.join(work, f"node{i}.log"), "w+")
            nodes.append(subprocess.Popen(["dotnet", LOOM, "cluster", "silo", "--membership", membership, "--port", str(free_port()),
                                           "--gateway-port", str(free_port()), "--slots", "1"], cwd=work, stdout=log, stderr=subprocess.STDOUT))
            logs.append(log)
        deadline = time.time() + 90
        while sum("joined cluster" in open(l.name).read() for l in logs) < 3:
            if time.time() > deadline:
                sys.exit("the nodes did not join")
            time.sleep(0.5)

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
                if re.search(r"attempt 1 of step train of run \S+ starts", open(log.name).read()):
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
