// plexus-bench move: the interpreter on three loops against the same algorithm in C++
// (thread CPU time per loop iteration).
//   plexus-bench move [iterations]   (default 200000 loop iterations per program)
#include <cstdio>
#include <ctime>
#include <string>

#include "bench_cli.hpp"
#include "bench_registry.hpp"
#include "move/vm/loop_programs.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::bench {
namespace {

// CPU time of this thread: the build machines are shared, so wall-clock time would mostly
// measure the other processes.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename Fn>
double seconds(Fn&& fn) {
  const double start = thread_cpu_seconds();
  fn();
  return thread_cpu_seconds() - start;
}

int run_move(const std::vector<std::string>& args) {
  using namespace plexus::move;
  std::uint64_t n = 200'000;
  CLI::App app{"Move interpreter loops against the same loops in native C++"};
  app.name("plexus-bench move");
  app.add_option("iterations", n, "loop iterations")->capture_default_str();
  if (const auto exit = parse_options(app, args)) return *exit;
  ModuleStore store;
  if (auto r = store.publish(loop_programs_module()); !r) {
    std::fprintf(stderr, "publish failed: %s\n", r.error().to_string().c_str());
    return 1;
  }
  GlobalStorage storage;
  VmConfig config;
  config.gas_limit = ~std::uint64_t{0};
  MoveVm vm(store, storage, config);
  const ModuleId id{loop_programs_address(), "loops"};
  const std::pair<const char*, std::uint64_t (*)(std::uint64_t)> programs[] = {
      {"arith", native_arith_loop}, {"vector", native_vector_loop}, {"fields", native_fields_loop}};
  std::printf("%-8s %12s %12s %12s %10s %10s\n", "loop", "iterations", "move ns/it", "c++ ns/it",
              "slowdown", "gas");
  for (const auto& [name, native] : programs) {
    std::uint64_t vm_result = 0, native_result = 0, gas = 0;
    bool ok = true;
    const double vm_s = seconds([&] {
      const auto r = vm.execute(id, name, {}, {Value::u64(n)});
      ok = r.has_value();
      if (ok) {
        vm_result = r->returns[0].as_u64();
        gas = r->gas_used;
      }
    });
    // volatile keeps the compiler from folding the native loop away.
    volatile std::uint64_t input = n;
    const double native_s = seconds([&] { native_result = native(input); });
    if (!ok || vm_result != native_result) {
      std::fprintf(stderr, "%s: results differ\n", name);
      return 1;
    }
    const double per_vm = vm_s * 1e9 / static_cast<double>(n);
    const double per_native = native_s * 1e9 / static_cast<double>(n);
    std::printf("%-8s %12llu %12.1f %12.2f %9.0fx %10llu\n", name,
                static_cast<unsigned long long>(n), per_vm, per_native,
                per_native > 0 ? per_vm / per_native : 0.0, static_cast<unsigned long long>(gas));
  }
  return 0;
}

}  // namespace
}  // namespace plexus::bench

PLEXUS_BENCH_SUITE(move, "Move interpreter loops vs native C++", plexus::bench::run_move);
