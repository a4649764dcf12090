#!/usr/bin/env bash
# Peak memory of `loom score` on the telco data repeated 10 and 100 times: streaming keeps it flat.
# Usage: bench/score-memory.sh (after `dotnet build Loom.slnx -c Release`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
loom="$root/src/Loom.Cli/bin/Release/net10.0/loom.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/telco-churn/." "$work"
rm -rf "$work/.loom"
cd "$work"
run=$(dotnet "$loom" run pipelines/churn.yaml --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["run_id"])')
dotnet "$loom" models register "$run" train.model --name churn >/dev/null
dotnet "$loom" models promote churn 1 --to production >/dev/null
for times in 10 100; do
  { head -1 data/telco_churn.csv; for _ in $(seq "$times"); do tail -n +2 data/telco_churn.csv; done; } >"x$times.csv"
  /usr/bin/time -f "x$times: $(du -m "x$times.csv" | cut -f1) MB in, %e s, peak RSS %M KB" \
    dotnet "$loom" score churn@production "x$times.csv" -o "x$times-scored.csv" >/dev/null
done
