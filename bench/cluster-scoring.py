#!/usr/bin/env python3
"""Batch scoring of the telco model on many generated rows: the local executor, one node, three nodes, and a
plain single-threaded ML.NET loop as the reference.

Usage: bench/cluster-scoring.py [--rows N] [--partition-rows P]
       (after `dotnet build Loom.slnx -c Release`; needs Debian's redis-server)

Trains the telco example, repeats its table's rows to N rows (Parquet, row groups of 65,536), and runs a pipeline
that scores them (data.read-parquet, model.read, score) with --no-cache: in the loom run process; on one
`loom cluster silo` node with 2 slots; on three nodes with 1 slot each (partitions of P rows). The score step's
recorded duration gives rows/s. Then the plain loop (bench/Loom.Benchmarks plain-score) reads the same Parquet
file batch by batch and iterates the model's predictions on one thread. Prints Markdown.
"""
import argparse
import json
import os
import sys

from clusters import require, start_nodes, start_redis
from loadtest import ROOT, loom, run, stop, telco_workspace

TOOL = os.path.join(ROOT, "bench", "Loom.Benchmarks", "bin", "Release", "net10.0", "Loom.Benchmarks.dll")
PIPELINE = """apiVersion: loom/v1
kind: Pipeline
name: score-many
steps:
  model: { component: model.read@1, params: { path: data/model.zip } }
  rows: { component: data.read-parquet@1, params: { path: data/many.parquet } }
  score: { component: score@1, inputs: { model: model.model, table: rows.table } }
outputs: { scored: score.table }
"""


def score_seconds(work, *args):
    result = json.loads(loom(work, "run", "pipelines/score-many.yaml", "--no-cache", "--json", *args))
    if result["status"] != "succeeded":
        sys.exit(f"the run {result['status']}")
    return next(s["duration_seconds"] for s in result["steps"] if s["name"] == "score"), result["outputs"]["scored"]["sha256"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--partition-rows", type=int, default=1_048_576)
    args = parser.parse_args()
    require()
    if not os.path.exists(TOOL):
        sys.exit("build first: dotnet build Loom.slnx -c Release")
    work = telco_workspace()
    trained = json.loads(loom(work, "run", "pipelines/churn.yaml", "--json"))["run_id"]
    loom(work, "artifacts", "get", trained, "train.model", "-o", "data/model.zip")
    loom(work, "artifacts", "get", trained, "load.table", "-o", "data/telco.parquet")
    run(["dotnet", TOOL, "repeat-table", "data/telco.parquet", "data/many.parquet", str(args.rows)], work)
    with open(os.path.join(work, "pipelines", "score-many.yaml"), "w") as f:
        f.write(PIPELINE)

    redis, membership = start_redis()
    results = {}
    try:
        results["local executor (the loom run process)"] = score_seconds(work)
        for count, slots in ((1, 2), (3, 1)):
            nodes, _ = start_nodes(work, membership, count, slots, f"bench{count}")
            try:
                results[f"{count} node(s), {slots} slot(s) each"] = score_seconds(
                    work, "--cluster", "--membership", membership, "--cluster-id", f"bench{count}", "--partition-rows", str(args.partition_rows))
            finally:
                for node in nodes:
                    node.kill()
        plain = run(["dotnet", TOOL, "plain-score", "data/model.zip", "data/many.parquet"], work).strip()
    finally:
        redis.kill()
        stop([], work)

    print(f"scoring {args.rows:,} rows of the telco data with its LightGBM model, 2 cores, partitions of {args.partition_rows:,} rows\n")
    print("| executor | score step s | rows/s | output |")
    print("| --- | --- | --- | --- |")
    for name, (seconds, sha) in results.items():
        print(f"| {name} | {seconds:.1f} | {args.rows / seconds:,.0f} | {sha[:12]} |")
    print(f"\n{plain}")


if __name__ == "__main__":
    main()
