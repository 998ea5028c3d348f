#!/bin/sh
# Checks the data square's extension against an independent implementation, catid/leopard, on
# random squares of every width up to 512 (GF(2^16) at 256 and 512, three squares each). Leopard
# is not in Debian and no third-party code lives in this repository, so it is built outside it
# (docs/DA.md, "Checking against Leopard") and named by PLEXUS_LEOPARD_LIB; without it the check
# is skipped with one loud line (exit 77, which CTest reports as skipped).
#   usage: scripts/da-leopard-check.sh [path/to/plexus-bench]
bench=${1:-build/plexus-bench}
lib=${PLEXUS_LEOPARD_LIB:-}
if [ -z "$lib" ] || [ ! -f "$lib" ]; then
  echo "*** SKIPPED: catid/leopard not available (set PLEXUS_LEOPARD_LIB to its libleopard.so; see docs/DA.md) ***"
  exit 77
fi
exec "$bench" da --check --leopard "$lib"
