// plexus-bench uint256: the hand-written limb type against boost::multiprecision::uint256_t,
// the backing type it replaced. Google Benchmark arguments pass through
// (e.g. --benchmark_filter=div).
//
// Measured (CPU ns per op, plexus vs Boost, shared 2-core AMD EPYC, see docs/performance/uint256.md):
// add 4.5 vs 6.2, mul 7.1 vs 21.0, div 23.9 vs 26.0, mulmod 70.2 vs 118, exp 2662 vs 5036.
#include <benchmark/benchmark.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <random>
#include <string>
#include <vector>

#include "bench_registry.hpp"
#include "core/uint256.hpp"
#include "core/uint256_ops.hpp"
#include "gbench_runner.hpp"

namespace plexus::bench {
namespace {

using Boost256 = boost::multiprecision::uint256_t;
using Boost512 = boost::multiprecision::uint512_t;

constexpr std::size_t kOperands = 1024;  // a ring of inputs so results are not constant-folded

struct Inputs {
  std::vector<uint256> ours;
  std::vector<Boost256> boost;
};

// Full-width operands, with divisors of 1..4 limbs so division covers every Knuth path.
const Inputs& inputs() {
  static const Inputs in = [] {
    Inputs r;
    std::mt19937_64 rng(42);
    for (std::size_t i = 0; i < kOperands; ++i) {
      const std::size_t limbs = i % 2 == 0 ? 4 : 1 + rng() % 4;
      std::uint64_t w[4] = {};
      for (std::size_t j = 0; j < limbs; ++j) w[j] = rng();
      const uint256 v = uint256::from_limbs(w[0], w[1], w[2], w[3] | (limbs == 4 ? 1 : 0));
      Boost256 b = 0;
      for (std::size_t j = 4; j-- > 0;) b = (b << 64) | v.limb(j);
      r.ours.push_back(v);
      r.boost.push_back(b);
    }
    return r;
  }();
  return in;
}

template <typename T, typename Op>
void run_binary(benchmark::State& state, const std::vector<T>& v, Op op) {
  std::size_t i = 0;
  for (auto _ : state) {
    T r = op(v[i % kOperands], v[(i + 1) % kOperands], v[(i + 7) % kOperands]);
    benchmark::DoNotOptimize(r);
    ++i;
  }
}

Boost256 boost_mulmod(const Boost256& a, const Boost256& b, const Boost256& m) {
  return m == 0 ? Boost256(0) : Boost256((Boost512(a) * b % m).convert_to<Boost256>());
}
Boost256 boost_exp(Boost256 base, const Boost256& e) {
  Boost256 r = 1;
  for (unsigned bit = 0, n = static_cast<unsigned>(e == 0 ? 0 : msb(e) + 1); bit < n; ++bit) {
    if (bit_test(e, bit)) r *= base;
    base *= base;
  }
  return r;
}

void register_all() {
  const auto& ours = inputs().ours;
  const auto& boost = inputs().boost;
  auto reg = [](const std::string& name, auto fn) {
    benchmark::RegisterBenchmark(name.c_str(), fn);
  };
  reg("add/plexus", [&](benchmark::State& s) {
    run_binary(s, ours, [](auto& a, auto& b, auto&) { return a + b; });
  });
  reg("add/boost", [&](benchmark::State& s) {
    run_binary(s, boost, [](auto& a, auto& b, auto&) { return Boost256(a + b); });
  });
  reg("mul/plexus", [&](benchmark::State& s) {
    run_binary(s, ours, [](auto& a, auto& b, auto&) { return a * b; });
  });
  reg("mul/boost", [&](benchmark::State& s) {
    run_binary(s, boost, [](auto& a, auto& b, auto&) { return Boost256(a * b); });
  });
  reg("div/plexus", [&](benchmark::State& s) {
    run_binary(s, ours, [](auto& a, auto&, auto& c) { return a / c; });
  });
  reg("div/boost", [&](benchmark::State& s) {
    run_binary(s, boost, [](auto& a, auto&, auto& c) { return Boost256(a / c); });
  });
  reg("mulmod/plexus", [&](benchmark::State& s) {
    run_binary(s, ours, [](auto& a, auto& b, auto& c) { return mulmod(a, b, c); });
  });
  reg("mulmod/boost", [&](benchmark::State& s) {
    run_binary(s, boost, [](auto& a, auto& b, auto& c) { return boost_mulmod(a, b, c); });
  });
  reg("exp/plexus", [&](benchmark::State& s) {
    run_binary(s, ours, [](auto& a, auto& b, auto&) { return exp(a, b); });
  });
  reg("exp/boost", [&](benchmark::State& s) {
    run_binary(s, boost, [](auto& a, auto& b, auto&) { return boost_exp(a, b); });
  });
}

int run(const std::vector<std::string>& args) {
  register_all();
  return run_google_benchmarks("plexus-bench uint256", args);
}

}  // namespace

PLEXUS_BENCH_SUITE(uint256, "256-bit integer: plexus limbs vs Boost.Multiprecision", run);

}  // namespace plexus::bench
