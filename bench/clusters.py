"""What the cluster benchmarks share: a throwaway Redis server and `loom cluster silo` nodes on 127.0.0.1.

Imported by cluster-overhead.py and cluster-scoring.py (run them from anywhere; they find this file beside them).
"""
import os
import socket
import subprocess
import sys
import time

from loadtest import LOOM

SECRET = "bench-secret-of-some-length"
REDIS = "/usr/bin/redis-server"


def require():
    if not os.path.exists(LOOM) or not os.path.exists(REDIS):
        sys.exit("build first (dotnet build Loom.slnx -c Release) and install redis-server")
    os.environ["LOOM_CLUSTER_SECRET"] = SECRET


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis():
    """A Redis server that saves nothing; the process and the membership address nodes take."""
    port = free_port()
    redis = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    return redis, f"redis://127.0.0.1:{port}"


def start_nodes(work, membership, count, slots, cluster_id="loom"):
    """Starts `count` nodes in the workspace and waits until all joined; the processes and their log files."""
    nodes, logs = [], []
    for i in range(count):
        log = os.path.join(work, f"node-{cluster_id}-{i}.log")
        logs.append(log)
        nodes.append(subprocess.Popen(["dotnet", LOOM, "cluster", "silo", "--membership", membership, "--cluster-id", cluster_id,
                                       "--port", str(free_port()), "--gateway-port", str(free_port()), "--slots", str(slots)],
                                      cwd=work, stdout=open(log, "w"), stderr=subprocess.STDOUT))
    deadline = time.time() + 90
    while sum("joined cluster" in open(l).read() for l in logs) < count:
        if time.time() > deadline:
            sys.exit("the nodes did not join")
        time.sleep(0.5)
    return nodes, logs
