#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-19 (ASan + UBSan) in build-fuzz/ and runs each one.
#   ./scripts/fuzz.sh [seconds-per-target] [target ...]     default: 60 s, every target
# Corpora live in build-fuzz/corpus/<target>/ (kept between runs), seeded from the committed
# fuzz/seeds/<target>/ and, when $PLEXUS_TESTDATA (or ../shared/testdata) is present, from
# conformance files of the matching kind. Crashes land in build-fuzz/crashes/<target>/; commit
# a minimized one under fuzz/regressions/<target>/ once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-60}
shift || true
BUILD_DIR=${BUILD_DIR:-build-fuzz}
TESTDATA=${PLEXUS_TESTDATA:-../shared/testdata}
ALL_TARGETS=(rlp transaction evm precompiles trie_proof wasm move rpc net_frame net_handshake da)
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=("${ALL_TARGETS[@]}")

# Symbolized stack traces in crash reports.
ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-19 || command -v llvm-symbolizer || true)
export ASAN_SYMBOLIZER_PATH

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Warnings stay errors in the GCC build; clang's warning set differs, so it does not gate fuzzing.
# -O1 keeps instrumented builds quick to compile while still fast enough to fuzz.
log "configuring $BUILD_DIR (clang-19, libFuzzer, ASan, UBSan)"
CC=clang-19 CXX=clang++-19 cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" -DCMAKE_C_FLAGS_RELEASE="-O1" \
  -DPLEXUS_FUZZ=ON -DPLEXUS_WERROR=OFF -DPLEXUS_BENCHMARKS=OFF >/dev/null
log "building ${TARGETS[*]}"
cmake --build "$BUILD_DIR" -j "$(nproc)" --target "${TARGETS[@]/#/fuzz-}"

# Extra seeds from the conformance data, copied at run time (never committed): Move modules as
# they are, WebAssembly modules extracted from the spec tests with wast2json.
seed_from_testdata() {
  local target=$1 corpus=$2 tmp
  [[ -d $TESTDATA ]] || return 0
  tmp=$(mktemp -d)
  case $target in
    move) find "$TESTDATA" -name '*.mv' -size -64k | sort | head -n 400 ;;
    wasm)
      if command -v wast2json >/dev/null; then
        find "$TESTDATA" -name '*.wast' | sort | head -n 60 | while read -r f; do
          (wast2json "$f" -o "$tmp/$(basename "$f" .wast).json") >/dev/null 2>&1 || true
        done
        find "$tmp" -name '*.wasm' -size -64k
      fi ;;
  esac | while read -r f; do cp -f "$f" "$corpus/td-$(basename "$f")"; done
  rm -rf "$tmp"
}

status=0
for t in "${TARGETS[@]}"; do
  corpus="$BUILD_DIR/corpus/$t"
  crashes="$BUILD_DIR/crashes/$t"
  mkdir -p "$corpus" "$crashes"
  seed_from_testdata "$t" "$corpus"
  dict=()
  [[ -f fuzz/dicts/$t.dict ]] && dict=(-dict="fuzz/dicts/$t.dict")
  log "fuzzing $t for ${SECONDS_PER_TARGET}s"
  set +e
  "$BUILD_DIR/fuzz/fuzz-$t" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" -timeout=20 \
    -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$corpus" "fuzz/seeds/$t" >"$BUILD_DIR/$t.log" 2>&1
  rc=$?
  set -e
  # Final coverage and speed, then any failure report.
  grep -E '^#[0-9]+[[:space:]]' "$BUILD_DIR/$t.log" | tail -n 1 || true
  grep -E '^Done |ERROR: |SUMMARY|fuzz property|stat::average_exec' "$BUILD_DIR/$t.log" || true
  if ((rc != 0)) || compgen -G "$crashes/*" >/dev/null; then
    log "$t: crash found, see $crashes/ and $BUILD_DIR/$t.log"
    status=1
  fi
done
exit $status
