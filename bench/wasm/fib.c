/* Recursive Fibonacci: call-heavy. */
#include "bench_common.h"

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

BENCH_EXPORT(bench_fib)(unsigned n) { return fib(n); }
