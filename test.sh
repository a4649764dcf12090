#!/usr/bin/env bash
# Runs every test of the solution (unit, real SQLite, real processes of the loom command, real data)
# and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

# The tests run git (a run records the commit of its pipeline file), real PostgreSQL servers (a throwaway
# cluster per test, from Debian's postgresql package), real Redis servers (cluster membership, from Debian's
# redis-server package), Node.js (the web builder's build) and Debian's Chromium (the browser tests drive it
# headless).
. scripts/require.sh
require git:git "/usr/lib/postgresql/*/bin/initdb:postgresql" /usr/bin/redis-server:redis-server /usr/bin/chromium:chromium || exit 1
require_node || exit 1

log=$(mktemp)
dotnet test Loom.slnx -c Release -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The web builder's own unit tests (the document model, connections, history); the build ran npm ci.
web_report=$(mktemp)
(cd web && npx vitest run --reporter=default --reporter=json --outputFile.json="$web_report") 2>&1 | tee -a "$log"
web_status=${PIPESTATUS[0]}
[ "$web_status" -ne 0 ] && status=$web_status
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numFailedTests ? "Failed!" : "Passed!"}  - Failed: ${r.numFailedTests}, Passed: ${r.numPassedTests}, Skipped: ${r.numPendingTests + r.numTodoTests}, Total: ${r.numTotalTests} - web (vitest)`)' "$web_report" >>"$log" 2>/dev/null \
  || echo "Failed!  - Failed: 1, Passed: 0, Skipped: 0, Total: 1 - web (vitest wrote no report)" >>"$log"

# dotnet test prints one summary per test project, the web tests one more; add them up.
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log" "$web_report"
exit "$status"
