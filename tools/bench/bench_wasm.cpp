// plexus-bench wasm [--wasm3 PATH] [--wamr PATH] [--repeat N]: runs the C benchmark programs of
// bench/wasm natively and as wasm32 modules under the interpreter (unmetered and metered), and
// optionally under external wasm3 / WAMR (iwasm) binaries, and reports the time of each and its
// ratio to native.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "bench_registry.hpp"
#include "wasm/runtime.hpp"

extern "C" {
unsigned bench_fib(unsigned);
unsigned bench_sieve(unsigned);
unsigned bench_matmul(unsigned);
unsigned bench_sha256(unsigned);
}
extern char** environ;

namespace plexus::bench {
namespace {

#ifndef PLEXUS_WASM_BENCH_DIR
#define PLEXUS_WASM_BENCH_DIR "bench/wasm"
#endif

struct Program {
  const char* name;
  unsigned arg;
  unsigned (*native)(unsigned);
};

const Program kPrograms[] = {
    {"fib", 32, bench_fib},
    {"sieve", 4, bench_sieve},
    {"matmul", 20, bench_matmul},
    {"sha256", 8, bench_sha256},
};

// Best wall time of `repeat` runs, in seconds.
double best_of(int repeat, const std::function<void()>& fn) {
  double best = 1e30;
  for (int i = 0; i < repeat; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    const std::chrono::duration<double> d = std::chrono::steady_clock::now() - start;
    best = std::min(best, d.count());
  }
  return best;
}

struct WasmRun {
  double seconds = 0;
  unsigned result = 0;
  bool ok = false;
};

WasmRun run_plexus(const Bytes& binary, const std::string& func, unsigned arg, bool metered,
                   int repeat) {
  wasm::CompileOptions options;
  options.metering = metered;
  auto compiled = wasm::compile_module(binary, options);
  if (!compiled) {
    std::printf("  compile failed: %s\n", compiled.error().to_string().c_str());
    return {};
  }
  WasmRun run;
  run.seconds = best_of(repeat, [&] {
    // A fresh store per run: the programs initialise their memory themselves.
    wasm::Store store;
    auto inst = store.instantiate(*compiled, {});
    if (!inst) return;
    const wasm::Extern* e = (*inst)->find_export(func);
    if (!e || e->kind != wasm::ExternKind::kFunc) return;
    store.set_gas(~std::uint64_t{0});
    const wasm::Value v = wasm::Value::i32(arg);
    auto out = store.invoke(e->func, {&v, 1});
    if (!out || out->trap != wasm::Trap::kNone) return;
    run.result = static_cast<unsigned>(out->results.at(0).bits);
    run.ok = true;
  });
  return run;
}

// Times an external runtime's command line on the same module (process start and load included,
// a few milliseconds). wasm3: `wasm3 --func NAME FILE ARG`; WAMR: `iwasm -f NAME FILE ARG`.
double run_external(const std::string& binary, const char* func_flag, const std::string& path,
                    const std::string& func, unsigned arg, int repeat) {
  return best_of(repeat, [&] {
    std::string a0 = binary, a1 = func_flag, a2 = func, a3 = path, a4 = std::to_string(arg);
    char* argv[] = {a0.data(), a1.data(), a2.data(), a3.data(), a4.data(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid;
    if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv, environ) == 0) {
      int status;
      waitpid(pid, &status, 0);
    }
    posix_spawn_file_actions_destroy(&actions);
  });
}

int run_suite(const std::vector<std::string>& args) {
  std::string wasm3, wamr;
  std::string dir = PLEXUS_WASM_BENCH_DIR;
  int repeat = 3;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--wasm3" && i + 1 < args.size()) {
      wasm3 = args[++i];
    } else if (args[i] == "--wamr" && i + 1 < args.size()) {
      wamr = args[++i];
    } else if (args[i] == "--dir" && i + 1 < args.size()) {
      dir = args[++i];
    } else if (args[i] == "--repeat" && i + 1 < args.size()) {
      repeat = std::max(1, std::stoi(args[++i]));
    } else {
      std::fprintf(stderr, "usage: plexus-bench wasm [--wasm3 PATH] [--wamr PATH] [--dir DIR] "
                           "[--repeat N]\n");
      return 2;
    }
  }
  std::printf("%-8s %10s %12s %8s %12s %8s", "program", "native ms", "plexus ms", "ratio",
              "metered ms", "ratio");
  if (!wasm3.empty()) std::printf(" %10s %8s", "wasm3 ms", "ratio");
  if (!wamr.empty()) std::printf(" %10s %8s", "wamr ms", "ratio");
  std::printf("\n");
  int status = 0;
  for (const Program& p : kPrograms) {
    const std::string path = dir + "/" + p.name + ".wasm";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::printf("%-8s missing %s (build with clang-19 available)\n", p.name, path.c_str());
      status = 1;
      continue;
    }
    const Bytes binary((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string func = std::string("bench_") + p.name;
    unsigned native_result = 0;
    const double native = best_of(repeat, [&] { native_result = p.native(p.arg); });
    const WasmRun plain = run_plexus(binary, func, p.arg, false, repeat);
    const WasmRun metered = run_plexus(binary, func, p.arg, true, repeat);
    if (!plain.ok || !metered.ok || plain.result != native_result ||
        metered.result != native_result) {
      std::printf("%-8s WRONG RESULT (native %u, plexus %u, metered %u)\n", p.name, native_result,
                  plain.result, metered.result);
      status = 1;
      continue;
    }
    std::printf("%-8s %10.2f %12.2f %7.1fx %12.2f %7.1fx", p.name, native * 1e3,
                plain.seconds * 1e3, plain.seconds / native, metered.seconds * 1e3,
                metered.seconds / native);
    if (!wasm3.empty()) {
      const double t = run_external(wasm3, "--func", path, func, p.arg, repeat);
      std::printf(" %10.2f %7.1fx", t * 1e3, t / native);
    }
    if (!wamr.empty()) {
      const double t = run_external(wamr, "-f", path, func, p.arg, repeat);
      std::printf(" %10.2f %7.1fx", t * 1e3, t / native);
    }
    std::printf("\n");
  }
  return status;
}

}  // namespace

PLEXUS_BENCH_SUITE(wasm, "WebAssembly interpreter vs native on C programs (bench/wasm)",
                   run_suite);

}  // namespace plexus::bench
