#!/usr/bin/env bash
# Runs the end-to-end suite with Node's test runner.
#   PLEXUS_BIN=build/plexus tests/e2e/run.sh                  each test file starts its own node
#   PLEXUS_E2E_EXTERNAL_URL=http://127.0.0.1:8545 tests/e2e/run.sh   against a running node
# Extra arguments go to `node --test` (e.g. --test-name-pattern=proof).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [[ ! -d $here/node_modules ]]; then
  echo "SKIPPED e2e: node_modules missing (run ./scripts/setup.sh)"
  exit 0
fi
# npm ci writes node_modules/.package-lock.json; an older one than the lock means packages were
# added or changed since (a pull): the tests would fail to import them.
if [[ $here/package-lock.json -nt $here/node_modules/.package-lock.json ]]; then
  echo "e2e: tests/e2e/package-lock.json changed since node_modules was installed: run ./scripts/setup.sh (or npm ci in tests/e2e)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if ((major < 20)); then
  echo "e2e: Node.js 20 or newer is required (found $(node --version))" >&2
  exit 1
fi

if [[ -n ${PLEXUS_E2E_EXTERNAL_URL:-} ]]; then
  # The files share one node and its dev accounts: one file at a time.
  concurrency=1
  echo "e2e: against the external node at $PLEXUS_E2E_EXTERNAL_URL (tests that restart the node skip)"
else
  if [[ -z ${PLEXUS_BIN:-} || ! -x ${PLEXUS_BIN} ]]; then
    echo "e2e: PLEXUS_BIN='${PLEXUS_BIN:-}' is not an executable (set it to the plexus binary)" >&2
    exit 1
  fi
  PLEXUS_BIN=$(realpath "$PLEXUS_BIN")
  export PLEXUS_BIN
  concurrency=2
fi

cd "$here"
exec node --test --test-concurrency="$concurrency" "$@" ./*.test.mjs
