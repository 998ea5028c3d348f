#pragma once
// Time per call of a function, calibrated to about half a second unless an iteration count is
// given; prints wall and process-CPU time (on a shared, loaded machine wall time overstates the
// cost). Used by the suites that time single operations (curves, bls).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace plexus::bench {

struct PerCall {
  double wall_us = 0;
  double cpu_us = 0;
  int calls = 0;
};

template <class Fn>
PerCall time_per_call(const char* name, int iterations, Fn&& fn) {
  const auto seconds_since = [](std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const auto cpu_seconds = [] {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  };
  auto start = std::chrono::steady_clock::now();
  fn();
  const double one = seconds_since(start);
  const int n = iterations > 0 ? iterations : std::max(3, static_cast<int>(0.5 / (one + 1e-9)));
  start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  for (int i = 0; i < n; ++i) fn();
  const PerCall r{seconds_since(start) / n * 1e6, (cpu_seconds() - cpu_start) / n * 1e6, n};
  std::printf("%-26s %10.1f us/call wall %10.1f us/call cpu  (%d calls)\n", name, r.wall_us,
              r.cpu_us, r.calls);
  return r;
}

}  // namespace plexus::bench
