#!/usr/bin/env bash
# Starts a reference development node in the foreground on 127.0.0.1:PORT with chain id 31337,
# the standard development mnemonic and automine, for `plexus-bench node` to measure:
#   tools/bench/node-peers/run-peers.sh hardhat 8545
#   tools/bench/node-peers/run-peers.sh ganache 8546
#   tools/bench/node-peers/run-peers.sh anvil 8547
# The packages come from the committed package-lock.json (installed on first use). The node's
# own request log goes to $PEER_LOG (default: discarded).
set -euo pipefail
cd "$(dirname "$0")"

usage() { echo "usage: $0 hardhat|ganache|anvil PORT" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
peer=$1
port=$2
log=${PEER_LOG:-/dev/null}
mnemonic="test test test test test test test test test test test junk"

if [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

case "$peer" in
  hardhat)
    export HARDHAT_DISABLE_TELEMETRY_PROMPT=true
    exec node node_modules/hardhat/internal/cli/cli.js node --hostname 127.0.0.1 --port "$port" \
      >"$log" 2>&1
    ;;
  ganache)
    exec node node_modules/ganache/dist/node/cli.js --server.host 127.0.0.1 \
      --server.port "$port" --wallet.mnemonic "$mnemonic" --chain.chainId 31337 \
      --logging.quiet >"$log" 2>&1
    ;;
  anvil)
    # Foundry's anvil from npm (a native binary): automine, 10 accounts of the same mnemonic.
    exec node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil --host 127.0.0.1 --port "$port" \
      --mnemonic "$mnemonic" --chain-id 31337 --silent >"$log" 2>&1
    ;;
  *) usage ;;
esac
