/* Sieve of Eratosthenes over a byte array, repeated: memory-heavy loops. */
#include "bench_common.h"

#define LIMIT 1000000
static unsigned char composite[LIMIT + 1];

BENCH_EXPORT(bench_sieve)(unsigned rounds) {
  unsigned count = 0;
  for (unsigned r = 0; r < rounds; ++r) {
    for (unsigned i = 0; i <= LIMIT; ++i) composite[i] = 0;
    count = 0;
    for (unsigned i = 2; i <= LIMIT; ++i) {
      if (composite[i]) continue;
      ++count;
      for (unsigned j = i * 2; j <= LIMIT; j += i) composite[j] = 1;
    }
  }
  return count;
}
