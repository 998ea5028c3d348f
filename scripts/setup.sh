#!/usr/bin/env bash
# Installs everything Plexus needs on Debian 12 and builds it into build/.
# Idempotent: packages already present are not reinstalled, and the build is incremental.
#   ./scripts/setup.sh                 Release build in build/
#   BUILD_DIR=dir BUILD_TYPE=Debug ./scripts/setup.sh
#   PLEXUS_SANITIZE=address,undefined BUILD_DIR=build-asan ./scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-Release}
SANITIZE=${PLEXUS_SANITIZE:-}

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config git
  # libraries
  libgtest-dev libgmock-dev libbenchmark-dev librocksdb-dev libsecp256k1-dev libgmp-dev
  libssl-dev libcrypto++-dev libboost-dev libboost-system-dev nlohmann-json3-dev libcli11-dev
  libspdlog-dev libfmt-dev libtomlplusplus-dev
  # tcmalloc for the node executables (cmake/fast_allocator.cmake)
  libgoogle-perftools-dev
  # WebAssembly: spec-test conversion, C contracts and benchmark programs compiled to wasm32
  wabt clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32
  # Rust contract example (examples/counter): Debian's rustc and its wasm32 standard library
  rustc libstd-rust-dev-wasm32
  # fuzzing (scripts/fuzz.sh): libFuzzer and the sanitizer runtimes of clang-19
  libfuzzer-19-dev libclang-rt-19-dev
  # model checking: spin verifies the bft engine's rules (tests/model)
  spin
  # the explorer's browser tests (tests/e2e/browser): headless Chromium driven by playwright-core
  chromium
)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "Debian packages: all ${#PACKAGES[@]} present"
fi

# Node.js runs the end-to-end tests (ethers, solc-js); its packages come from the committed lock.
if [[ -f tests/e2e/package-lock.json ]]; then
  if ! command -v npm >/dev/null; then
    log "installing Node.js"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm
  fi
  log "installing end-to-end test packages (npm ci)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
# The explorer's bundler (esbuild); the build bundles explorer/ into $BUILD_DIR/explorer.
log "installing the explorer's build tools (npm ci)"
(cd explorer && npm ci --no-audit --no-fund --loglevel=error)

log "configuring $BUILD_DIR ($BUILD_TYPE${SANITIZE:+, sanitize=$SANITIZE})"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DPLEXUS_SANITIZE="$SANITIZE"

log "building (this takes a few minutes on a fresh checkout)"
cmake --build "$BUILD_DIR" -j "$(nproc)"
log "done: tools are in $BUILD_DIR/ (e.g. $BUILD_DIR/plexus)"
