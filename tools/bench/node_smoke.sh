#!/usr/bin/env bash
# End-to-end check of `plexus-bench node` against a fresh `plexus dev` network: a few hundred
# funded senders' transfers must all get receipts. It asserts correctness only, never speed.
#   tools/bench/node_smoke.sh BUILD_DIR
set -euo pipefail
build=$1
data=$(mktemp -d)
banner="$data/banner.txt"
"$build/plexus" dev --data-dir "$data/chain" --rpc-port 0 --quiet >"$banner" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT

# The banner names the port the node picked.
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://[0-9.]*:[0-9]*/' "$banner" | head -n 1 || true)
  [[ -n "$url" ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$banner" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "plexus dev printed no URL" >&2; cat "$banner" >&2; exit 1; }

"$build/plexus-bench" node --url "$url" --txs 400 --senders 40 --in-flight 8 \
  --block-number-calls 200 --pid "$pid"
"$build/plexus-bench" node --url "$url" --txs 100 --senders 10 --in-flight 4 \
  --block-number-calls 0 --legacy
