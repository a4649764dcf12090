#!/usr/bin/env bash
# Runs every test of the solution (unit, real SQLite, real processes of the loom command, real data)
# and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

# The tests run git (a run records the commit of its pipeline file) and real PostgreSQL servers
# (a throwaway cluster per test, from the server programs of Debian's postgresql package).
missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "the tests need ${missing[*]}; install them (sudo apt-get install ${missing[*]}) and run ./test.sh again" >&2
    exit 1
  fi
fi

log=$(mktemp)
dotnet test Loom.slnx -c Release -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test project; add them up.
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
