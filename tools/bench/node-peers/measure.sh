#!/usr/bin/env bash
# Measures development nodes back to back with `plexus-bench node`, each started fresh on the
# same port and stopped afterwards, and prints one table (with plexus/peer ratios when plexus is
# measured):
#   tools/bench/node-peers/measure.sh [--build DIR] [--nodes "hardhat ganache plexus"] \
#       [-- plexus-bench node options...]
# The JSON result of each node is kept in a temporary directory printed at the end. plexus is
# skipped when DIR/plexus has no `dev` command.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../../../build"
nodes="hardhat ganache plexus"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--build DIR] [--nodes LIST] [-- bench options]" >&2; exit 2 ;;
  esac
done
build=$(cd "$build" && pwd)
port=${PORT:-18645}
url="http://127.0.0.1:$port/"
out=$(mktemp -d)

wait_ready() {  # until eth_chainId answers, at most 60 s
  for _ in $(seq 300); do
    if node -e "fetch('$url', {method: 'POST', headers: {'content-type': 'application/json'},
          body: '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}'})
        .then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "node did not answer on $url" >&2
  return 1
}

measured=()
for name in $nodes; do
  case "$name" in
    hardhat|ganache) "$here/run-peers.sh" "$name" "$port" & ;;
    plexus)
      if ! "$build/plexus" dev --help >/dev/null 2>&1; then
        echo "== plexus: skipped ($build/plexus has no dev command)" >&2
        continue
      fi
      "$build/plexus" dev --data-dir "$out/plexus-data" --rpc-port "$port" >"$out/plexus.log" 2>&1 &
      ;;
    *) echo "unknown node $name" >&2; exit 2 ;;
  esac
  pid=$!
  echo "== $name (pid $pid)" >&2
  status=0
  wait_ready && "$build/plexus-bench" node --url "$url" --pid "$pid" --json "$@" \
    >"$out/$name.json" || status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [[ $status -eq 0 ]] || { echo "== $name: failed" >&2; exit 1; }
  measured+=("$name")
done

node - "$out" "${measured[@]}" <<'JS'
const [dir, ...names] = process.argv.slice(2);
const r = Object.fromEntries(names.map(n => [n, require(`${dir}/${n}.json`)]));
const mib = kib => (kib / 1024).toFixed(0);
const columns = [
  ['transfers/s', x => x.transfers_per_second.toFixed(0)],
  ['sends/s', x => x.send_requests_per_second.toFixed(0)],
  ['send p50 (ms)', x => x.send_latency_ms.p50.toFixed(1)],
  ['send p99 (ms)', x => x.send_latency_ms.p99.toFixed(1)],
  ['send max (ms)', x => x.send_latency_ms.max.toFixed(0)],
  ['eth_blockNumber/s', x => x.block_number_per_second.toFixed(0)],
  ['RSS (MiB)', x => mib(x.node.rss_kib)],
  ['peak RSS (MiB)', x => mib(x.node.peak_rss_kib)],
];
const first = Object.values(r)[0];
console.log(`${first.transfers} transfers from ${first.senders} senders, ${first.in_flight} in ` +
            `flight, ${first.block_number_calls} eth_blockNumber calls\n`);
console.log(`| node | ${columns.map(c => c[0]).join(' | ')} |`);
console.log(`| --- |${columns.map(() => ' ---: |').join('')}`);
for (const [n, x] of Object.entries(r))
  console.log(`| ${n} | ${columns.map(c => c[1](x)).join(' | ')} |`);
const ratio = (a, b) => (a / b).toFixed(2);
for (const [n, x] of Object.entries(r)) {
  if (!r.plexus || n === 'plexus') continue;
  const p = r.plexus;
  console.log(`\nplexus / ${n}:` +
              ` transfers/s x${ratio(p.transfers_per_second, x.transfers_per_second)},` +
              ` eth_blockNumber/s x${ratio(p.block_number_per_second, x.block_number_per_second)}` +
              `, peak RSS x${ratio(p.node.peak_rss_kib, x.node.peak_rss_kib)}`);
}
console.log(`\nresults: ${dir}`);
JS
