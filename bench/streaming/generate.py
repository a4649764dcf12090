#!/usr/bin/env python3
"""Writes a synthetic customer table of about SIZE gigabytes as CSV, deterministic for a seed.

Usage: generate.py OUT.csv SIZE_GB [SEED]
Columns: id, eight numbers (one with missing values), a category, a flag, and a label that depends
on them, so a model has something to learn.
"""
import random
import sys

out, size_gb = sys.argv[1], float(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
target = int(size_gb * 1e9)
plans = ["basic", "plus", "pro", "team", "enterprise"]
written = 0
with open(out, "w", buffering=1 << 20) as f:
    header = "id,age,tenure,monthly,total,calls,drops,usage,score,plan,autopay,churn\n"
    f.write(header)
    written += len(header)
    i = 0
    while written < target:
        age = rng.randint(18, 90)
        tenure = rng.randint(0, 72)
        monthly = round(rng.uniform(10, 120), 2)
        total = "" if rng.random() < 0.01 else round(monthly * tenure, 2)
        calls = rng.randint(0, 30)
        drops = rng.randint(0, calls)
        usage = round(rng.expovariate(0.1), 3)
        score = round(rng.gauss(600, 80), 1)
        plan = plans[rng.randrange(5)]
        autopay = "true" if rng.random() < 0.6 else "false"
        risk = 0.03 * drops - 0.04 * tenure + 0.01 * monthly + (0.8 if plan == "basic" else 0) - (0.5 if autopay == "true" else 0)
        churn = "yes" if risk + rng.gauss(0, 1) > 0 else "no"
        line = f"{i},{age},{tenure},{monthly},{total},{calls},{drops},{usage},{score},{plan},{autopay},{churn}\n"
        f.write(line)
        written += len(line)
        i += 1
print(f"{out}: {i} rows, {written / 1e9:.2f} GB")
