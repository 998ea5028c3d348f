#!/usr/bin/env bash
# One spin check of the bft model, for CTest (tests/model/CMakeLists.txt):
#   check_model.sh MODEL WORK_PARENT safe|fork [-DNAME[=VALUE] ...]
# Generates the verifier in a fresh directory under WORK_PARENT (never next to the model, since
# spin and pan write their files and the trail into the current directory), compiles it, runs an
# exhaustive breadth-first search and checks the outcome:
#   safe  no error, and the search covered the whole state space;
#   fork  an assertion violation, i.e. two conflicting finalized blocks; the shortest trail
#         (breadth-first) is replayed so the log shows the fork step by step.
# SPIN and CC name the programs (default: spin, cc). The search is deterministic.
set -euo pipefail

if (($# < 3)) || [[ $3 != safe && $3 != fork ]]; then
  echo "usage: $0 MODEL WORK_PARENT safe|fork [-DNAME[=VALUE] ...]" >&2
  exit 2
fi
model=$1 parent=$2 expect=$3
shift 3
spin=${SPIN:-spin}
cc=${CC:-cc}

mkdir -p "$parent"
work=$(mktemp -d "$parent/check.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$model" "$work/bft.pml"
cd "$work"

fail() {
  echo "FAIL: $*"
  exit 1
}

echo "spin -a $* bft.pml"
if ! "$spin" -a "$@" bft.pml >spin.log 2>&1; then
  cat spin.log
  fail "spin could not generate the verifier"
fi
# -DSAFETY: only safety (assertions); -DBFS: shortest counterexample; MEMLIM (MB) bounds memory.
"$cc" -O2 -w -DSAFETY -DBFS -DMEMLIM=2048 -o pan pan.c || fail "the verifier did not compile"
./pan >pan.log 2>&1 || { cat pan.log; fail "the verifier stopped abnormally"; }

# The replay's printfs and spin's messages, without the dump of variables at the end.
replay() {
  "$spin" -T -t "$@" bft.pml 2>&1 |
    grep -vE '^\s*$|^#processes|^\s+\S+ = |^ *[0-9]+:\s+proc|processes? created' || true
}

field() { grep -m1 -E "$1" pan.log | awk "{print \$$2}"; }
states=$(field 'states, stored' 1)
transitions=$(field 'transitions \(= stored\+matched\)' 1)
seconds=$(field '^pan: elapsed time' 4)
errors=$(grep -m1 -oE 'errors: [0-9]+' pan.log | awk '{print $2}')
[[ -n $states && -n $errors && -n $seconds ]] || { cat pan.log; fail "unexpected verifier output"; }
echo "states stored: $states, transitions: $transitions, time: ${seconds}s, errors: $errors"

if [[ $expect == safe ]]; then
  if ((errors != 0)); then
    replay "$@"
    fail "spin found a counterexample in a model expected to be safe"
  fi
  # A search cut short (memory, depth) proves nothing.
  if grep -qE 'out of memory|MEMLIM|Search not completed|too small' pan.log; then
    cat pan.log
    fail "the search did not cover the whole state space"
  fi
  echo "PASS: no counterexample"
  exit 0
fi

((errors != 0)) && [[ -f bft.pml.trail ]] ||
  fail "spin found no counterexample; the mutation was expected to fork"
if ! grep -qE 'assertion violated' pan.log; then
  cat pan.log
  fail "the error is not the safety assertion"
fi
depth=$(grep -m1 -oE 'assertion violated .* \(at depth [0-9]+\)' pan.log | grep -oE '[0-9]+\)$' |
  tr -d ')')
replay=$(replay "$@")
grep -q '^FORK: ' <<<"$replay" || { echo "$replay"; fail "the replayed trail shows no fork"; }
votes=$(sed '/^FORK: /q' <<<"$replay" | grep -cE '^v[0-9] (proposes|notarizes|skips|finalizes)')
echo "counterexample: trail of $depth steps (the first choose the byzantine validators and" \
  "blocks), $votes honest votes"
echo "$replay"
echo "PASS: spin found the expected fork"
