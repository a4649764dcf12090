# Sourced by run.sh and test.sh: installs missing Debian packages (as root, with apt-get) or says what to install.
# Usage: require "command-or-path:package" ...
require() {
  local missing=() pair probe package
  for pair in "$@"; do
    probe=${pair%%:*}
    package=${pair#*:}
    if [[ $probe == /* ]]; then
      compgen -G "$probe" >/dev/null && continue
    else
      command -v "$probe" >/dev/null 2>&1 && continue
    fi
    missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Loom needs ${missing[*]}; install them (sudo apt-get install ${missing[*]}) and run this again" >&2
    return 1
  fi
}

# The web builder is built with Vite, which needs Node.js 20.19 or newer.
require_node() {
  require node:nodejs npm:npm || return 1
  local version
  version=$(node -p 'process.versions.node')
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)||a===21?0:1)'; then
    echo "Loom's web builder needs Node.js 20.19+ or 22.12+ (found $version); install a newer Node.js and run this again" >&2
    return 1
  fi
}
