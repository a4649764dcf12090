#!/usr/bin/env bash
# Builds Loom, installs the `loom` command as a .NET global tool, and runs the main example:
# the telco churn pipeline on the shipped data, in the examples/telco-churn workspace.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "Loom needs the .NET SDK 10 (https://dot.net); install it and run ./run.sh again." >&2
  exit 1
fi
. scripts/require.sh
# Node.js builds the web builder; git is optional (runs record the commit of their pipeline file when it is there).
require_node
if ! command -v git >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  require git:git
fi

echo "== building Loom"
dotnet build Loom.slnx -c Release -nologo -clp:ErrorsOnly

echo "== installing the loom command"
# A version unique to this build, so the tool cache never serves an older build.
version="0.1.0-local.$(date +%Y%m%d%H%M%S)"
rm -rf artifacts/nupkg
dotnet pack src/Loom.Cli -c Release -nologo -clp:ErrorsOnly -p:Version="$version" -o artifacts/nupkg >/dev/null
dotnet tool uninstall --global Loom.Cli >/dev/null 2>&1 || true
dotnet tool install --global Loom.Cli --version "$version" --add-source artifacts/nupkg >/dev/null
tools="$HOME/.dotnet/tools"
case ":$PATH:" in *":$tools:"*) ;; *) echo "   add $tools to your PATH to type 'loom' anywhere (export PATH=\"\$PATH:$tools\")";; esac

echo "== running examples/telco-churn"
cd examples/telco-churn
"$tools/loom" run pipelines/churn.yaml "$@"
