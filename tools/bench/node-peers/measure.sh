#!/usr/bin/env bash
# Measures development nodes back to back with `plexus-bench node`, each started fresh on the
# same port and stopped afterwards, and prints one table of medians (with plexus/peer ratios
# when plexus is measured):
#   tools/bench/node-peers/measure.sh [--build DIR] [--nodes "hardhat ganache anvil plexus"] \
#       [--rounds N] [-- plexus-bench node options...]
# With --rounds N every node is measured N times, the order rotating each round so that a slow
# spell of the machine falls on different nodes; the ratios are medians of the per-round ratios
# (each taken within one round). The JSON result of each run is kept in a temporary directory
# printed at the end. plexus is skipped when DIR/plexus has no `dev` command.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../../../build"
nodes="hardhat ganache plexus"
rounds=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--build DIR] [--nodes LIST] [--rounds N] [-- bench options]" >&2; exit 2 ;;
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

read -r -a order <<<"$nodes"
measured=()
for ((round = 0; round < rounds; round++)); do
  for ((i = 0; i < ${#order[@]}; i++)); do
    name=${order[(i + round) % ${#order[@]}]}
    case "$name" in
      hardhat|ganache|anvil) "$here/run-peers.sh" "$name" "$port" & ;;
      plexus)
        if ! "$build/plexus" dev --help >/dev/null 2>&1; then
          echo "== plexus: skipped ($build/plexus has no dev command)" >&2
          continue
        fi
        rm -rf "$out/plexus-data"
        "$build/plexus" dev --data-dir "$out/plexus-data" --rpc-port "$port" >"$out/plexus.log" 2>&1 &
        ;;
      *) echo "unknown node $name" >&2; exit 2 ;;
    esac
    pid=$!
    echo "== round $((round + 1))/$rounds: $name (pid $pid)" >&2
    status=0
    wait_ready && "$build/plexus-bench" node --url "$url" --pid "$pid" --json "$@" \
      >"$out/$name.$round.json" || status=$?
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [[ $status -eq 0 ]] || { echo "== $name: failed" >&2; exit 1; }
    [[ $round -gt 0 ]] || measured+=("$name")
  done
done

node - "$out" "$rounds" "${measured[@]}" <<'JS'
const [dir, roundsText, ...names] = process.argv.slice(2);
const rounds = Number(roundsText);
const runs = Object.fromEntries(names.map(n => [n, Array.from({length: rounds},
                                                  (_, i) => require(`${dir}/${n}.${i}.json`))]));
const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const columns = [
  ['transfers/s', x => x.transfers_per_second, 0],
  ['sends/s', x => x.send_requests_per_second, 0],
  ['send p50 (ms)', x => x.send_latency_ms.p50, 1],
  ['send p99 (ms)', x => x.send_latency_ms.p99, 1],
  ['send max (ms)', x => x.send_latency_ms.max, 0],
  ['eth_blockNumber/s', x => x.block_number_per_second, 0],
  ['RSS (MiB)', x => x.node.rss_kib / 1024, 0],
  ['peak RSS (MiB)', x => x.node.peak_rss_kib / 1024, 0],
  ['nudges', x => x.mining_nudges ?? 0, 0],
];
const first = runs[names[0]][0];
console.log(`${first.transfers} transfers from ${first.senders} senders, ${first.in_flight} in ` +
            `flight, ${first.block_number_calls} eth_blockNumber calls; medians of ${rounds} ` +
            `round(s)\n`);
console.log(`| node | ${columns.map(c => c[0]).join(' | ')} |`);
console.log(`| --- |${columns.map(() => ' ---: |').join('')}`);
for (const n of names)
  console.log(`| ${n} | ${columns.map(([, f, d]) => median(runs[n].map(f)).toFixed(d)).join(' | ')} |`);
for (const n of names) {
  if (!runs.plexus || n === 'plexus') continue;
  // Ratios within each round (the two ran minutes apart at most), then their median and range.
  const ratio = f => runs.plexus.map((p, i) => f(p) / f(runs[n][i]));
  const show = f => {
    const r = ratio(f);
    return `x${median(r).toFixed(2)}` +
           (rounds > 1 ? ` (${Math.min(...r).toFixed(2)}-${Math.max(...r).toFixed(2)})` : '');
  };
  console.log(`\nplexus / ${n}: transfers/s ${show(x => x.transfers_per_second)},` +
              ` eth_blockNumber/s ${show(x => x.block_number_per_second)},` +
              ` peak RSS ${show(x => x.node.peak_rss_kib)}`);
}
console.log(`\nresults: ${dir}`);
JS
