/* Dense double-precision matrix multiply: float arithmetic and indexed loads. */
#include "bench_common.h"

#define N 96
static double a[N][N], b[N][N], c[N][N];

BENCH_EXPORT(bench_matmul)(unsigned rounds) {
  for (unsigned i = 0; i < N; ++i)
    for (unsigned j = 0; j < N; ++j) {
      a[i][j] = (double)(i * N + j) / (N * N);
      b[i][j] = (double)(j * N + i + 1) / (N * N);
    }
  double sum = 0;
  for (unsigned r = 0; r < rounds; ++r) {
    for (unsigned i = 0; i < N; ++i)
      for (unsigned j = 0; j < N; ++j) {
        double s = 0;
        for (unsigned k = 0; k < N; ++k) s += a[i][k] * b[k][j];
        c[i][j] = s;
      }
    sum += c[r % N][(r * 7) % N];
    a[r % N][r % N] += 1e-9;
  }
  return (unsigned)(sum * 1000.0);
}
