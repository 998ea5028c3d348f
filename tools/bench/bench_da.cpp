// plexus-bench da [--leopard LIB] [--check] [--rounds N] [--sizes K,K,...]: the data square on
// one core — extension, all row and column roots, both — for original widths 128 and 512 by
// default. With --leopard (catid/leopard built as a shared library outside the repository) it
// first checks that Leopard extends random squares of every width up to 512 to the same bytes
// (GF(2^16) at 256 and 512 on three squares each), then times Leopard's extension in the same
// rounds, interleaved with ours, and reports medians and the median per-round ratio. --check
// stops after the comparison (exit 1 on any difference).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bench_registry.hpp"
#include "da/leopard.hpp"
#include "da/square.hpp"
#include "da_leopard_peer.hpp"

namespace plexus::bench {
namespace {

Bytes random_original(std::size_t k, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(k * k * da::kShareSize);
  for (std::size_t i = 0; i < out.size(); i += 8) {
    const std::uint64_t v = rng();
    std::memcpy(out.data() + i, &v, 8);
  }
  // Ascending namespaces in row-major order keep rows and columns sorted, as a real square is.
  for (std::size_t i = 0; i < k * k; ++i) {
    Byte* s = out.data() + i * da::kShareSize;
    std::memset(s, 0, da::kNamespaceSize);
    s[da::kNamespaceSize - 3] = static_cast<Byte>(1 + (i >> 16));
    s[da::kNamespaceSize - 2] = static_cast<Byte>(i >> 8);
    s[da::kNamespaceSize - 1] = static_cast<Byte>(i);
  }
  return out;
}

// Leopard's extension into `eds` (4k^2 shares): Q0 copied in, then rows, columns and Q2's rows.
Result<void> leopard_square(LeopardPeer& peer, const Bytes& ods, std::size_t k, Bytes& eds) {
  eds.resize(4 * k * k * da::kShareSize);
  for (std::size_t r = 0; r < k; ++r)
    std::memcpy(eds.data() + r * 2 * k * da::kShareSize, ods.data() + r * k * da::kShareSize,
                k * da::kShareSize);
  return peer.extend(eds, k);
}

// Our codec driven exactly as leopard_square drives Leopard (the same buffer, copies and column
// gather), on a chosen instruction-set path: the like-for-like comparison of the two encoders.
void codec_square(da::leopard::Codec::Kernel kernel, const Bytes& ods, std::size_t k, Bytes& eds,
                  Bytes& column) {
  const std::size_t share = da::kShareSize, width = 2 * k;
  const auto at = [&](std::size_t r, std::size_t c) { return eds.data() + (r * width + c) * share; };
  const auto codec = *da::leopard::Codec::for_width(k);
  for (std::size_t r = 0; r < k; ++r) std::memcpy(at(r, 0), ods.data() + r * k * share, k * share);
  std::vector<const Byte*> in(k);
  std::vector<Byte*> out(k);
  const auto row = [&](std::size_t r) {
    for (std::size_t i = 0; i < k; ++i) {
      in[i] = at(r, i);
      out[i] = at(r, k + i);
    }
    codec->encode_with(kernel, in.data(), out.data(), share);
  };
  for (std::size_t r = 0; r < k; ++r) row(r);
  column.resize(2 * k * share);
  for (std::size_t c = 0; c < k; ++c) {
    for (std::size_t i = 0; i < k; ++i) {
      std::memcpy(column.data() + i * share, at(i, c), share);
      in[i] = column.data() + i * share;
      out[i] = column.data() + (k + i) * share;
    }
    codec->encode_with(kernel, in.data(), out.data(), share);
    for (std::size_t i = 0; i < k; ++i) std::memcpy(at(k + i, c), out[i], share);
  }
  for (std::size_t r = k; r < width; ++r) row(r);
}

bool compare_with_leopard(LeopardPeer& peer) {
  bool all = true;
  for (std::size_t k = 1; k <= da::kMaxOriginalWidth; k *= 2) {
    const int squares = k >= 256 ? 3 : 1;
    int same = 0;
    for (int seed = 1; seed <= squares; ++seed) {
      const Bytes ods = random_original(k, 1000 * k + static_cast<std::uint64_t>(seed));
      const auto ours = da::ExtendedSquare::extend(ods);
      Bytes theirs;
      const Result<void> status = leopard_square(peer, ods, k, theirs);
      if (!ours || !status) {
        std::printf("k=%zu: %s\n", k, !ours ? ours.error().message.c_str() : status.error().message.c_str());
        all = false;
        continue;
      }
      const BytesView mine = ours->bytes();
      if (std::equal(mine.begin(), mine.end(), theirs.begin())) {
        ++same;
      } else {
        const auto diff = std::mismatch(mine.begin(), mine.end(), theirs.begin());
        const std::size_t share = static_cast<std::size_t>(diff.first - mine.begin()) / da::kShareSize;
        std::printf("k=%zu seed %d: DIFFERS first at share (%zu, %zu)\n", k, seed, share / (2 * k),
                    share % (2 * k));
        all = false;
      }
    }
    std::printf("leopard agreement k=%-3zu %-9s %d/%d random squares byte-identical\n", k,
                2 * k > 256 ? "GF(2^16)" : "GF(2^8)", same, squares);
  }
  return all;
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

struct Sample {
  double cpu = 0, wall = 0;
};

template <class Fn>
Sample measure(Fn&& fn) {
  const double c0 = thread_cpu_ms();
  const auto w0 = std::chrono::steady_clock::now();
  fn();
  return Sample{thread_cpu_ms() - c0,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count()};
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

int time_size(std::size_t k, int rounds, LeopardPeer* peer) {
  const Bytes ods = random_original(k, 42 + k);
  // Leopard writes into one buffer allocated and touched before timing, while ours allocates its
  // square every time (as ExtendedSquare::extend does): the ratio errs against us.
  Bytes leopard_eds(4 * k * k * da::kShareSize, 1);
  std::vector<double> ext_cpu, ext_wall, leo_cpu, leo_wall, roots_cpu, roots_wall, both_cpu, ratio;
  using Kernel = da::leopard::Codec::Kernel;
  const bool avx2 = da::leopard::Codec::available(Kernel::kAvx2);
  const bool gfni = da::leopard::Codec::available(Kernel::kGfni);
  Bytes same_eds(4 * k * k * da::kShareSize, 1), column;
  std::vector<double> avx2_cpu, gfni_cpu, avx2_ratio, gfni_ratio;
  for (int round = -1; round < rounds; ++round) {  // round -1 warms up and is not counted
    std::optional<da::ExtendedSquare> eds;
    // Alternate which side goes first, so neither always runs on a warmer cache.
    const auto ours = [&] {
      return measure([&] { eds.emplace(*da::ExtendedSquare::extend(ods)); });
    };
    const auto theirs = [&] { return measure([&] { (void)leopard_square(*peer, ods, k, leopard_eds); }); };
    Sample a, b;
    if (peer && round % 2) {
      b = theirs();
      a = ours();
    } else {
      a = ours();
      if (peer) b = theirs();
    }
    Result<da::DataAvailabilityHeader> dah;
    const Sample r = measure([&] { dah = eds->header(); });
    if (!dah) {
      std::fprintf(stderr, "roots: %s\n", dah.error().message.c_str());
      return 1;
    }
    if (round < 0) continue;
    if (peer) {  // both of our paths on Leopard's terms, in the same round
      if (avx2) {
        const Sample x = measure([&] { codec_square(Kernel::kAvx2, ods, k, same_eds, column); });
        avx2_cpu.push_back(x.cpu);
        avx2_ratio.push_back(x.cpu / b.cpu);
      }
      if (gfni) {
        const Sample x = measure([&] { codec_square(Kernel::kGfni, ods, k, same_eds, column); });
        gfni_cpu.push_back(x.cpu);
        gfni_ratio.push_back(x.cpu / b.cpu);
      }
    }
    ext_cpu.push_back(a.cpu);
    ext_wall.push_back(a.wall);
    roots_cpu.push_back(r.cpu);
    roots_wall.push_back(r.wall);
    both_cpu.push_back(a.cpu + r.cpu);
    if (peer) {
      leo_cpu.push_back(b.cpu);
      leo_wall.push_back(b.wall);
      ratio.push_back(a.cpu / b.cpu);
    }
  }
  std::printf("\nk=%zu (%zux%zu original, %s), %d rounds, medians     cpu ms   wall ms\n", k, k, k,
              2 * k > 256 ? "GF(2^16)" : "GF(2^8)", rounds);
  std::printf("  extension, plexus                          %8.1f  %8.1f\n", median(ext_cpu), median(ext_wall));
  if (peer) {
    std::printf("  extension, leopard (same rounds)           %8.1f  %8.1f\n", median(leo_cpu), median(leo_wall));
    std::printf("  plexus / leopard: ratio of medians %.2f, median of per-round ratios %.2f\n",
                median(ext_cpu) / median(leo_cpu), median(ratio));
    std::printf("  like for like (Leopard's buffer and copies), plexus codec only:\n");
    if (avx2)
      std::printf("    AVX2 path %8.1f ms cpu, / leopard: median of per-round ratios %.2f\n",
                  median(avx2_cpu), median(avx2_ratio));
    if (gfni)
      std::printf("    GFNI path %8.1f ms cpu, / leopard: median of per-round ratios %.2f\n",
                  median(gfni_cpu), median(gfni_ratio));
  }
  std::printf("  all %zu row and column roots, plexus         %8.1f  %8.1f\n", 4 * k, median(roots_cpu),
              median(roots_wall));
  std::printf("  extension + roots, plexus                  %8.1f\n", median(both_cpu));
  return 0;
}

int run(const std::vector<std::string>& args) {
  std::string leopard;
  bool check_only = false;
  int rounds = 0;
  std::vector<std::size_t> sizes{128, 512};
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--leopard" && i + 1 < args.size()) {
      leopard = args[++i];
    } else if (args[i] == "--check") {
      check_only = true;
    } else if (args[i] == "--rounds" && i + 1 < args.size()) {
      rounds = std::stoi(args[++i]);
    } else if (args[i] == "--sizes" && i + 1 < args.size()) {
      sizes.clear();
      std::size_t pos = 0;
      const std::string& list = args[++i];
      while (pos < list.size()) {
        const std::size_t comma = std::min(list.find(',', pos), list.size());
        sizes.push_back(std::stoul(list.substr(pos, comma - pos)));
        pos = comma + 1;
      }
    } else {
      std::fprintf(stderr, "usage: plexus-bench da [--leopard LIB] [--check] [--rounds N] [--sizes 128,512]\n");
      return 2;
    }
  }
  std::unique_ptr<LeopardPeer> peer;
  if (!leopard.empty()) {
    auto loaded = LeopardPeer::load(leopard);
    if (!loaded) {
      std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
      return 2;
    }
    peer = std::move(*loaded);
    const bool same = compare_with_leopard(*peer);
    if (!same) std::printf("leopard agreement: FAILED\n");
    if (check_only || !same) return same ? 0 : 1;
  } else if (check_only) {
    std::fprintf(stderr, "--check needs --leopard LIB\n");
    return 2;
  }
  for (const std::size_t k : sizes) {
    if (da::original_width_of(k * k * da::kShareSize).value_or(0) != k) {
      std::fprintf(stderr, "--sizes: %zu is not a power of two up to 512\n", k);
      return 2;
    }
    if (time_size(k, rounds > 0 ? rounds : (k >= 256 ? 7 : 21), peer.get()) != 0) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace plexus::bench

PLEXUS_BENCH_SUITE(da, "data square: extension and NMT roots (optionally vs catid/leopard)",
                   plexus::bench::run);
