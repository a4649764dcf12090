"""What the serving benchmarks share: the built loom command, the FastAPI peer, and wrk and hey runs parsed.

Imported by compare-serving.py, compare-loom-serve.py and soak-loom-serve.py (run them from anywhere; they find
this file beside them).
"""
import csv
import json
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


def require(*tools):
    if not os.path.exists(LOOM):
        sys.exit("build first: dotnet build Loom.slnx -c Release")
    for tool in tools:
        if shutil.which(tool) is None:
            sys.exit("install the load generators and the peer: apt-get install wrk hey python3-fastapi python3-uvicorn python3-sklearn")


def run(command, cwd=ROOT):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def loom(work, *args):
    return run(["dotnet", LOOM, *args], work)


def telco_workspace():
    """A fresh copy of the telco example (no run state)."""
    work = tempfile.mkdtemp(prefix="loom-bench-")
    shutil.copytree(os.path.join(ROOT, "examples", "telco-churn"), work, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".loom"))
    return work


def post(url, body):
    request = urllib.request.Request(url, data=body.encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=2) as response:
        return response.read().decode()


def wait_until_up(url, body, process):
    """Posts the body until the server answers; its answer."""
    deadline = time.time() + 120
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"{url} exited with {process.returncode}")
        try:
            return post(url, body)
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer")


def start_peer(data, port):
    """The FastAPI peer (bench/peers/telco_fastapi.py) under uvicorn, one worker per core."""
    return subprocess.Popen([PYTHON, "-m", "uvicorn", "telco_fastapi:app", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(os.cpu_count()), "--log-level", "warning", "--no-access-log"],
                            cwd=PEERS, env={**os.environ, "TELCO_DATA": data}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sample_row(model_url, work, process):
    """The data's first row as JSON, typed as the served model's fields say (waits for `loom serve` to answer)."""
    deadline = time.time() + 120
    while True:
        try:
            fields = json.load(urllib.request.urlopen(model_url, timeout=2))["fields"]
            break
        except OSError:
            if time.time() > deadline or process.poll() is not None:
                sys.exit("loom serve did not start")
            time.sleep(0.5)
    with open(os.path.join(work, "data", "telco_churn.csv"), newline="", encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    return json.dumps({f["name"]: (float(first[f["name"]]) if f["type"] == "number" else first[f["name"]]) for f in fields})


def wrk_script(work, body):
    script = os.path.join(work, "post.lua")
    with open(script, "w", encoding="utf-8") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[' + body + "]]\n")
    return script


def wrk(url, script, seconds, connections):
    """Closed-loop load: (requests/s, p99 ms); stops on any error."""
    out = run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url])
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"errors under load at {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def hey_args(url, body, seconds, connections, rate):
    return ["hey", "-z", f"{seconds}s", "-c", str(connections), "-q", f"{rate / connections:.1f}", "-m", "POST",
            "-T", "application/json", "-d", body, url]


def hey_result(out):
    """(status code counts, transport errors seen, requests/s, p50 ms, p99 ms) of hey's report."""
    codes = {code: int(count) for code, count in re.findall(r"\[(\d+)\]\s+(\d+) responses", out)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = float(re.search(r"50%+ in ([\d.]+) secs", out).group(1)) * 1000
    p99 = float(re.search(r"99%+ in ([\d.]+) secs", out).group(1)) * 1000
    return codes, "Error distribution" in out, rps, p50, p99


def alternate(urls, script, rounds, seconds, connections):
    """Warms each server up, then loads them in alternating rounds: {name: [(requests/s, p99 ms)]}."""
    for url in urls.values():
        wrk(url, script, 5, connections)  # warm-up: JIT, pools, worker start
    results = {name: [] for name in urls}
    for _ in range(rounds):
        for name, url in urls.items():
            results[name].append(wrk(url, script, seconds, connections))
    return results


def stop(processes, work):
    for process in processes:
        process.terminate()
        process.wait(timeout=30)
    shutil.rmtree(work, ignore_errors=True)


def print_table(title, results, labels, answers):
    """The median requests/s and p99 of each server, and the first one's throughput over the last one's."""
    print(title + "\n")
    print("| server | requests/s | p99 ms | answer to the sample row |")
    print("| --- | --- | --- | --- |")
    medians = {}
    for name, label in labels.items():
        medians[name] = statistics.median(r for r, _ in results[name])
        print(f"| {label} | {medians[name]:,.0f} | {statistics.median(p for _, p in results[name]):.2f} | `{answers[name]}` |")
    first, last = list(labels)[0], list(labels)[-1]
    print(f"\nthroughput ratio: {medians[first] / medians[last]:.1f}x")
