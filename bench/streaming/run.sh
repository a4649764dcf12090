#!/usr/bin/env bash
# Measures peak memory and time of read-csv -> features -> score on a generated CSV of SIZE_GB
# (default 5). Needs the loom command (./run.sh at the repository root installs it) and python3.
set -euo pipefail
size="${1:-5}"
here="$(cd "$(dirname "$0")" && pwd)"
work="${TMPDIR:-/tmp}/loom-streaming-bench"
rm -rf "$work" && mkdir -p "$work"
cd "$work"
loom init ws >/dev/null
cp "$here/pipeline.yaml" ws/pipelines/
python3 "$here/generate.py" ws/big.csv "$size"
cd ws
/usr/bin/time -v loom run pipelines/pipeline.yaml 2> time.txt | tail -3
grep -E "Maximum resident|Elapsed" time.txt
for step in load features score; do loom logs "$(loom runs list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["run_id"])')" "$step" | tail -1; done
