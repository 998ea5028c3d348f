#!/usr/bin/env bash
# Runs the whole test suite through CTest: unit tests of every layer, the conformance suites
# against their known-failures lists, and the end-to-end tests.
#   ./scripts/test.sh               tests the Release build in build/
#   ./scripts/test.sh --sanitize    builds build-asan with address,undefined sanitizers and tests it
#   ./scripts/test.sh -R evm        passes extra arguments to ctest (here: only tests matching evm)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
if [[ ${1:-} == "--sanitize" ]]; then
  shift
  BUILD_DIR=build-asan
  BUILD_DIR=$BUILD_DIR BUILD_TYPE=RelWithDebInfo PLEXUS_SANITIZE=address,undefined ./scripts/setup.sh
fi
[[ -d $BUILD_DIR ]] || { echo "no $BUILD_DIR/: run ./scripts/setup.sh first" >&2; exit 2; }

cmake --build "$BUILD_DIR" -j "$(nproc)"
export PLEXUS_TESTDATA=${PLEXUS_TESTDATA:-$(cd .. && pwd)/shared/testdata}
[[ -d $PLEXUS_TESTDATA ]] || echo "*** WARNING: $PLEXUS_TESTDATA not found: conformance suites will be SKIPPED ***"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" "$@"
