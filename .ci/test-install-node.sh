#!/usr/bin/env bash
# Proves .ci/run's Node step works on a fresh machine: takes that exact line from .ci/run,
# points its --prefix at a scratch folder and runs it with the system's Node 20 and npm 11
# (/usr/bin) first on PATH, whatever Node this machine has in /usr/local; then checks that
# a Node ≥ 22 binary came out.
set -euo pipefail
cd "$(dirname "$0")/.."
line=$(grep -E '^\s*npm i(nstall)? -g --prefix /usr/local .*node@' .ci/run | head -n1 | sed -E 's/^\s+//')
[ -n "$line" ] || { echo "FAIL: no Node install line in .ci/run"; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmd=${line/--prefix \/usr\/local/--prefix $scratch}
echo "system node: $(PATH=/usr/bin:/bin node -v 2>/dev/null || echo none), npm $(PATH=/usr/bin:/bin npm -v 2>/dev/null || echo none)"
echo "running: $cmd"
PATH=/usr/bin:/bin bash -c "$cmd"
v=$("$scratch/bin/node" -v)
case "$v" in
  v2[2-9].*|v[3-9][0-9].*) echo "ok: $v from a scratch prefix" ;;
  *) echo "FAIL: got '$v'"; exit 1 ;;
esac
