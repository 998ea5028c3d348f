#!/bin/sh
# `plexus da` end to end: the root of celestia-app's "typical" 2x2 square (checked against
# testdata/da/vectors.json when the data is there), an extension file of 4k^2 shares, a share
# proof that verifies against that root and not another, and bad input refused with exit 1.
#   usage: tests/da/cli.sh path/to/plexus
set -eu
plexus=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# One share: namespace version 0, 18 zero bytes, ten 0x01 bytes; then 483 bytes of 0xFF.
{ head -c 19 /dev/zero; printf '\001\001\001\001\001\001\001\001\001\001'; head -c 483 /dev/zero | tr '\000' '\377'; } > "$dir/share"
cat "$dir/share" "$dir/share" "$dir/share" "$dir/share" > "$dir/square"

root=$("$plexus" da root "$dir/square")
[ ${#root} -eq 64 ] || fail "root is not 32 bytes of hex: $root"
testdata=${PLEXUS_TESTDATA:-$(dirname "$0")/../../../shared/testdata}
if [ -f "$testdata/da/vectors.json" ]; then
  grep -q "\"data_root\": \"$root\"" "$testdata/da/vectors.json" || fail "root $root is not the vector's"
else
  echo "*** SKIPPED: comparing with testdata/da/vectors.json (set PLEXUS_TESTDATA) ***"
fi

"$plexus" da extend "$dir/square" "$dir/eds" > /dev/null
[ "$(wc -c < "$dir/eds")" -eq 8192 ] || fail "the extended 2x2 square is not 16 shares"

"$plexus" da prove-share "$dir/square" 3 1 "$dir/proof" > /dev/null
"$plexus" da verify-share "$dir/proof" --root "$root" | grep -q '^valid' || fail "the proof does not verify"
other=0000000000000000000000000000000000000000000000000000000000000000
if "$plexus" da verify-share "$dir/proof" --root $other 2> "$dir/err"; then fail "a proof verified against another root"; fi
grep -q "not committed to by this data root" "$dir/err" || fail "no reason given: $(cat "$dir/err")"

head -c 1000 "$dir/square" > "$dir/short"
if "$plexus" da root "$dir/short" 2> "$dir/err"; then fail "a partial share was accepted"; fi
grep -q "512-byte shares" "$dir/err" || fail "no reason given: $(cat "$dir/err")"
if "$plexus" da prove-share "$dir/square" 4 0 "$dir/p2" 2> "$dir/err"; then fail "a sample outside the square was proven"; fi
grep -q "outside the 4x4" "$dir/err" || fail "no reason given: $(cat "$dir/err")"
"$plexus" da --help | grep -q verify-share || fail "plexus da --help does not list verify-share"
echo "plexus da: all checks passed"
