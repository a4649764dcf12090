#!/usr/bin/env python3
"""Soak test of `loom serve`: steady load for many minutes while the alias it serves moves every minute.

Usage: bench/soak-loom-serve.py [--minutes 10] [--rate 1500] [--connections 8]
       (after `dotnet build Loom.slnx -c Release`; needs Debian's hey)

Trains two versions of the telco model (test fractions 0.2 and 0.3), promotes the first to production and starts
`loom serve churn@production --poll 1s`. hey sends single-row predict requests at a steady rate for the whole run;
every minute the alias moves (promote version 2, then roll back, and so on) with the loom command, as an operator
would. Reports every failed request (there must be none), the switches the host made, and its resident memory
after the first minute against the end (it must grow less than 5%).
"""
import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

from loadtest import LOOM, hey_args, hey_result, loom, require, sample_row, telco_workspace

URL = "http://127.0.0.1:18083/v1/models/churn"


def rss_mb(pid):
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--rate", type=int, default=1500, help="requests per second, in total (hey reports at most 1,000,000 results: keep rate × seconds below)")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    require("hey")
    work = telco_workspace()
    for fraction in ("0.2", "0.3"):
        run_id = json.loads(loom(work, "run", "pipelines/churn.yaml", "--param", f"test_fraction={fraction}", "--json"))["run_id"]
        loom(work, "models", "register", run_id, "train.model", "--name", "churn")
    loom(work, "models", "promote", "churn", "1", "--to", "production")

    serve = subprocess.Popen(["dotnet", LOOM, "serve", "churn@production", "--urls", "http://127.0.0.1:18083", "--poll", "1s"],
                             cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = []
    threading.Thread(target=lambda: log.extend(serve.stdout), daemon=True).start()
    try:
        body = sample_row(URL, work, serve)

        seconds = args.minutes * 60
        load = subprocess.Popen(hey_args(URL + "/predict", body, seconds, args.connections, args.rate), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        start = time.time()
        memory, moves = [], 0
        while time.time() - start < seconds:
            time.sleep(10)
            elapsed = time.time() - start
            memory.append((elapsed, rss_mb(serve.pid)))
            if int(elapsed) // 60 > moves and elapsed < seconds - 30:
                moves += 1
                if moves % 2 == 1:
                    loom(work, "models", "promote", "churn", "2", "--to", "production", "--reason", "soak")
                else:
                    loom(work, "models", "rollback", "churn", "--alias", "production", "--reason", "soak")
        out, _ = load.communicate(timeout=120)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    codes, errors, rps, _, p99 = hey_result(out)
    failed = sum(count for code, count in codes.items() if code != "200")
    switches = sum(1 for line in log if "serving churn version" in line and "(was version" in line)
    warm = statistics.median(m for t, m in memory if 60 <= t < 120)
    end = statistics.median(m for t, m in memory[-6:])
    print(f"soak: {args.minutes} min at {args.rate}/s over {args.connections} connections, the alias moved {moves} times\n")
    print("| requests | answered 200 | failed | requests/s | p99 ms | switches served | RSS after 1 min | RSS at end | growth |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {sum(codes.values()):,} | {codes.get('200', 0):,} | {failed}{' + transport errors' if errors else ''} | {rps:,.0f} | {p99:.2f} | "
          f"{switches} | {warm:.0f} MB | {end:.0f} MB | {100 * (end - warm) / warm:+.1f}% |")
    if failed or errors:
        print("\n" + out)
        sys.exit(1)


if __name__ == "__main__":
    main()
